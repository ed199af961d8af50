"""The check-in page driven like the counter: scans through handle_scan, keys into the fields."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pos.paths import DataPaths
from pos.services.parcels import checkin
from pos.services.parcels import notices
from pos.services import settings as st
from pos.services.parcels.settings import SHELVES, WECHAT_SHOWS_CODES
from pos.ui.pages.checkin import CheckinPage
from pos.ui.pages.checkin.pickers import CarrierPickerDialog, HistoryDialog, VillagerPickerDialog
from pos.ui.pages.notices_page import NoticesDialog
from pos.ui.pages.parcels_admin.labels import status_text

from .conftest import AMBIGUOUS, DEPPON, JT, SF, YTO, YUNDA, ZTO, add_villager


def type_phone(qtbot, page, phone, name=None):
    page.form.phone.clear()
    qtbot.keyClicks(page.form.phone, phone)
    qtbot.keyClick(page.form.phone, Qt.Key.Key_Return)
    if name is not None:
        page.form.name.insert(name)
        qtbot.keyClick(page.form.name, Qt.Key.Key_Return)


def test_scan_phone_enter_prints_label_and_returns_to_scan(qtbot, page, ctx):
    page.handle_scan(ZTO)
    assert page.form.isVisible() and "中通快递" in page.form.parcel.text()
    assert QApplication.focusWidget() is page.form.phone
    type_phone(qtbot, page, "13812345678")
    assert page.result.code.text() == "A-1-0001"
    assert page.current is None and QApplication.focusWidget() is page.scan
    assert "今日入库：1 件" in page.bar.count.text() or "1" in page.bar.count.text()
    [(kind, ref, doc)] = ctx.devices.printed
    assert (kind, ref) == ("shelf_label", "A-1-0001")
    assert page.recent.rowCount() == 1 and page.recent.item(0, 1).text() == "A-1-0001"
    kinds = {e.kind for stay in checkin.read_scan(ctx.db, page.rules, ZTO).history for e in stay.events}
    assert kinds == set()  # in the station: no earlier stays
    [n] = notices.list_notices(ctx.db, "pending")
    assert "A-1-0001" in n.text


def test_typed_waybill_and_known_villager_name_shows(qtbot, page, ctx):
    add_villager(ctx.db, "张桂芳", phone="13857812345")
    qtbot.keyClicks(page.scan, YTO)
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)
    qtbot.keyClicks(page.form.phone, "13857812345")
    assert "张桂芳" in page.form.villager.text()
    qtbot.keyClick(page.form.phone, Qt.Key.Key_Return)
    assert page.last_result.parcel.recipient_name == "张桂芳"


def test_bad_phone_stays_in_the_form(qtbot, page, ctx):
    page.handle_scan(ZTO)
    type_phone(qtbot, page, "1381234")
    assert page.current is not None and page.form.error.isVisible()
    assert checkin.today(ctx.db, page.clock).count == 0
    qtbot.keyClick(page.form.phone, Qt.Key.Key_Escape)
    assert page.current is None and not page.form.isVisible()
    assert checkin.today(ctx.db, page.clock).count == 0


def test_masked_phone_with_several_villagers_offers_a_picker(qtbot, page, ctx):
    add_villager(ctx.db, "张桂芳", phone="13857815678")
    wanted = add_villager(ctx.db, "张国强", phone="13957815678")
    page.handle_scan(ZTO)
    type_phone(qtbot, page, "5678")  # the tail alone: both fit, the choice comes at once
    dlg = page.dialog
    assert isinstance(dlg, VillagerPickerDialog) and dlg.list.count() == 3
    page.handle_scan(YTO)  # arrives while the question is open: waits
    assert len(page.queue) == 1
    rows = [dlg.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(2)]
    dlg.choose(next(i for i, m in enumerate(rows) if m.id == wanted))
    assert page.last_result.parcel.villager_id == wanted
    assert page.last_result.parcel.phone == "13957815678"
    # the queued scan is now being handled
    assert page.current is not None and page.current.number == YTO and not page.queue


def test_masked_phone_without_register_uses_typed_name(qtbot, page, ctx):
    page.handle_scan(ZTO)
    type_phone(qtbot, page, "138****5678", "李四")
    p = page.last_result.parcel
    assert (p.phone_display, p.recipient_name, p.villager_id) == ("138****5678", "李四", None)


def test_ambiguous_number_asks_and_remembers(qtbot, page, ctx):
    page.handle_scan(AMBIGUOUS)
    dlg = page.dialog
    assert isinstance(dlg, CarrierPickerDialog)
    codes = [dlg.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dlg.list.count())]
    assert codes[:3] == ["SF", "ZTO", "JD"] and len(codes) == len(page.rules.carriers)
    dlg.choose(codes.index("JD"))
    assert page.current.carrier == "JD"
    type_phone(qtbot, page, "13812345678")
    assert page.last_result.parcel.carrier == "JD"
    page.handle_scan("123400000001")
    assert page.dialog is None and page.current.carrier == "JD"  # remembered for 12:1234


def test_esc_on_carrier_question_records_nothing(qtbot, page, ctx):
    page.handle_scan(AMBIGUOUS)
    page.dialog.reject()
    assert page.dialog is None and page.current is None
    assert checkin.today(ctx.db, page.clock).count == 0


def test_second_scan_in_stock_says_where_it_is(qtbot, page, ctx):
    page.handle_scan(ZTO)
    type_phone(qtbot, page, "13812345678", None)
    page.handle_scan(ZTO)
    assert "A-1-0001" in page.message.text() and page.current is None
    assert checkin.today(ctx.db, page.clock).count == 1


def test_parcel_that_left_asks_before_checking_in_again(qtbot, page, ctx):
    page.handle_scan(ZTO)
    type_phone(qtbot, page, "13812345678")
    from pos.db.models import Parcel

    with ctx.db.unit_of_work() as s:
        s.get(Parcel, page.last_result.parcel.id).status = "picked_up"
    page.handle_scan(ZTO)
    dlg = page.dialog
    assert isinstance(dlg, HistoryDialog)
    from PySide6.QtWidgets import QPlainTextEdit

    # the check-in's one event says what it queued
    history = dlg.findChild(QPlainTextEdit).toPlainText()
    assert "（" not in history and "(加入待发通知, 打印标签)" in history
    dlg.reject()
    assert page.current is None
    page.handle_scan(ZTO)
    page.dialog.accept()
    assert page.current is not None and page.current.again
    type_phone(qtbot, page, "13812345678")
    assert page.last_result.parcel.status == "in_stock"


def test_scans_arriving_while_typing_a_phone_all_get_checked_in(qtbot, page, ctx):
    page.handle_scan(ZTO)
    for w in (YTO, SF):
        page.handle_scan(w)
    assert len(page.queue) == 2 and "2" in page.result.queued.text()
    for _ in range(3):
        type_phone(qtbot, page, "13812345678")
    assert checkin.today(ctx.db, page.clock).count == 3 and not page.queue


def test_batch_burst_then_phones(qtbot, page, ctx):
    qtbot.keyClick(page, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert page.batch.isChecked()
    burst = [f"JT{n:013d}" for n in range(20)]
    for w in burst:
        page.handle_scan(w)
    waiting = checkin.awaiting(ctx.db)
    assert [p.waybill for p in waiting] == burst
    assert page.awaiting.rowCount() == 20 and page.awaiting.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.awaiting
    qtbot.keyClick(page.awaiting, Qt.Key.Key_Return)
    assert page.current.awaiting.waybill == burst[0]
    type_phone(qtbot, page, "13812345678")
    assert page.last_result.parcel.status == "in_stock"
    assert QApplication.focusWidget() is page.awaiting and page.awaiting.rowCount() == 19
    # in normal mode, scanning an awaiting parcel opens its phone form
    page.batch.setChecked(False)
    page.handle_scan(burst[5])
    assert page.current.awaiting.waybill == burst[5]


def test_undo_last_check_in(qtbot, page, ctx):
    page.handle_scan(ZTO)
    type_phone(qtbot, page, "13812345678")
    qtbot.keyClick(page.scan, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    box = page.dialog
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    assert checkin.today(ctx.db, page.clock).count == 0 and page.recent.rowCount() == 0
    assert page.result.code.text() == ""


def test_shelf_full_is_said_at_the_scan(qtbot, page, ctx, op):
    st.save(ctx.db, op, {SHELVES: {"shelves": ["A"], "layers": 1, "capacity": 1}})
    page.handle_scan(ZTO)
    type_phone(qtbot, page, "13812345678")
    page.handle_scan(YTO)
    assert page.current is None and page.message.isVisible() and "1" in page.message.text()


def test_bad_scans_show_a_message(qtbot, page):
    for raw in ("6901234567892", "356-01-02AOF3-11", "hello", "RR287043776IN", ""):
        page.handle_scan(raw)
        assert page.current is None and page.dialog is None
        assert page.message.text()


def test_notices_dialog_from_the_page(qtbot, page, ctx, monkeypatch, tmp_path):
    page.handle_scan(ZTO)
    type_phone(qtbot, page, "13812345678")
    page.handle_scan(YTO)
    type_phone(qtbot, page, "5678", "李")
    qtbot.keyClick(page.scan, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dlg = page.dialog
    assert isinstance(dlg, NoticesDialog)
    np = dlg.page
    assert np.table.rowCount() == 2
    out = tmp_path / "sms.csv"
    monkeypatch.setattr(np, "ask_path", lambda: str(out))
    np.export_csv()
    text = out.read_bytes().decode("utf-8-sig")
    assert "13812345678" in text and text.count("\n") == 2
    np.copy_wechat()
    assert "A-1-0001" not in QApplication.clipboard().text()  # the group is public
    st.save(ctx.db, ctx.operator, {WECHAT_SHOWS_CODES: True})
    np.copy_wechat()
    assert "A-1-0001" in QApplication.clipboard().text()
    np.print_pickup_list()
    assert ctx.devices.printed[-1][0] == "pickup_list"
    np.table.selectRow(0)
    np.mark_sent()
    assert np.table.rowCount() == 1
    monkeypatch.setattr(np, "ask_reason", lambda: "空号")
    np.mark_failed()
    assert notices.status_counts(ctx.db) == {"pending": 0, "sent": 1, "failed": 1}
    np.tabs.setCurrentIndex(2)
    assert np.table.rowCount() == 1
    np.back_to_pending()
    dlg.reject()
    assert page.dialog is None


def _shown_as_reloaded(page, ctx):
    """What the page shows after its incremental updates is what a fresh page would show."""
    assert [p.id for p in page.awaiting.parcels] == [p.id for p in checkin.awaiting(ctx.db)]
    assert page.awaiting.rowCount() == len(page.awaiting.parcels)
    today = checkin.today(ctx.db, page.clock)
    assert page.recent.parcels == list(today.recent) and page.recent.rowCount() == len(today.recent)
    assert [page.recent.item(r, 1).text() for r in range(page.recent.rowCount())] == [
        p.pickup_code or "-" for p in today.recent]
    assert [page.recent.item(r, 5).text() for r in range(page.recent.rowCount())] == [
        status_text(p.status) for p in today.recent]
    assert page.bar.count.text() == page.bar.tr("Today: {count} checked in").format(count=today.count)
    label = page.result.tr("Awaiting phone: {count} (Ctrl+G, then Enter on a parcel)")
    assert page.result.awaiting_label.text() == (label.format(count=today.awaiting) if today.awaiting else "")
    texts = [page.slot.itemText(i) for i in range(1, page.slot.count())]
    assert [page.slot.itemData(i) for i in range(1, page.slot.count())] == [
        (v.shelf, v.layer) for v in checkin.slot_views(ctx.db)]
    expected = page.bar.tr("{slot} ({free} free)")
    assert texts == [expected.format(slot=v.name, free=v.free) for v in checkin.slot_views(ctx.db)]


def test_lists_and_layers_update_in_place_as_a_reload_would(qtbot, page, ctx):
    page.batch.setChecked(True)
    for w in (JT, YUNDA, DEPPON):
        page.clock.advance(seconds=1)
        page.handle_scan(w)
    _shown_as_reloaded(page, ctx)
    page.batch.setChecked(False)
    page.clock.advance(seconds=1)
    page.handle_scan(ZTO)  # a new parcel: the awaiting list stays
    type_phone(qtbot, page, "13812345678")
    _shown_as_reloaded(page, ctx)
    page.handle_scan(YUNDA)  # an awaiting parcel gets its phone: its row goes, its line in the list changes
    type_phone(qtbot, page, "13912345678")
    _shown_as_reloaded(page, ctx)
    assert [p.waybill for p in page.awaiting.parcels] == [JT, DEPPON]
    page.slot.setCurrentIndex(3)
    chosen = page.slot.currentData()
    page.clock.advance(seconds=1)
    page.handle_scan(YTO)
    type_phone(qtbot, page, "13812345678")
    assert page.last_result.parcel.pickup_code.startswith(f"{chosen[0]}-{chosen[1]}-")
    assert page.slot.currentData() == chosen  # the partner's layer stays chosen
    _shown_as_reloaded(page, ctx)


def test_the_recent_list_keeps_the_last_ten_and_a_new_day_starts_afresh(qtbot, page, ctx):
    for n in range(12):
        page.clock.advance(seconds=1)
        page.handle_scan(f"JT{n:013d}")
        type_phone(qtbot, page, "13812345678")
    assert page.recent.rowCount() == checkin.RECENT == 10
    assert page.recent.parcels[0].waybill == "JT0000000000011"
    _shown_as_reloaded(page, ctx)
    page.clock.advance(days=1)
    page.handle_scan(YTO)
    type_phone(qtbot, page, "13812345678")
    assert [p.waybill for p in page.recent.parcels] == [YTO]
    _shown_as_reloaded(page, ctx)


def test_a_check_in_through_the_device_hub_is_one_commit(qtbot, ctx, clock, tmp_path):
    """The parcel, its notice, its label's job and the event naming them: one transaction."""
    from sqlalchemy import event

    from pos.devices.hub import DeviceHub
    from pos.services.hardware import device_settings

    ctx.devices = DeviceHub(ctx.db, DataPaths(tmp_path), load_config=device_settings.loader(ctx.db), printer_spec="preview")  # not started: jobs wait
    changed = []
    ctx.devices.jobs_changed.connect(lambda: changed.append(1))
    p = CheckinPage(ctx, clock=clock)
    qtbot.addWidget(p)
    p.show()
    p.handle_scan(ZTO)
    commits = []
    event.listen(ctx.db.engine, "commit", lambda _conn: commits.append(1))
    type_phone(qtbot, p, "13812345678")
    assert len(commits) == 1 and changed == [1]  # and the queue was told
    assert p.last_result.label_job is not None and p.last_label is p.last_result.label
    p.reprint()  # a reprint is a job of its own, with its own event
    with ctx.db.reader() as s:
        from pos.db.models import ParcelEvent, PrintJob

        assert len(s.scalars(select_kind(PrintJob, "shelf_label")).all()) == 2
        assert len(s.scalars(select_kind(ParcelEvent, "label_printed")).all()) == 1
        assert "label_job" in s.scalars(select_kind(ParcelEvent, "checked_in")).one().details


