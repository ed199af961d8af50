import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from pos.services import settings as st
from pos.services.pickup.settings import STORAGE_FEE_PER_DAY_FEN, STORAGE_FREE_DAYS

from .docs_text import doc_text
from .conftest import type_query
from .factory import make_parcel, status_of


def test_lookup_scan_and_enter_hands_over_only_scanned(qtbot, page, ctx, database):
    a = make_parcel(database, code="A-3-0127")
    b = make_parcel(database, code="A-3-0128")
    other = make_parcel(database, phone="13900000000", code="B-1-0001")
    type_query(qtbot, page, "5678")
    assert page.group is not None and page.table.rowCount() == 2
    assert page.query.hasFocus()
    page.handle_scan(a.waybill)
    assert page.scanned == [a.id] and not page.status.refused
    page.handle_scan(other.waybill)  # the wrong parcel: refused loudly, not added
    assert page.status.refused and "B-1-0001" in page.status.text()
    assert page.scanned == [a.id]
    asked = []

    def answer(dlg):  # b is not handed over: the page says so first
        asked.append(dlg.text())
        qtbot.keyClick(dlg, Qt.Key.Key_Return)
        return dlg.result() == QDialog.DialogCode.Accepted

    page.run_dialog = lambda dlg: (dlg.show(), answer(dlg))[1]
    qtbot.keyClick(page.query, Qt.Key.Key_Return)  # empty field: Enter confirms
    assert len(asked) == 1 and "还有 1 件未交付" in asked[0] and "A-3-0128" in asked[0]
    assert status_of(database, a.id).status == "picked_up"
    assert status_of(database, b.id).status == "in_stock"
    assert status_of(database, other.id).status == "in_stock"
    kind, ref, doc = ctx.devices.printed[-1]
    text = doc_text(doc)
    assert kind == "pickup" and ref.startswith("Q")
    assert "A-3-0127" in text and "138****5678" in text and a.waybill[-4:] in text
    assert page.group is None and page.query.hasFocus()


def test_enter_without_scans_is_refused(qtbot, page, database):
    make_parcel(database, code="A-3-0127")
    type_query(qtbot, page, "A-3-0127")
    qtbot.keyClick(page.query, Qt.Key.Key_Return)
    assert page.status.refused and page.group is not None


def test_several_villagers_pick_with_arrows_and_enter(qtbot, page, database):
    make_parcel(database, phone="13812345678", name="张三")
    li = make_parcel(database, phone="13912345678", name="李四")
    type_query(qtbot, page, "5678")
    assert page.groups.isVisible() and page.groups.count() == 2
    row = next(i for i, g in enumerate(page.result.groups) if g.recipient_name == "李四")
    page.groups.setCurrentRow(row)
    qtbot.keyClick(page.groups, Qt.Key.Key_Return)
    assert page.group.parcels[0].id == li.id and page.query.hasFocus()


def test_scanning_a_parcel_first_lists_the_recipient(page, database):
    a = make_parcel(database)
    make_parcel(database)
    page.handle_scan(a.waybill)
    assert page.group is not None and len(page.group.parcels) == 2 and page.scanned == [a.id]


def test_proxy_and_no_scan_handover(qtbot, page, database):
    from sqlalchemy import select

    from pos.db.models import AuditEntry

    a = make_parcel(database)
    b = make_parcel(database)
    type_query(qtbot, page, "5678")
    page.handle_scan(a.waybill)

    def fill(dlg):
        if dlg.__class__.__name__ == "ProxyDialog":
            dlg.name.insert("张小明")
            dlg.relation.setCurrentText("儿子")
        else:  # NoScanDialog: tick b, give a reason
            for i in range(dlg.list.count()):
                dlg.list.item(i).setCheckState(Qt.CheckState.Checked)
            dlg.reason.setCurrentText("面单破损")
        dlg.accept()
        return dlg.result() == QDialog.DialogCode.Accepted

    page.run_dialog = fill
    qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert (page.collector, page.relation) == ("张小明", "儿子")
    page.ask_no_scan()
    assert page.unscanned == [b.id] and page.reason == "面单破损"
    page.confirm()
    pa, pb = status_of(database, a.id), status_of(database, b.id)
    assert pa.status == pb.status == "picked_up"
    assert pa.collector_name == "张小明" and pb.handover_without_scan_reason == "面单破损"
    with database.reader() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "parcel.handover_without_scan")).one()


def test_proxy_dialog_needs_relation(qtbot, ctx):
    from pos.ui.pages.parcel_widgets.dialogs import ProxyDialog

    dlg = ProxyDialog("张三")
    qtbot.addWidget(dlg)
    dlg.name.insert("张小明")
    dlg.relation.setCurrentText("")
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted and dlg.error.text()


def test_money_due_is_collected_in_the_payment_dialog(qtbot, page, ctx, database, boss):
    st.save(database, boss, {STORAGE_FEE_PER_DAY_FEN: 100, STORAGE_FREE_DAYS: 3})
    a = make_parcel(database, days_ago=5, fee_fen=250)
    type_query(qtbot, page, a.pickup_code)
    page.handle_scan(a.waybill)
    assert "4.50" in page.total.text()
    seen = {}

    def pay(dlg):
        seen["due"] = dlg.due_fen
        dlg.mobile.setChecked(True)
        dlg.accept()
        return dlg.result() == QDialog.DialogCode.Accepted

    page.run_dialog = pay
    page.confirm()
    assert seen["due"] == 450
    assert status_of(database, a.id).status == "picked_up"
    text = doc_text(ctx.devices.printed[-1][2])
    assert "4.50" in text


