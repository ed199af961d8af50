"""Issue 14 item 9: consent to delivery to the door is a dated, audited log per villager (given or
withdrawn, when, how, by whom), and a delivery run refuses villagers without consent in force."""

import datetime as dt

from sqlalchemy import Column, DateTime, MetaData, Table, Uuid
import uuid

import pytest
from sqlalchemy import insert, select, text

from pos.wiring import station_due_sources
from pos.db.engine import make_engine
from pos.db.migrate import upgrade
from pos.db.models import AuditEntry, DeliveryConsent, Villager
from pos.db.types import Key, UTCDateTime, from_micros
from pos.domain.errors import ValidationError
from pos.domain.villager_fields import VillagerInput
from pos.services.pickup import delivery
from pos.services.villagers import consent
from pos.services.villagers import register as villagers
from tests.parcels_pickup.factory import make_parcel

UTC = dt.timezone.utc


def _villager(db, owner, clock, name="王奶奶", phone="13900001111", agreed=False):
    return villagers.create(db, owner, VillagerInput(name, phone, "三组", "", "三组12号", "", agreed), clock)


def _audit(db, action):
    with db.reader() as s:
        return [a.details for a in s.scalars(select(AuditEntry).where(AuditEntry.action == action))]


def test_the_log_is_dated_audited_and_its_newest_entry_is_in_force(database, people, clock):
    owner, assistant = people
    v = _villager(database, owner, clock)
    paper_day = clock() - dt.timedelta(days=30)
    consent.record(database, assistant, v.id, True, "paper", paper_day, "表格在蓝色文件夹", clock)
    clock.advance(days=1)
    consent.record(database, owner, v.id, False, "phone", clock=clock)
    log = consent.history(database, v.id)
    assert [(e.given, e.how, e.recorded_by) for e in log] == [(False, "phone", "王小明"), (True, "paper", "李芳")]
    assert log[1].at == paper_day and log[1].note == "表格在蓝色文件夹"
    with database.reader() as s:
        assert consent.in_force(s, [v.id])[v.id].given is False
        row = s.get(Villager, v.id)
        assert (row.delivery_consent, row.delivery_consent_at) == (False, None)
    assert len(_audit(database, consent.CONSENT_GIVEN)) == 1 and len(_audit(database, consent.CONSENT_WITHDRAWN)) == 1
    # an older paper found later does not override the newer withdrawal
    consent.record(database, owner, v.id, True, "in_person", paper_day + dt.timedelta(days=1), clock=clock)
    with database.reader() as s:
        assert consent.in_force(s, [v.id])[v.id].given is False


def test_bad_entries_are_refused(database, people, clock):
    owner, _ = people
    v = _villager(database, owner, clock)
    with pytest.raises(ValidationError):
        consent.record(database, owner, v.id, True, "telepathy", clock=clock)
    with pytest.raises(ValidationError):
        consent.record(database, owner, v.id, True, "paper", clock() + dt.timedelta(days=2), clock=clock)
    assert consent.history(database, v.id) == []


def test_the_villager_card_and_delete_go_through_the_log(database, people, clock):
    owner, _ = people
    v = _villager(database, owner, clock, agreed=True)
    assert [(e.given, e.how) for e in consent.history(database, v.id)] == [(True, consent.REGISTER)]
    clock.advance(hours=1)
    villagers.update(database, owner, v.id, VillagerInput("王奶奶", "13900001111", "三组", "", "三组12号", "", False),
                     clock)
    assert [e.given for e in consent.history(database, v.id)] == [False, True]
    villagers.delete(database, owner, v.id, clock)
    with database.reader() as s:
        assert s.scalar(select(DeliveryConsent.id)) is None


def test_a_delivery_run_refuses_villagers_without_consent_in_force(database, people, clock):
    owner, assistant = people
    agreed = _villager(database, owner, clock, "赵大爷", "13900002222")
    consent.record(database, owner, agreed.id, True, "paper", clock=clock)
    never = _villager(database, owner, clock, "王奶奶", "13900001111")
    stranger = make_parcel(database, phone="13700000000", name="陌生人", now=clock())
    ok = make_parcel(database, phone="13900002222", villager_id=agreed.id, now=clock())
    no = make_parcel(database, phone="13900001111", villager_id=never.id, now=clock())

    with pytest.raises(delivery.NoDeliveryConsent, match="no consent"):
        delivery.mark_for_delivery(database, assistant, clock, no.pickup_code)
    with pytest.raises(delivery.NoDeliveryConsent) as refused:
        delivery.mark_for_delivery(database, assistant, clock, stranger.pickup_code)
    assert "陌生人" in str(refused.value.params)
    delivery.mark_for_delivery(database, assistant, clock, ok.pickup_code)

    clock.advance(minutes=5)  # the villager phones: no more deliveries
    consent.record(database, assistant, agreed.id, False, "phone", clock=clock)
    with pytest.raises(delivery.NoDeliveryConsent, match="withdrawn") as refused:
        delivery.start_run(database, assistant, clock, station_due_sources())
    assert "赵大爷" in str(refused.value.params)
    consent.record(database, assistant, agreed.id, True, "in_person", clock=clock)
    run = delivery.start_run(database, assistant, clock, station_due_sources())
    assert [s.recipient_name for s in run.stops] == ["赵大爷"]