def select_kind(model, kind):
    from sqlalchemy import select

    return select(model).where(model.kind == kind)


def test_label_printed_is_recorded_with_the_print_job(qtbot, ctx, clock, tmp_path):
    """With the real device hub the label's job and its history event are stored together."""
    from sqlalchemy import select

    from pos.db.models import ParcelEvent, PrintJob
    from pos.devices.hub import DeviceHub
    from pos.services.hardware import device_settings

    ctx.devices = DeviceHub(ctx.db, DataPaths(tmp_path), load_config=device_settings.loader(ctx.db), printer_spec="preview")  # not started: jobs wait
    p = CheckinPage(ctx, clock=clock)
    qtbot.addWidget(p)
    p.show()
    p.handle_scan(ZTO)
    type_phone(qtbot, p, "13812345678")
    with ctx.db.reader() as s:
        [job] = s.scalars(select(PrintJob).where(PrintJob.kind == "shelf_label")).all()
        [event] = s.scalars(select(ParcelEvent).where(ParcelEvent.kind == "checked_in")).all()
        assert job.reference == "A-1-0001" and str(job.id) in event.details
        assert event.parcel_id == p.last_result.parcel.id


def test_the_form_and_the_last_code_take_turns_without_moving_the_lists(qtbot, page, ctx):
    """No empty band while waiting for a scan, and nothing below moves when the form comes and goes."""
    hint = page.result.tr("Scan the next parcel's waybill")
    assert page.result.hint.isVisible() and page.result.hint.text() == hint != "Scan the next parcel's waybill"
    assert not page.form.isVisible() and not page.result.code.isVisible()
    top = page.result.geometry()
    page.handle_scan(ZTO)
    assert page.form.isVisible() and not page.result.hint.isVisible()
    assert page.result.geometry() == top
    type_phone(qtbot, page, "13812345678")
    assert not page.form.isVisible() and page.result.code.isVisible() and not page.result.hint.isVisible()
    assert page.result.geometry() == top
    page.undo(page.last_result.parcel)
    assert page.result.hint.isVisible() and not page.result.code.isVisible()