def test_payment_refused_keeps_the_parcel(qtbot, page, database):
    a = make_parcel(database, fee_fen=300)
    type_query(qtbot, page, a.pickup_code)
    page.handle_scan(a.waybill)
    page.run_dialog = lambda dlg: False
    page.confirm()
    assert status_of(database, a.id).status == "in_stock" and page.group is not None


def test_money_is_not_taken_until_a_shift_is_open(qtbot, page, ctx, database):
    """Issue 14: the page asks for an open shift (ctx.money_gate) before the payment dialog."""
    a = make_parcel(database, fee_fen=300)
    free = make_parcel(database, phone="13900009999")
    asked, dialogs = [], []
    ctx.money_gate = lambda parent: asked.append(parent) or False  # the partner answers "Not now"
    page.run_dialog = lambda dlg: dialogs.append(dlg) or False
    type_query(qtbot, page, a.pickup_code)
    page.handle_scan(a.waybill)
    page.confirm()
    assert asked == [page] and dialogs == [] and page.status.refused
    assert status_of(database, a.id).status == "in_stock"
    type_query(qtbot, page, free.pickup_code)  # nothing due: no shift needed to hand it over
    page.handle_scan(free.waybill)
    page.confirm()
    assert asked == [page] and status_of(database, free.id).status == "picked_up"


def test_escape_clears(qtbot, page, database):
    make_parcel(database, code="A-1-0001")
    type_query(qtbot, page, "A-1-0001")
    qtbot.keyClick(page.query, Qt.Key.Key_Escape)
    assert page.group is None and page.table.rowCount() == 0


def test_admin_window_opens_with_ctrl_m_and_takes_the_scans(qtbot, page, database):
    a = make_parcel(database, days_ago=8)
    qtbot.keyClick(page.query, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert page.admin is not None and page.admin.isVisible()
    page.handle_scan(a.waybill)  # goes to the return batch, not to the pickup list
    assert page.group is None
    assert [p.id for p in page.admin.page.overdue.batch.parcels] == [a.id]
    page.admin.reject()
    page.handle_scan(a.waybill)
    assert page.group is not None


def test_pickup_and_its_admin_window_take_the_stations_due_sources(qtbot, page, ctx):
    from pos.services.purchases.links import PurchaseBalanceDue

    # from the context pos.app wires, never a default that could leave the purchase balance out
    assert page.sources is ctx.wiring.due_sources
    assert any(isinstance(s, PurchaseBalanceDue) for s in page.sources)
    page.open_admin()
    assert page.admin.page.delivery.sources is ctx.wiring.due_sources
    page.admin.close()


def test_down_from_the_search_box_enters_the_list_of_villagers(qtbot, page, database):
    make_parcel(database, phone="13812345678", code="A-3-0127", name="张三")
    make_parcel(database, phone="13912345678", code="A-3-0128", name="李四")
    type_query(qtbot, page, "5678")
    assert page.groups.isVisible() and page.groups.count() == 2
    page.query.setFocus()
    qtbot.keyClick(page.query, Qt.Key.Key_Down)
    assert page.groups.hasFocus()


def test_esc_on_the_parcels_left_question_hands_nothing_over(qtbot, page, database):
    a = make_parcel(database, code="A-3-0127")
    b = make_parcel(database, code="A-3-0128")
    type_query(qtbot, page, "5678")
    page.handle_scan(a.waybill)

    seen = []

    def esc():  # the partner presses Esc once the question is up and active
        dlg = QApplication.activeModalWidget()
        if dlg is None or seen:
            return
        if QApplication.activeWindow() is not dlg:
            dlg.activateWindow()
            return
        seen.append(dlg.text())
        timer.stop()
        qtbot.keyClick(dlg, Qt.Key.Key_Escape)

    timer = QTimer()
    timer.timeout.connect(esc)
    timer.start(20)
    page.confirm()  # the question waits for the partner as it does at the counter
    timer.stop()
    assert seen and "还有 1 件未交付" in seen[0]
    assert status_of(database, a.id).status == status_of(database, b.id).status == "in_stock"
    assert page.group is not None and page.scanned == [a.id]


def test_all_parcels_scanned_is_not_asked_about(qtbot, page, database):
    a = make_parcel(database, code="A-3-0127")
    type_query(qtbot, page, "A-3-0127")
    page.handle_scan(a.waybill)
    page.run_dialog = lambda dlg: pytest.fail("asked with nothing left behind")
    page.confirm()
    assert status_of(database, a.id).status == "picked_up"


def test_parcels_over_the_reminder_age_are_marked_in_the_list(qtbot, page, database):
    make_parcel(database, code="A-3-0127", days_ago=5)  # the reminder age is 3 days by default
    make_parcel(database, code="A-3-0128", days_ago=1)
    type_query(qtbot, page, "5678")
    rows = {page.table.item(r, 1).text(): page.table.item(r, 5).text() for r in range(page.table.rowCount())}
    assert "超期" in rows["A-3-0127"] and "5" in rows["A-3-0127"]
    assert rows["A-3-0128"] == "1"
