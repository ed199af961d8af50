"""The parcels issue end to end: a serial scanner on a pty, check-in, export, pickup, receipt bytes;
and the assisted purchase that arrives as a parcel and leaves with its balance paid."""

from __future__ import annotations

import csv
import datetime as dt
import uuid

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from sqlalchemy import select

from pos.cli import main
from pos.db.models import Parcel, Villager
from pos.db.models.payment import Payment
from pos.db.models.purchase import PurchaseOrder
from pos.ui.pages.checkin import CheckinPage
from pos.ui.pages.pickup.pickup_page import PickupPage
from pos.ui.pages.purchases import PurchasesPage
from pos.ui.pages.purchases.new_order_dialog import NewOrderDialog

from .conftest import log_in, press, pty_only, text_of

ZTO = "73100118865046"
YTO = "YT7512345678901"
PHONE = "13812345678"


def wait_scanner(qtbot, station) -> None:
    qtbot.waitUntil(lambda: station.hub._scanner is not None and station.hub._scanner.connected, timeout=5000)


def wait_jobs(qtbot, station, n: int) -> list[bytes]:
    qtbot.waitUntil(lambda: len(station.job_bytes()) >= n, timeout=10000)
    return station.job_bytes()


class _KeyCount(QObject):
    """Key presses the partner makes (spontaneous presses only)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        # the first receiver of a typed key is the field; a key a field passes on reaches its
        # parents too, and is not counted again there
        if event.type() == QEvent.Type.KeyPress and event.spontaneous() and isinstance(obj, QLineEdit):
            self.count += 1
        return False


def scan_and_type_phone(qtbot, station, waybill: str, typed: str = PHONE) -> CheckinPage:
    """One check-in from the keyboard: the scan counts as one key; prints the keys it took."""
    page = station.page()
    assert isinstance(page, CheckinPage)
    counter = _KeyCount()
    QApplication.instance().installEventFilter(counter)
    try:
        station.scanner.scan(waybill)
        qtbot.waitUntil(lambda: page.form.isVisible(), timeout=5000)
        assert waybill in page.form.parcel.text()
        qtbot.keyClicks(page.form.phone, typed)
        qtbot.keyClick(page.form.phone, Qt.Key.Key_Return)
    finally:
        QApplication.instance().removeEventFilter(counter)
    assert page.last_result is not None and page.last_result.parcel.waybill == waybill, page.message.text()
    keys = 1 + counter.count
    print(f"keys per check-in ({'whole phone' if len(typed) == 11 else 'phone tail'}): {keys}")
    KEYS_PER_CHECKIN.append(keys)
    return page


KEYS_PER_CHECKIN: list[int] = []


def pick_up_by_tail(qtbot, station, waybill: str) -> PickupPage:
    press(qtbot, station.window, Qt.Key.Key_F3)
    page = station.page()
    assert isinstance(page, PickupPage)
    qtbot.keyClicks(page.query, PHONE[-4:])
    qtbot.keyClick(page.query, Qt.Key.Key_Return)
    assert page.group is not None, page.status.text()
    station.scanner.scan(waybill)  # the parcel fetched from the shelf, scanned at the counter
    qtbot.waitUntil(lambda: len(page.scanned) == 1, timeout=5000)
    return page


@pty_only
def test_scan_check_in_export_pick_up_and_receipts(qtbot, station, tmp_path):
    log_in(qtbot, station)
    press(qtbot, station.window, Qt.Key.Key_F2)
    wait_scanner(qtbot, station)

    # check-in: scan on the serial scanner, type the phone, Enter; the label prints
    KEYS_PER_CHECKIN.clear()
    page = scan_and_type_phone(qtbot, station, ZTO)  # a newcomer: the whole number
    assert KEYS_PER_CHECKIN == [13]  # scan + 11 digits + Enter
    parcel = page.last_result.parcel
    assert parcel.pickup_code and parcel.phone_display == "138****5678"
    [label] = wait_jobs(qtbot, station, 1)
    text = text_of(label)
    assert parcel.pickup_code in text and "138****5678" in text
    assert "中通快递" in text and "清水村服务站" in text  # Chinese, GB18030-encoded
    assert "中通快递".encode("gb18030") in label and "中通快递".encode() not in label

    # export, the way a partner runs it from a terminal (in-process)
    out = tmp_path / "parcels.csv"
    assert main(["--data-dir", str(station.data_dir), "export", "parcels", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 1
    row = rows[0]
    for column in ("waybill", "carrier", "status", "pickup_code", "phone", "recipient_name", "checked_in_at"):
        assert column in row
    assert (row["waybill"], row["carrier"], row["status"], row["pickup_code"], row["phone"]) == (
        ZTO, "ZTO", "in_stock", parcel.pickup_code, PHONE)
    checked_in = dt.datetime.fromisoformat(row["checked_in_at"])
    assert checked_in.tzinfo is not None and checked_in.utcoffset() is not None
    assert abs(checked_in - parcel.checked_in_at) < dt.timedelta(seconds=1)

    # pickup: F3, the last four digits, the parcel scanned through the pty, Enter hands it over
    pickup_page = pick_up_by_tail(qtbot, station, ZTO)
    qtbot.keyClick(pickup_page.query, Qt.Key.Key_Return)
    receipt = wait_jobs(qtbot, station, 2)[1]
    with station.ctx.db.reader() as s:
        p = s.scalar(select(Parcel).where(Parcel.waybill == ZTO))
        assert p.status == "picked_up" and p.handed_over_by == "王小明"
    text = text_of(receipt)
    number = next(ref for kind, ref, _ in station.print_jobs() if kind == "pickup")
    assert number.startswith("Q") and number in text
    assert "138****5678" in text and PHONE not in text
    assert "取件凭条" in text or "取件" in text
    qtbot.waitUntil(lambda: all(status == "printed" for _, _, status in station.print_jobs()), timeout=10000)
    assert [(k, r) for k, r, _ in station.print_jobs()] == [("shelf_label", parcel.pickup_code), ("pickup", number)]
    assert station.printer_file.read_bytes() == b"".join(station.job_bytes())


def add_villager(db) -> uuid.UUID:
    with db.unit_of_work() as s:
        v = Villager(name="张桂英", name_initials="zgy", phone=PHONE, phone_masked="138****5678", phone_tail="5678")
        s.add(v)
        s.flush()
        return v.id


@pty_only
def test_assisted_purchase_arrives_by_scan_and_leaves_with_its_balance(qtbot, station, monkeypatch):
    from pos.services.shifts import drawer as shifts
    from pos.services.clock import system_clock

    villager_id = add_villager(station.ctx.db)
    log_in(qtbot, station)
    wait_scanner(qtbot, station)
    # money is taken only in an open shift (the F4 page asks otherwise): the day starts with one
    shifts.open_shift(station.ctx.db, station.ctx.operator, system_clock, 20000)

    # F4: the order, ¥50 deposit in cash; its receipt prints
    press(qtbot, station.window, Qt.Key.Key_F4)
    page = station.page()
    assert isinstance(page, PurchasesPage)

    def fill(dlg):
        qtbot.keyClicks(dlg.picker.search, "5678")
        qtbot.keyClick(dlg.picker.search, Qt.Key.Key_Return)
        dlg.items.set_row(0, "美的电饭煲 4L", "1", "259.00", "美的官方旗舰店")
        dlg.platform.insert("3581204467712")
        dlg.fee.setText("5")
        dlg.plan.setCurrentIndex(dlg.plan.findData("deposit"))
        dlg.deposit.setText("50")
        qtbot.keyClick(dlg, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert dlg.order is not None, dlg.error.text()

    def fake_exec(dlg):
        from PySide6.QtWidgets import QApplication

        dlg.show()
        dlg.activateWindow()
        QApplication.processEvents()
        fill(dlg)
        return dlg.result()

    monkeypatch.setattr(NewOrderDialog, "exec", fake_exec)
    page.new_button.click()
    order = page.detail.order
    assert order is not None and order.villager_id == villager_id
    assert (order.total_fen, order.paid_fen, order.due_fen) == (26400, 5000, 21400)

    # the seller ships: the waybill scanned on the open order, through the serial scanner
    station.scanner.scan(YTO.lower())
    qtbot.waitUntil(lambda: _order(station).status == "shipped", timeout=5000)

    # F2: the courier brings it; a pty scan, the phone, Enter: the order has arrived
    press(qtbot, station.window, Qt.Key.Key_F2)
    KEYS_PER_CHECKIN.clear()
    # a villager in the register: the last four digits of the phone are enough
    checkin_page = scan_and_type_phone(qtbot, station, YTO, typed=PHONE[-4:])
    assert KEYS_PER_CHECKIN == [6]  # scan + 4 digits + Enter
    result = checkin_page.last_result
    assert result.purchase_order == order.number and result.parcel.villager_id == villager_id
    assert result.notice_text.endswith(f"（代购单 {order.number}）")
    assert _order(station).status == "arrived"

    # F3: the villager pays the balance by mobile; the parcel leaves, the order is collected
    pickup_page = pick_up_by_tail(qtbot, station, YTO)
    assert pickup_page.group.due_fen == 21400

    def pay(dlg):
        dlg.mobile.setChecked(True)
        dlg.accept()
        return dlg.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(pickup_page, "run_dialog", pay)
    qtbot.keyClick(pickup_page.query, Qt.Key.Key_Return)
    done = _order(station)
    assert (done.status, done.paid_fen) == ("collected", 26400)
    with station.ctx.db.reader() as s:
        ledger = [(p.purpose, p.method, p.amount_fen) for p in s.scalars(select(Payment).order_by(Payment.at))]
    assert ledger == [("purchase_deposit", "cash", 5000), ("purchase_balance", "mobile", 21400)]

    # every receipt printed: the order, the shelf label, the pickup receipt
    qtbot.waitUntil(lambda: len(station.print_jobs()) >= 3
                    and all(status == "printed" for _, _, status in station.print_jobs()), timeout=10000)
    jobs = station.print_jobs()
    kinds = [(k, r) for k, r, _ in jobs]
    assert kinds[0] == ("receipt", order.number)
    assert ("shelf_label", result.parcel.pickup_code) in kinds
    pickup_number = next(r for k, r in kinds if k == "pickup")
    data = station.job_bytes()
    assert len(data) == len(jobs)
    order_text, label_text, pickup_text = (text_of(data[kinds.index(k)]) for k in
                                           (("receipt", order.number), ("shelf_label", result.parcel.pickup_code),
                                            ("pickup", pickup_number)))
    assert order.number in order_text and "美的电饭煲" in order_text
    assert result.parcel.pickup_code in label_text and "138****5678" in label_text
    assert "张" in label_text and "圆通速递" in label_text  # the label shows the surname only
    assert pickup_number in pickup_text and "138****5678" in pickup_text and "214.00" in pickup_text


def _order(station) -> PurchaseOrder:
    with station.ctx.db.reader() as s:
        o = s.scalars(select(PurchaseOrder)).one()
        s.expunge(o)
        return o
