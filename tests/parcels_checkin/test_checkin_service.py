"""Check-in as a service: scans, recipients, shelves, batch mode, undo, carrier choices."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as stt
from sqlalchemy import func, select

from pos.db.models import AuditEntry, Notice, Parcel, ParcelEvent
from pos.domain.errors import DomainError, ValidationError
from pos.services.parcels import checkin
from pos.services.parcels import notices
from pos.services import settings as st
from pos.services.parcels.checkin import Recipient
from pos.services.parcels.labels import LabelWording
from pos.services.parcels.settings import CARRIER_PREFERENCES, SHELVES
from pos.services.parcels.shelves import ShelfFull

from .conftest import AMBIGUOUS, DEPPON, JT, SF, YTO, YUNDA, ZTO, add_villager


def count(db, model=Parcel):
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


def events(db, parcel_id):
    with db.reader() as s:
        return list(s.scalars(select(ParcelEvent.kind).where(ParcelEvent.parcel_id == parcel_id)
                              .order_by(ParcelEvent.at, ParcelEvent.created_at)))


def check_in(db, op, clock, rules, waybill, phone="13812345678", name="", **kw):
    carrier = checkin.read_scan(db, rules, waybill).recognition.best.carrier
    return checkin.check_in(db, op, clock, rules, waybill=waybill, carrier=carrier,
                            recipient=Recipient(phone, name), **kw)


def test_scan_then_check_in_with_full_phone(database, op, clock, rules):
    outcome = checkin.read_scan(database, rules, f" {ZTO.lower()}\r\n")
    assert (outcome.kind, outcome.number, outcome.recognition.carrier) == ("new", ZTO, "ZTO")
    assert count(database) == 0  # reading a scan records nothing
    result = checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO",
                              recipient=Recipient("138 1234 5678", "张三"))
    p = result.parcel
    assert (p.status, p.phone, p.phone_display, p.phone_tail, p.recipient_name) == (
        "in_stock", "13812345678", "138****5678", "5678", "张三")
    assert p.pickup_code == "A-1-0001" and p.checked_in_by == "王小明"
    assert result.notice_text == "【清水村服务站】您的中通快递已到站，取件码A-1-0001，请尽快到服务站领取。"
    assert events(database, p.id) == ["checked_in"]
    with database.reader() as s:
        row = s.get(Parcel, p.id)
        assert row.phone_masked == "" and row.villager_id is None


def test_masked_phone_needs_the_name(database, op, clock, rules):
    with pytest.raises(ValidationError) as e:
        checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO", recipient=Recipient("5678"))
    assert e.value.field == "name"
    assert count(database) == 0
    p = checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO",
                         recipient=Recipient("138****5678", "李四")).parcel
    assert (p.phone, p.phone_display, p.phone_tail) == ("", "138****5678", "5678")
    p2 = check_in(database, op, clock, rules, YTO, phone="5678", name="王").parcel
    assert (p2.phone, p2.phone_tail) == ("", "5678")


@pytest.mark.parametrize("phone", ["", "12345678901", "1381234567", "138-abcd-5678", "138****567", "***"])
def test_bad_phones_are_refused_and_nothing_is_recorded(database, op, clock, rules, phone):
    with pytest.raises(ValidationError):
        checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO", recipient=Recipient(phone, "张"))
    assert count(database) == 0 and count(database, Notice) == 0


def test_known_villager_is_linked_by_full_phone(database, op, clock, rules):
    vid = add_villager(database, "张桂芳", phone="13857812345")
    p = check_in(database, op, clock, rules, ZTO, phone="13857812345").parcel
    assert (p.villager_id, p.recipient_name) == (vid, "张桂芳")
    assert [m.name for m in checkin.find_villagers(database, "13857812345", "")] == ["张桂芳"]


def test_shared_phone_is_not_guessed(database, op, clock, rules):
    add_villager(database, "张桂芳", phone="13857812345")
    add_villager(database, "张建国", phone="13857812345")
    assert len(checkin.find_villagers(database, "13857812345", "")) == 2
    p = check_in(database, op, clock, rules, ZTO, phone="13857812345", name="张").parcel
    assert p.villager_id is None and p.recipient_name == "张"


def test_masked_tail_and_partial_name_match_the_register(database, op, clock, rules):
    a = add_villager(database, "张桂芳", phone="13857815678", initials="zgf")
    b = add_villager(database, "李建国", phone="13905785678", initials="ljg")
    c = add_villager(database, "张国强", masked="159****5678", initials="zgq")
    add_villager(database, "王五", phone="13905781111")
    assert {m.id for m in checkin.find_villagers(database, "5678", "")} == {a, b, c}
    assert {m.id for m in checkin.find_villagers(database, "5678", "张")} == {a, c}
    assert {m.id for m in checkin.find_villagers(database, "138****5678", "")} == {a}
    assert {m.id for m in checkin.find_villagers(database, "5678", "ljg")} == {b}
    assert checkin.find_villagers(database, "5678", "赵") == []
    # the picked villager's details win over the typed name; the whole number is taken from the register
    p = checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO",
                         recipient=Recipient("5678", "张", a)).parcel
    assert (p.villager_id, p.recipient_name, p.phone) == (a, "张桂芳", "13857815678")
    p = checkin.check_in(database, op, clock, rules, waybill=YTO, carrier="YTO",
                         recipient=Recipient("5678", "", c)).parcel
    assert (p.phone, p.phone_display, p.recipient_name) == ("", "159****5678", "张国强")


def test_second_scan_of_a_parcel_in_stock_records_nothing(database, op, clock, rules):
    first = check_in(database, op, clock, rules, ZTO).parcel
    before = (count(database), count(database, ParcelEvent))
    outcome = checkin.read_scan(database, rules, ZTO)
    assert outcome.kind == checkin.IN_STATION_NOW and outcome.here.pickup_code == first.pickup_code
    assert (count(database), count(database, ParcelEvent)) == before
    with pytest.raises(checkin.AlreadyInStation, match="already on the shelf: A-1-0001"):
        check_in(database, op, clock, rules, ZTO)
    assert (count(database), count(database, ParcelEvent)) == before


def test_parcel_that_left_shows_history_and_needs_confirmation(database, op, clock, rules):
    first = check_in(database, op, clock, rules, ZTO).parcel
    with database.unit_of_work() as s:
        s.get(Parcel, first.id).status = "picked_up"
    outcome = checkin.read_scan(database, rules, ZTO)
    assert outcome.kind == checkin.LEFT_BEFORE
    assert outcome.history[0].parcel.id == first.id
    assert [e.kind for e in outcome.history[0].events] == ["checked_in"]
    with pytest.raises(DomainError, match="confirm"):
        check_in(database, op, clock, rules, ZTO)
    again = check_in(database, op, clock, rules, ZTO, again=True).parcel
    assert again.id != first.id and again.status == "in_stock"


def test_emptiest_layer_and_chosen_layer(database, op, clock, rules):
    st.save(database, op, {SHELVES: {"shelves": ["A", "B"], "layers": 2, "capacity": 2}})
    phones = ("13812345678", "13912345678", "13712345670")  # three villagers: no family layer
    codes = [check_in(database, op, clock, rules, w, phone=ph).parcel.pickup_code for w, ph in zip((ZTO, YTO, SF), phones)]
    assert [c[:3] for c in codes] == ["A-1", "A-2", "B-1"]
    p = check_in(database, op, clock, rules, JT, slot=("A", 1)).parcel
    assert p.pickup_code.startswith("A-1-")
    with pytest.raises(ShelfFull, match="A-1 is full"):
        check_in(database, op, clock, rules, YUNDA, slot=("A", 1))
    with pytest.raises(DomainError, match="not in the shelf settings"):
        check_in(database, op, clock, rules, YUNDA, slot=("C", 1))


def test_a_villagers_parcels_go_to_one_layer_while_it_has_room(database, op, clock, rules):
    st.save(database, op, {SHELVES: {"shelves": ["A", "B"], "layers": 2, "capacity": 2}})
    first = check_in(database, op, clock, rules, ZTO, phone="13812345678").parcel
    other = check_in(database, op, clock, rules, YTO, phone="13900005678").parcel  # same tail, not family
    second = check_in(database, op, clock, rules, SF, phone="13812345678").parcel
    assert first.pickup_code[:3] == second.pickup_code[:3] == "A-1"
    assert other.pickup_code[:3] == "A-2"
    third = check_in(database, op, clock, rules, JT, phone="13812345678").parcel  # A-1 is full now
    assert third.pickup_code[:3] == "B-1"
    # a masked phone matches only with the same name
    named = check_in(database, op, clock, rules, YUNDA, phone="138****4321", name="李四").parcel
    again = check_in(database, op, clock, rules, DEPPON, phone="138****4321", name="李四").parcel
    assert named.pickup_code[:3] == again.pickup_code[:3]


def test_shelf_full_is_said_before_anything_is_recorded(database, op, clock, rules):
    st.save(database, op, {SHELVES: {"shelves": ["A"], "layers": 1, "capacity": 1}})
    check_in(database, op, clock, rules, ZTO)
    before = (count(database), count(database, ParcelEvent), count(database, Notice))
    with pytest.raises(ShelfFull):
        checkin.read_scan(database, rules, YTO)
    with pytest.raises(ShelfFull):
        checkin.check_in(database, op, clock, rules, waybill=YTO, carrier="YTO", recipient=Recipient("13812345678"))
    assert (count(database), count(database, ParcelEvent), count(database, Notice)) == before
    # batch mode records without a place; completing it is refused while the shelf is full
    assert checkin.read_scan(database, rules, YTO, need_place=False).kind == "new"
    waiting = checkin.check_in_batch(database, op, clock, rules, waybill=YTO, carrier="YTO")
    with pytest.raises(ShelfFull):
        checkin.complete(database, op, clock, rules, parcel_id=waiting.id, recipient=Recipient("13812345678"))
    assert checkin.get(database, waiting.id).status == "awaiting_phone"


def test_batch_scan_then_complete(database, op, clock, rules):
    waiting = [checkin.check_in_batch(database, op, clock, rules, waybill=w, carrier=c)
               for w, c in ((ZTO, "ZTO"), (SF, "SF"), (DEPPON, "DEPPON"))]
    assert all(p.status == "awaiting_phone" and p.pickup_code == "" for p in waiting)
    assert [p.waybill for p in checkin.awaiting(database)] == [ZTO, SF, DEPPON]
    assert checkin.read_scan(database, rules, SF).here.status == "awaiting_phone"
    assert count(database, Notice) == 0
    done = checkin.complete(database, op, clock, rules, parcel_id=waiting[1].id,
                            recipient=Recipient("13905783210", "李建国"))
    assert done.parcel.status == "in_stock" and done.parcel.pickup_code
    assert events(database, waiting[1].id) == ["checked_in", "phone_added"]
    with pytest.raises(checkin.AlreadyInStation):
        checkin.complete(database, op, clock, rules, parcel_id=waiting[1].id, recipient=Recipient("13905783210"))
    view = checkin.today(database, clock)
    assert (view.count, view.awaiting) == (3, 2)


def test_undo_removes_the_check_in_and_its_notice(database, op, clock, rules):
    a = check_in(database, op, clock, rules, ZTO).parcel
    b = check_in(database, op, clock, rules, YTO).parcel
    [notice] = notices.list_notices(database, "pending")
    assert notice.parcels == 2
    checkin.print_label(database, op, clock, rules, b.id, LabelWording())
    undone = checkin.undo(database, op, clock, rules, b.id)
    assert undone.waybill == YTO
    [notice] = notices.list_notices(database, "pending")
    assert notice.parcels == 1 and "圆通" not in notice.text and a.pickup_code in notice.text
    with database.reader() as s:
        assert s.get(Parcel, b.id) is None
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == checkin.CHECKIN_UNDONE))
        assert YTO in entry.details and entry.operator == "王小明"
    checkin.undo(database, op, clock, rules, a.id)
    assert notices.list_notices(database, "pending") == []
    with pytest.raises(DomainError):
        checkin.undo(database, op, clock, rules, a.id)
    # the same waybill can be checked in again without the "was here before" question
    assert checkin.read_scan(database, rules, YTO).kind == "new"


def test_undo_refused_once_the_parcel_moved_on(database, op, clock, rules):
    p = check_in(database, op, clock, rules, ZTO).parcel
    with database.unit_of_work() as s:
        s.get(Parcel, p.id).status = "picked_up"
    with pytest.raises(DomainError, match="moved on"):
        checkin.undo(database, op, clock, rules, p.id)


def test_carrier_choice_is_remembered_for_the_prefix(database, op, clock, rules):
    outcome = checkin.read_scan(database, rules, AMBIGUOUS)
    assert outcome.recognition.ambiguous and len(outcome.recognition.candidates) >= 2
    checkin.check_in(database, op, clock, rules, waybill=AMBIGUOUS, carrier="JD", remember=True,
                     recipient=Recipient("13812345678"))
    assert st.read(database, CARRIER_PREFERENCES) == {"12:1234": "JD"}
    later = checkin.read_scan(database, rules, "123499990000")
    assert (later.recognition.ambiguous, later.recognition.carrier) == (False, "JD")
    assert checkin.read_scan(database, rules, "999999990000").recognition.ambiguous


def test_unknown_carrier_is_refused(database, op, clock, rules):
    with pytest.raises(ValidationError):
        checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="UPS", recipient=Recipient("13812345678"))


@pytest.mark.parametrize("raw, words", [
    ("", "empty"), ("12345", "characters"), ("6901234567892", "product barcode"),
    ("356-01-02AOF3-11", "sort code"), ("RR287043776IN", "check digit"), ("73100118865046中", "characters"),
    ("SF102357462629", "SF Express"),
])
def test_bad_scans_are_refused_with_a_clear_message(database, rules, raw, words):
    with pytest.raises(ValidationError, match=words):
        checkin.read_scan(database, rules, raw)


# read-only on the database: sharing it between examples is safe
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stt.text(max_size=40))
def test_any_scan_is_read_or_refused(database, rules, raw):
    try:
        outcome = checkin.read_scan(database, rules, raw)
    except ValidationError:
        return
    assert outcome.kind == "new" and outcome.recognition.candidates


# read-only on the database: sharing it between examples is safe
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stt.text(max_size=25), stt.text(max_size=60))
def test_any_recipient_is_found_or_refused(database, phone, name):
    try:
        checkin.find_villagers(database, phone, name)
    except ValidationError:
        pass


def test_today_counts_local_day_only(database, op, clock, rules):
    check_in(database, op, clock, rules, ZTO)
    clock.advance(days=1)
    check_in(database, op, clock, rules, YTO)
    view = checkin.today(database, clock)
    assert view.count == 1 and [p.waybill for p in view.recent] == [YTO]