# the label path: built and stored by the service, sent by the devices -------------------------
def test_the_label_is_worded_in_the_partners_language_and_sent_once(qtbot, page, ctx):
    from tests.parcels_pickup.docs_text import doc_text

    page.handle_scan(ZTO)
    type_phone(qtbot, page, "13812345678")
    [(kind, ref, doc)] = ctx.devices.printed
    text = doc_text(doc)
    assert "运单尾号 5046" in text and "中通快递" in text and "A-1-0001" in text
    assert ctx.devices.wakes == 1 and page.last_label is page.last_result.label
    page.reprint()
    assert [(k, r) for k, r, _ in ctx.devices.printed] == [("shelf_label", "A-1-0001")] * 2
    assert ctx.devices.wakes == 2
    with ctx.db.reader() as s:
        from pos.db.models import ParcelEvent

        assert len(s.scalars(select_kind(ParcelEvent, "label_printed")).all()) == 1  # the reprint's


def test_without_devices_no_label_job_is_stored(qtbot, ctx, clock):
    from pos.db.models import PrintJob

    ctx.devices = None
    p = CheckinPage(ctx, clock=clock)
    qtbot.addWidget(p)
    p.show()
    p.handle_scan(ZTO)
    type_phone(qtbot, p, "13812345678")
    p.reprint()
    assert p.last_result.parcel.pickup_code == "A-1-0001" and p.last_label is None
    with ctx.db.reader() as s:
        assert s.scalars(select_kind(PrintJob, "shelf_label")).all() == []


