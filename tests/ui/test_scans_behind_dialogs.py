"""A scan never reaches the page behind a dialog: every dialog that can be open while a scanner is
live either takes the scan itself or refuses it with the error sound and a line in the dialog."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import uuid
from types import SimpleNamespace

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

import pos.ui
from pos.devices.hub import DeviceHub
from pos.domain.carriers import load_rules
from pos.domain.waybill import Recognition
from pos.services.clock import system_clock
from pos.services.parcels.recipients import VillagerMatch
from pos.services.shifts import drawer as shifts
from pos.services.villagers.csv_io import ImportResult
from pos.ui.main_window import MainWindow
from pos.ui.scan_router import REFUSAL_LINE

CODE = "6920152400777"


class ScanPage(QWidget):
    def __init__(self, ctx):
        super().__init__()
        self.codes = []
        QVBoxLayout(self).addWidget(QLabel("scan page"))

    def handle_scan(self, code):
        self.codes.append(code)


def _villager():
    return SimpleNamespace(id=uuid.uuid4(), name="张三", balance_fen=0, phone="", phone_masked="138****0000")


def _order():
    return SimpleNamespace(id=uuid.uuid4(), number="P20261122-0001", due_fen=1200, villager_id=None, items=[],
                           fee_refundable_fen=0)


def _sale():
    return SimpleNamespace(number="R20261122-0001", completed_at=dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc),
                           total_fen=200, villager_name="", lines=[])


def _stop():
    return SimpleNamespace(key="k", recipient_name="张三", phone_masked="138****0000", address="一组", due_fen=300,
                           parcels=(), village_group="一组")


def _open_shift(ctx):
    shifts.open_shift(ctx.db, ctx.operator, system_clock, 10000)


# every QDialog of pos/ui: how to make one, and what a scan does there ("takes": handle_scan, and
# how to tell it arrived; None: refused)
def _factories():
    from pos.ui.counter_dialog import CounterNameDialog
    from pos.ui.help_panel import HelpDialog
    from pos.ui.owner_approval import OwnerPinDialog
    from pos.ui.pages.checkin.pickers import CarrierPickerDialog, HistoryDialog, VillagerPickerDialog
    from pos.ui.pages.notices_page import NoticesDialog
    from pos.ui.pages.parcels_admin.admin_window import ParcelsAdminWindow
    from pos.ui.pages.parcels_admin.delivery_tab import DeliveredDialog
    from pos.ui.pages.parcel_widgets.dialogs import NoScanDialog, PaymentDialog as PickupPaymentDialog, ProxyDialog
    from pos.ui.pages.pickup.pickup_page import LeftBehindQuestion
    from pos.ui.pages.purchases.cash_received import CashReceivedDialog
    from pos.ui.pages.purchases.new_order_dialog import NewOrderDialog
    from pos.ui.pages.purchases.payment_dialog import PaymentDialog as PurchasePaymentDialog
    from pos.ui.pages.purchases.refund_dialog import RefundDialog as PurchaseRefundDialog
    from pos.ui.pages.sales.product_dialog import ProductDialog
    from pos.ui.pages.sales.products_dialog import ProductsDialog
    from pos.ui.pages.sales.receipts_dialog import ReceiptsDialog
    from pos.ui.pages.sales.refund_dialog import RefundDialog as SaleRefundDialog
    from pos.ui.pages.sales.tender_dialog import TenderDialog
    from pos.ui.pages.settings.user_dialog import UserDialog
    from pos.ui.pages.shift.cash_dialog import CashMoveDialog
    from pos.ui.pages.shift.close_dialog import CloseShiftDialog
    from pos.ui.pages.shift.keyboard_dialog import KeyboardDialog
    from pos.ui.pages.shift.open_dialog import OpenShiftDialog
    from pos.ui.pages.villagers.balance_dialog import PAYMENT, BalanceDialog
    from pos.ui.pages.villagers.consent_dialog import ConsentDialog
    from pos.ui.pages.villagers.import_report import ImportReportDialog
    from pos.ui.join_station_dialog import JoinStationDialog
    from pos.ui.receipt_preview import ReceiptPreviewDialog
    from pos.ui.shift_prompt import NoShiftQuestion
    from pos.ui.weighing import WeighDialog

    rules = load_rules()
    rec = Recognition("SF1234567890123", (), True, "SF", False)
    match = VillagerMatch(uuid.uuid4(), "张三", "138****0000", "一组", "", "13800000000")
    refused = None
    return {
        HelpDialog: (lambda ctx, w: HelpDialog("Sales", "Sell goods", [("Alt+Q", "Quantity")], w), refused),
        OwnerPinDialog: (lambda ctx, w: OwnerPinDialog(ctx, "do it", "test.action", w), refused),
        CarrierPickerDialog: (lambda ctx, w: CarrierPickerDialog(rec, rules, "zh_CN", w), refused),
        VillagerPickerDialog: (lambda ctx, w: VillagerPickerDialog([match], "张三", w), refused),
        HistoryDialog: (lambda ctx, w: HistoryDialog("SF1234567890123", (), rules, "zh_CN", w), refused),
        NoticesDialog: (lambda ctx, w: NoticesDialog(ctx, w), refused),
        ParcelsAdminWindow: (lambda ctx, w: ParcelsAdminWindow(ctx, system_clock, w),
                             "handled"),
        DeliveredDialog: (lambda ctx, w: DeliveredDialog(ctx, _stop(), w), refused),
        ProxyDialog: (lambda ctx, w: ProxyDialog("张三", parent=w), refused),
        NoScanDialog: (lambda ctx, w: NoScanDialog([(uuid.uuid4(), "SF1 张三")], w), refused),
        PickupPaymentDialog: (lambda ctx, w: PickupPaymentDialog(ctx, 200, [("fee", 200)], w), refused),
        NewOrderDialog: (lambda ctx, w: NewOrderDialog(ctx, system_clock, w), refused),
        PurchasePaymentDialog: (lambda ctx, w: PurchasePaymentDialog(ctx, system_clock, _order(), w), refused),
        PurchaseRefundDialog: (lambda ctx, w: PurchaseRefundDialog(ctx, system_clock, _order(), False, w), refused),
        ProductDialog: (lambda ctx, w: ProductDialog(ctx, parent=w), lambda d: d.barcode.text() == CODE),
        ProductsDialog: (lambda ctx, w: ProductsDialog(ctx, parent=w), lambda d: d.filter.text() == CODE),
        ReceiptsDialog: (lambda ctx, w: ReceiptsDialog(ctx, parent=w), lambda d: d.filter.text() == CODE),
        SaleRefundDialog: (lambda ctx, w: SaleRefundDialog(_sale(), w), refused),
        TenderDialog: (lambda ctx, w: TenderDialog(ctx, 200, w), refused),
        UserDialog: (lambda ctx, w: UserDialog("New user", None, w), refused),
        KeyboardDialog: (lambda ctx, w: KeyboardDialog(w), refused),
        CashMoveDialog: (lambda ctx, w: (_open_shift(ctx), CashMoveDialog(ctx, "cash_in", w))[1], refused),
        CloseShiftDialog: (lambda ctx, w: (_open_shift(ctx), CloseShiftDialog(ctx, w))[1], refused),
        OpenShiftDialog: (lambda ctx, w: OpenShiftDialog(ctx, w), refused),
        BalanceDialog: (lambda ctx, w: BalanceDialog(PAYMENT, _villager(), lambda *a: None, w), refused),
        ConsentDialog: (lambda ctx, w: ConsentDialog(ctx, _villager(), w), refused),
        ImportReportDialog: (lambda ctx, w: ImportReportDialog(ImportResult(0, 0, 0, ()), "v.csv", parent=w), refused),
        ReceiptPreviewDialog: (lambda ctx, w: ReceiptPreviewDialog(Image.new("L", (384, 200), 255), w), refused),
        NoShiftQuestion: (lambda ctx, w: NoShiftQuestion(w), refused),
        WeighDialog: (lambda ctx, w: WeighDialog(ctx, "散装大米", "jin", 300, w), refused),
        CashReceivedDialog: (lambda ctx, w: CashReceivedDialog(29400, w), refused),
        LeftBehindQuestion: (lambda ctx, w: LeftBehindQuestion("还有 1 件未交付", "交付", "继续扫描", w), refused),
        CounterNameDialog: (lambda ctx, w: CounterNameDialog("pc-back", lambda name: None, w), refused),
        JoinStationDialog: (lambda ctx, w: JoinStationDialog(ctx.paths.root, w), refused),
        QMessageBox: (lambda ctx, w: QMessageBox(QMessageBox.Icon.Warning, "Title", "Something to answer",
                                                 QMessageBox.StandardButton.Ok, w), refused),
    }


FACTORIES = _factories()


def test_every_dialog_of_the_app_is_in_the_table():
    found = set()
    for mod in pkgutil.walk_packages(pos.ui.__path__, "pos.ui."):
        m = importlib.import_module(mod.name)
        for _name, obj in inspect.getmembers(m, inspect.isclass):
            if issubclass(obj, QDialog) and obj.__module__.startswith("pos.ui") and not obj.__name__.startswith("_"):
                found.add(obj)
    missing = {c.__qualname__ + " in " + c.__module__ for c in found - set(FACTORIES)}
    assert not missing, f"add these dialogs to FACTORIES: {sorted(missing)}"


@pytest.fixture
def window(qtbot, ctx, owner, monkeypatch):
    beeps = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    from pos.services.hardware import device_settings

    hub = DeviceHub(ctx.db, ctx.paths, load_config=device_settings.loader(ctx.db))
    ctx.devices = hub
    w = MainWindow(ctx, {"checkin": ScanPage})
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.keyClicks(w.current_screen().pin, "1234")
    from PySide6.QtCore import Qt

    qtbot.keyClick(w.current_screen().pin, Qt.Key.Key_Return)
    assert w.is_logged_in()
    return SimpleNamespace(w=w, hub=hub, beeps=beeps, page=w.workspace.pages["checkin"])


@pytest.mark.parametrize("cls", list(FACTORIES), ids=lambda c: c.__module__.rsplit(".", 1)[-1] + "." + c.__name__)
def test_a_scan_never_reaches_the_page_behind_a_dialog(qtbot, ctx, window, cls, monkeypatch):
    make, takes = FACTORIES[cls]
    dlg = make(ctx, window.w)
    qtbot.addWidget(dlg)
    got = []
    if takes == "handled":
        monkeypatch.setattr(dlg, "handle_scan", got.append)
    dlg.open()  # window-modal, as the pages open their questions (exec() makes it modal the same way)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dlg)
    window.hub.scanned.emit(CODE)
    assert window.page.codes == []
    if takes is None:
        assert window.beeps == [1]
        line = dlg.findChild(QLabel, REFUSAL_LINE)
        assert line is not None and line.isVisible() and CODE in line.text()
    elif takes == "handled":
        assert got == [CODE] and window.beeps == []
    else:
        assert takes(dlg) and window.beeps == []
    dlg.done(0)
    window.hub.scanned.emit(CODE)  # closed: the page has it again
    assert window.page.codes == [CODE]


def test_the_preview_printer_shows_beside_the_page_and_scans_still_reach_it(qtbot, window):
    before = set(QApplication.topLevelWidgets())
    focus = QApplication.focusWidget()
    window.w._show_preview(Image.new("L", (384, 200), 255))
    panel = window.w.workspace.preview
    assert panel.isVisible() and not panel.image_label.pixmap().isNull()
    assert not [w for w in set(QApplication.topLevelWidgets()) - before if w.isVisible()]  # no window
    assert QApplication.focusWidget() is focus and QApplication.activeWindow() is window.w
    assert window.w.status.currentMessage() == panel.note  # "nothing was printed"
    window.hub.scanned.emit(CODE)
    assert window.page.codes == [CODE] and window.beeps == []


def test_a_second_refused_scan_reuses_the_line(qtbot, ctx, window):
    dlg = QMessageBox(QMessageBox.Icon.Question, "T", "Q?", QMessageBox.StandardButton.Ok, window.w)
    qtbot.addWidget(dlg)
    dlg.open()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dlg)
    window.hub.scanned.emit(CODE)
    window.hub.scanned.emit("6921168509256")
    lines = dlg.findChildren(QLabel, REFUSAL_LINE)
    assert len(lines) == 1 and "6921168509256" in lines[0].text()
    assert window.beeps == [1, 1]