def _as_before_0017(column: Column) -> Column:
    copy = column._copy()
    if isinstance(copy.type, Key):
        copy.type = Uuid()
    elif isinstance(copy.type, UTCDateTime):
        copy.type = DateTime()
    return copy


def test_the_old_consent_flag_becomes_the_first_entry_of_the_log(tmp_path):
    from pos.db.engine import sqlite_url

    eng = make_engine(sqlite_url(tmp_path / "old.sqlite3"))
    try:
        upgrade(eng, "0006_report_indexes")
        agreed_on = dt.datetime(2025, 4, 1, 2, 0, tzinfo=UTC)
        ids = [uuid.uuid4(), uuid.uuid4()]
        with eng.begin() as c:
            # the table as 0006 made it (the model has columns of later migrations), with the text
            # forms of keys and times a station held before 0017
            old_villager = Table("villager", MetaData(),
                                 *(_as_before_0017(col) for col in Villager.__table__.columns if col.name != "no_sms"))
            for vid, flag in zip(ids, (True, False)):
                c.execute(insert(old_villager).values(
                    id=vid, name="王奶奶" if flag else "赵大爷", name_initials="", phone="", phone_masked="",
                    phone_tail="", village_group="", household="", address="", notes="", delivery_consent=flag,
                    delivery_consent_at=agreed_on if flag else None, balance_fen=0, active=True,
                    created_at=agreed_on, updated_at=agreed_on))
        upgrade(eng, "head")
        with eng.connect() as c:
            rows = c.execute(text("SELECT villager_id, given, how, at FROM delivery_consent")).all()
        assert len(rows) == 1
        assert uuid.UUID(bytes=rows[0].villager_id) == ids[0] and rows[0].given and rows[0].how == consent.BEFORE_LOG
        assert from_micros(rows[0].at).date() == dt.date(2025, 4, 1)
    finally:
        eng.dispose()


def test_the_villager_page_shows_and_records_consent_from_the_keyboard(ctx, people, clock, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication

    from pos.ui.pages.villagers.villagers_page import VillagersPage

    owner, assistant = people
    v = _villager(ctx.db, owner, clock)
    ctx.session.set_operator(assistant)
    page = VillagersPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.activated()
    page.refresh(select_id=v.id)
    assert "送货上门" in page.consent.text()
    seen = []

    def fill(dlg):
        seen.append(dlg)
        assert dlg.log.rowCount() == 0 and dlg.given.currentData() is True
        dlg.how.setCurrentIndex(dlg.how.findData("paper"))
        dlg.note.setText("签字表格")
        dlg.submit()
        return dlg.result() == dlg.DialogCode.Accepted

    page.run_dialog = fill
    qtbot.keyClick(page.search, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert seen, f"Ctrl+D ({QKeySequence('Ctrl+D').toString()}) did not open the consent dialog"
    log = consent.history(ctx.db, v.id)
    assert [(e.given, e.how, e.recorded_by, e.note) for e in log] == [(True, "paper", "李芳", "签字表格")]
    assert clock().date().isoformat() in page.consent.text() or log[0].at.astimezone().date().isoformat() in page.consent.text()


def test_a_csv_import_starts_the_log_of_villagers_who_agreed(database, people, clock):
    from pos.services.villagers import csv_io

    owner, _ = people
    data = "姓名,手机,组,同意送货,同意日期\n王奶奶,13900001111,三组,是,2025-04-01\n赵大爷,13900002222,一组,否,\n"
    assert csv_io.import_villagers(database, owner, data.encode("utf-8"), clock=clock).imported == 2
    with database.reader() as s:
        rows = s.execute(select(Villager.name, DeliveryConsent.how, DeliveryConsent.given)
                         .join(DeliveryConsent, DeliveryConsent.villager_id == Villager.id)).all()
    assert [tuple(r) for r in rows] == [("王奶奶", consent.REGISTER, True)]