def test_a_refused_scan_clears_the_last_big_code(qtbot, page, ctx):
    page.handle_scan(ZTO)
    type_phone(qtbot, page, "13812345678")
    assert page.result.code.text() == "A-1-0001" and page.result.code.isVisible()
    page.handle_scan("not a waybill !!")
    assert page.message.isVisible()
    assert page.result.code.text() == "" and not page.result.code.isVisible()
    page.handle_scan(ZTO)  # already here: refused too, and still no code of another parcel
    assert page.result.code.text() == ""


def test_an_unknown_number_offers_other_carrier_without_a_percentage(qtbot, page, ctx):
    page.handle_scan("ABC12345678")
    dlg = page.dialog
    assert isinstance(dlg, CarrierPickerDialog)
    first = dlg.list.item(0).text()
    assert "其他快递" in first and "%" not in first and "不是上面这些快递" in first
    dlg.reject()


def test_a_parcel_that_left_shows_when_it_came_and_went(qtbot, page, ctx, clock):
    from pos.services.pickup import handover as pickup

    page.handle_scan(ZTO)
    type_phone(qtbot, page, "13812345678")
    pid = page.last_result.parcel.id
    pickup.hand_over(ctx.db, ctx.operator, clock, [pid], scanned=[pid], sources=ctx.wiring.due_sources)
    page.handle_scan(ZTO)
    dlg = page.dialog
    assert isinstance(dlg, HistoryDialog)
    from PySide6.QtWidgets import QPlainTextEdit

    text = dlg.findChild(QPlainTextEdit).toPlainText()
    assert "入库 " in text and "离站 " in text and "日期未记录" not in text
    dlg.reject()


def test_a_tail_that_fits_one_villager_checks_in_at_once(qtbot, page, ctx):
    wanted = add_villager(ctx.db, "张国强", phone="13957815678", group="三组")
    add_villager(ctx.db, "李四", phone="13957810000")
    page.handle_scan(ZTO)
    type_phone(qtbot, page, "5678")
    p = page.last_result.parcel
    assert (p.villager_id, p.phone) == (wanted, "13957815678")
    assert page.current is None and QApplication.focusWidget() is page.scan


def test_a_tail_that_fits_nobody_says_so_and_asks_for_the_number(qtbot, page, ctx):
    page.handle_scan(ZTO)
    type_phone(qtbot, page, "4321")
    assert page.current is not None and page.form.error.isVisible()
    assert "4321" in page.form.error.text() and "完整" in page.form.error.text()
    assert QApplication.focusWidget() is page.form.name
