import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from pos.services import settings as st
from pos.services.pickup.settings import DELIVERY_FEE_FEN
from pos.ui.pages.parcels_admin.admin_page import ParcelsAdminPage
from tests.ui_context import shown

from .docs_text import doc_text

from .factory import make_parcel, make_villager, status_of


@pytest.fixture
def admin(qtbot, ctx, logged_in, clock):
    return shown(qtbot, ParcelsAdminPage(ctx, clock=clock), active=False)


def test_overdue_reminders_and_return_batch(qtbot, admin, ctx, database):
    old = make_parcel(database, days_ago=8)
    remind = make_parcel(database, days_ago=4)
    young = make_parcel(database, days_ago=1)
    admin.overdue.refresh()
    assert admin.overdue.table.rowCount() == 2
    qtbot.keyClick(admin.overdue.waybill, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert status_of(database, remind.id).reminded_at is not None
    admin.handle_scan(old.waybill)
    admin.overdue.ask_reason = lambda err: ""
    admin.handle_scan(young.waybill)  # not overdue, no reason given: stays out
    assert [p.id for p in admin.overdue.batch.parcels] == [old.id]
    admin.overdue.ask_reason = lambda err: "村民拒收"
    admin.handle_scan(young.waybill)
    assert len(admin.overdue.batch.parcels) == 2
    admin.overdue.batch_table.setCurrentCell(1, 0)
    qtbot.keyClick(admin.overdue.batch_table, Qt.Key.Key_Delete)
    assert len(admin.overdue.batch.parcels) == 1
    qtbot.keyClick(admin.overdue.waybill, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert status_of(database, old.id).status == "returned"
    kind, ref, doc = ctx.devices.printed[-1]
    assert kind == "return_slip" and old.waybill in doc_text(doc)


def test_reconciliation_print_export_and_stocktake(qtbot, admin, ctx, database, tmp_path):
    a = make_parcel(database)
    b = make_parcel(database)
    qtbot.keyClick(admin, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    tab = admin.reconciliation
    assert admin.tabs.currentWidget() is tab
    assert tab.table.item(0, 1).text() == "2"
    tab.print_sheet()
    assert ctx.devices.printed[-1][0] == "reconciliation"
    out = tmp_path / "sheet.csv"
    tab.ask_path = lambda: str(out)
    qtbot.keyClick(tab.day, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert out.read_text(encoding="utf-8-sig").startswith("day,carrier")
    admin.handle_scan(a.waybill)
    assert tab.status.refused  # no stocktake yet
    qtbot.keyClick(tab.day, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    admin.handle_scan(a.waybill)
    admin.handle_scan("SF1023574626292")
    assert tab.status.refused
    tab.finish_stocktake()
    assert tab.missing.rowCount() == 1 and tab.missing.item(0, 0).text() == b.waybill
    assert tab.unexpected.rowCount() == 1


def test_delivery_mark_run_and_record(qtbot, admin, ctx, database, boss):
    st.save(database, boss, {DELIVERY_FEE_FEN: 300})
    vid = make_villager(database)
    tv = make_parcel(database, phone="13900001111", villager_id=vid, code="C-1-0001")
    other = make_parcel(database, phone="13700000000", code="C-1-0002")
    zhao = make_parcel(database, phone="13900002222", villager_id=make_villager(database, "赵大爷", "13900002222"),
                       code="C-1-0003")
    qtbot.keyClick(admin, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    tab = admin.delivery
    qtbot.keyClicks(tab.code, "c-1-0001")
    qtbot.keyClick(tab.code, Qt.Key.Key_Return)
    admin.handle_scan(other.waybill)  # not a registered villager: no consent, no delivery
    assert tab.status.refused and "同意" in tab.status.text()
    admin.handle_scan(zhao.waybill)
    assert tab.waiting.rowCount() == 2
    tab.waiting.setCurrentCell(1, 0)
    tab.unmark_selected()
    assert tab.waiting.rowCount() == 1
    tab.start_run()
    kind, ref, doc = ctx.devices.printed[-1]
    text = doc_text(doc)
    assert kind == "delivery_run" and "三组" in text and "清水村三组12号" in text and "3.00" in text
    assert status_of(database, tv.id).status == "out_for_delivery"

    def deliver(dlg):
        dlg.accept()
        return dlg.result() == QDialog.DialogCode.Accepted

    tab.run_dialog = deliver
    tab.stops.setCurrentCell(0, 0)
    tab.record_delivered()
    assert not tab.status.refused, tab.status.text()
    assert status_of(database, tv.id).status == "picked_up"
    assert "王奶奶" in tab.status.text()


def test_money_at_the_door_waits_for_an_open_shift(qtbot, admin, ctx, database, boss):
    """Issue 14: recording a paid stop asks for an open shift first (ctx.money_gate)."""
    st.save(database, boss, {DELIVERY_FEE_FEN: 300})
    tv = make_parcel(database, phone="13900001111", villager_id=make_villager(database), code="C-1-0001")
    tab = admin.delivery
    admin.tabs.setCurrentWidget(tab)
    admin.handle_scan(tv.waybill)
    tab.start_run()
    asked, dialogs = [], []
    ctx.money_gate = lambda parent: asked.append(parent) or False
    tab.run_dialog = lambda dlg: dialogs.append(dlg) or False
    tab.stops.setCurrentCell(0, 0)
    tab.record_delivered()
    assert asked == [tab] and dialogs == [] and tab.status.refused
    assert status_of(database, tv.id).status == "out_for_delivery"


def test_search_and_history_by_scan(qtbot, admin, database):
    a = make_parcel(database, name="张三")
    qtbot.keyClick(admin, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    admin.handle_scan(a.waybill)
    tab = admin.search
    assert tab.results.rowCount() == 1
    assert tab.events.rowCount() == 1 and tab.events.item(0, 2).text() == "李芳"
    tab.text.clear()
    qtbot.keyClicks(tab.text, "zzz-no")
    qtbot.keyClick(tab.text, Qt.Key.Key_Return)
    assert tab.results.rowCount() == 0


def test_settings_tab_saves_as_owner(qtbot, ctx, logged_in, database):
    from pos.services.pickup import settings as pickup_settings
    from pos.ui.pages.settings.pickup_tab import PickupSettingsTab

    tab = PickupSettingsTab(ctx)
    qtbot.addWidget(tab)
    tab.reminder.setValue(2)
    tab.ret.setValue(5)
    tab.storage.setText("0.50")
    tab.delivery.setText("2")
    tab.submit()
    cfg = pickup_settings.load(database)
    assert (cfg.reminder_age_days, cfg.return_age_days, cfg.storage_fee_per_day_fen, cfg.delivery_fee_fen) == \
        (2, 5, 50, 200)
    tab.ret.setValue(2)  # not after the reminder: refused, nothing saved
    tab.submit()
    assert tab.error.isVisibleTo(tab) and pickup_settings.load(database).return_age_days == 5
    tab.load()
    tab.template.setPlainText("{station} {phone}")
    tab.submit()
    assert tab.error.text()


def test_search_down_from_the_box_enters_the_results_and_the_filters_only_open(qtbot, admin, database):
    make_parcel(database, name="张三")
    make_parcel(database, name="张三")
    qtbot.keyClick(admin, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    tab = admin.search
    tab.text.setFocus()
    tab.text.setText("张三")  # QTest cannot type Chinese
    qtbot.keyClick(tab.text, Qt.Key.Key_Return)
    assert tab.results.rowCount() == 2
    tab.text.setFocus()
    qtbot.keyClick(tab.text, Qt.Key.Key_Down)
    assert tab.results.hasFocus() and tab.results.currentRow() == 0
    before = tab.status_box.currentIndex()
    tab.status_box.setFocus()
    qtbot.keyClick(tab.status_box, Qt.Key.Key_Down)
    assert tab.status_box.currentIndex() == before
    tab.status_box.hidePopup()


def test_history_names_what_a_check_in_queued_and_the_old_kinds_in_chinese(qtbot, admin, database):
    """Today's check-in is one event naming its notice and label; a parcel checked in before that
    has three, and none of them is shown as a raw kind such as 'label_printed'."""
    import json

    from pos.db.models import ParcelEvent

    a = make_parcel(database, name="张三")
    with database.unit_of_work() as s:
        s.add(ParcelEvent(parcel_id=a.id, at=a.checked_in_at, kind="checked_in", operator="李芳",
                          details=json.dumps({"carrier": "ZTO", "notice": "n1", "label_job": "j1"})))
        for kind in ("notice_queued", "label_printed", "phone_added"):
            s.add(ParcelEvent(parcel_id=a.id, at=a.checked_in_at, kind=kind, operator="李芳", details="{}"))
    qtbot.keyClick(admin, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # the search tab
    admin.handle_scan(a.waybill)
    tab = admin.search
    rows = [[tab.events.item(r, c).text() for c in range(tab.events.columnCount())]
            for r in range(tab.events.rowCount())]
    assert any("加入待发通知" in r[3] and "打印标签" in r[3] for r in rows)
    kinds = {r[1] for r in rows}
    assert {"加入待发通知", "打印标签", "补录手机号"} <= kinds
    assert not any("_" in k for k in kinds)
