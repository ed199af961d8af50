import json
import uuid

import pytest
from sqlalchemy import select

from pos.db.models import AuditEntry, ParcelEvent
from pos.domain.errors import DomainError, ValidationError
from pos.services.pickup import handover as pickup
from pos.services import settings as st
from pos.services.pickup.handover import NotInList, Payment
from pos.services.pickup.settings import STORAGE_FEE_PER_DAY_FEN, STORAGE_FREE_DAYS
from pos.wiring import station_due_sources

from .factory import ledger, make_parcel, make_villager, status_of

SOURCES = station_due_sources()  # what pos.app wires the pickup page with


def test_lookup_by_code_lists_all_parcels_of_that_recipient_grouped(database, clock):
    a = make_parcel(database, code="A-3-0127")
    make_parcel(database, code="B-1-0002")  # same phone, same recipient: not asked for by code
    r = pickup.lookup(database, clock, "a-3-0127", SOURCES)
    assert r.kind == "code"
    assert [p.pickup_code for g in r.groups for p in g.parcels] == ["A-3-0127"]
    assert r.groups[0].parcels[0].id == a.id
    assert r.groups[0].phone_masked == "138****5678"


def test_lookup_by_tail_groups_per_recipient(database, clock):
    make_parcel(database, phone="13812345678", name="张三")
    make_parcel(database, phone="13812345678", name="张三")
    make_parcel(database, phone="15900005678", name="李四", masked=True)
    make_parcel(database, phone="13812349999", name="赵五")
    r = pickup.lookup(database, clock, "5678", SOURCES)
    assert r.kind == "tail"
    assert sorted((g.recipient_name, len(g.parcels)) for g in r.groups) == [("张三", 2), ("李四", 1)]


def test_lookup_by_bare_code_number_finds_the_code_tail(database, clock):
    make_parcel(database, code="C-2-0427", phone="13800001111")
    r = pickup.lookup(database, clock, "0427", SOURCES)
    assert [p.pickup_code for g in r.groups for p in g.parcels] == ["C-2-0427"]


def test_lookup_by_full_phone_matches_masked_labels_and_villagers(database, clock):
    make_parcel(database, phone="13812345678", masked=True)
    make_parcel(database, phone="13712345678", masked=True)  # same tail, other head
    vid = make_villager(database, phone="13812345678", name="张三")
    make_parcel(database, phone="13500000000", villager_id=vid)  # linked by the register
    r = pickup.lookup(database, clock, "138 1234 5678", SOURCES)
    assert r.kind == "phone"
    found = sorted(p.phone_masked for g in r.groups for p in g.parcels)
    assert found == ["135****0000", "138****5678"]


def test_lookup_by_name_and_initials(database, clock):
    make_parcel(database, name="张三丰", phone="13800000001")
    vid = make_villager(database, name="王奶奶", phone="13900001111")
    with database.unit_of_work() as s:
        from pos.db.models import Villager

        s.get(Villager, vid).name_initials = "wnn"
    make_parcel(database, name="王", phone="13900001111", villager_id=vid)
    assert [g.recipient_name for g in pickup.lookup(database, clock, "张三", SOURCES).groups] == ["张三丰"]
    assert [g.recipient_name for g in pickup.lookup(database, clock, "wnn", SOURCES).groups] == ["王奶奶"]


def test_lookup_ignores_parcels_that_left(database, clock):
    make_parcel(database, code="A-1-0001", status="picked_up")
    make_parcel(database, code="A-1-0002", status="returned")
    assert pickup.lookup(database, clock, "5678", SOURCES).groups == ()


def test_lookup_by_scanning_a_parcel_lists_its_recipients_other_parcels(database, clock):
    a = make_parcel(database, phone="13812345678")
    b = make_parcel(database, phone="13812345678")
    make_parcel(database, phone="13912345678")
    r = pickup.lookup(database, clock, a.waybill, SOURCES)
    assert r.kind == "waybill" and r.scanned_id == a.id
    assert {p.id for p in r.groups[0].parcels} == {a.id, b.id}


def test_empty_query_is_refused(database, clock):
    with pytest.raises(ValidationError):
        pickup.lookup(database, clock, "  ", SOURCES)


def test_scan_check_refuses_a_parcel_not_in_the_list_and_says_where_it_is(database, clock):
    a = make_parcel(database, phone="13812345678")
    other = make_parcel(database, phone="13900000000", code="B-2-0033")
    gone = make_parcel(database, phone="13900000000", status="picked_up")
    group = pickup.lookup(database, clock, a.pickup_code, SOURCES).groups[0]
    assert pickup.check_scan(database, group, a.waybill.lower() + "\r\n").id == a.id
    with pytest.raises(NotInList) as e:
        pickup.check_scan(database, group, other.waybill)
    assert e.value.params["code"] == "B-2-0033"
    with pytest.raises(NotInList, match="already left"):
        pickup.check_scan(database, group, gone.waybill)
    with pytest.raises(NotInList, match="never checked in"):
        pickup.check_scan(database, group, "SF1023574626292")


def test_hand_over_scanned_parcels_only_the_rest_stay(database, clock, helper_op):
    a = make_parcel(database)
    b = make_parcel(database)
    res = pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], sources=SOURCES)
    assert res.number.startswith("Q20260310-")
    assert status_of(database, a.id).status == "picked_up"
    assert status_of(database, a.id).handed_over_by == "李芳"
    assert status_of(database, b.id).status == "in_stock"
    with database.reader() as s:
        ev = s.scalars(select(ParcelEvent).where(ParcelEvent.parcel_id == a.id, ParcelEvent.kind == "picked_up")).one()
    assert json.loads(ev.details)["scanned"] is True and ev.operator == "李芳"


def test_receipt_numbers_count_up_per_day(database, clock, helper_op):
    a, b = make_parcel(database), make_parcel(database)
    n1 = pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], sources=SOURCES).number
    n2 = pickup.hand_over(database, helper_op, clock, [b.id], scanned=[b.id], sources=SOURCES).number
    assert (n1[-4:], n2[-4:]) == ("0001", "0002")


def test_proxy_pickup_records_collector_and_relation(database, clock, helper_op):
    a = make_parcel(database)
    with pytest.raises(ValidationError):
        pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], collector="张小明", sources=SOURCES)
    pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], collector="张小明", relation="儿子", sources=SOURCES)
    p = status_of(database, a.id)
    assert (p.collector_name, p.collector_relation) == ("张小明", "儿子")


def test_handover_without_scan_needs_a_reason_and_is_audited(database, clock, helper_op):
    a = make_parcel(database)
    with pytest.raises(ValidationError) as e:
        pickup.hand_over(database, helper_op, clock, [a.id], scanned=[], sources=SOURCES)
    assert e.value.field == "reason"
    res = pickup.hand_over(database, helper_op, clock, [a.id], scanned=[], no_scan_reason="面单破损", sources=SOURCES)
    assert res.unscanned_ids == (a.id,)
    assert status_of(database, a.id).handover_without_scan_reason == "面单破损"
    with database.reader() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == pickup.HANDOVER_WITHOUT_SCAN)).one()
    assert "面单破损" in entry.details and entry.operator == "李芳"


def test_a_failed_handover_changes_nothing(database, clock, helper_op):
    a = make_parcel(database)
    b = make_parcel(database, status="picked_up")
    with pytest.raises(DomainError):
        pickup.hand_over(database, helper_op, clock, [a.id, b.id], scanned=[a.id, b.id], sources=SOURCES)
    assert status_of(database, a.id).status == "in_stock"
    with pytest.raises(DomainError):
        pickup.hand_over(database, helper_op, clock, [uuid.uuid4()], scanned=[], sources=SOURCES)
    # a handover is for one recipient
    c = make_parcel(database, phone="13900000000")
    with pytest.raises(DomainError):
        pickup.hand_over(database, helper_op, clock, [a.id, c.id], scanned=[a.id, c.id], sources=SOURCES)
    assert status_of(database, c.id).status == "in_stock"


def test_money_due_must_be_collected_and_is_recorded(database, clock, boss, helper_op):
    st.save(database, boss, {STORAGE_FEE_PER_DAY_FEN: 50, STORAGE_FREE_DAYS: 2})
    a = make_parcel(database, days_ago=5, fee_fen=300)  # 3 charged days = 150 + 300
    card = pickup.lookup(database, clock, a.pickup_code, SOURCES).groups[0].parcels[0]
    assert card.due_fen == 450 and {d.kind for d in card.dues} == {"fee", "storage"}
    with pytest.raises(ValidationError):
        pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], sources=SOURCES)
    with pytest.raises(ValidationError):  # an assistant cannot let money go
        pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], payment=Payment("cash", 100), sources=SOURCES)
    with pytest.raises(ValidationError):
        pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], payment=Payment("card", 450), sources=SOURCES)
    res = pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], payment=Payment("mobile", 450), sources=SOURCES)
    assert (res.due_fen, res.collected_fen, res.method) == (450, 450, "mobile")
    assert status_of(database, a.id).fee_due_fen == 0
    # the drawer ledger: one parcel_fee row per fee, the pickup receipt's number on each
    assert ledger(database) == [("parcel_fee", "mobile", 300, res.number, a.id, None, "fee"),
                                ("parcel_fee", "mobile", 150, res.number, a.id, None, "storage")]


def test_owner_may_waive_part_and_it_is_audited(database, clock, boss, helper_op):
    a = make_parcel(database, fee_fen=500)
    res = pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], payment=Payment("cash", 200),
                           waived_by=boss, sources=SOURCES)
    assert (res.collected_fen, res.waived_fen) == (200, 300)
    assert ledger(database) == [("parcel_fee", "cash", 200, res.number, a.id, None, "fee")]  # only what was taken
    with database.reader() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == pickup.FEE_WAIVED)).one()
    assert entry.operator == "王小明"


class BalanceSource:
    """What the purchases feature will plug in: an assisted purchase's balance."""

    def __init__(self):
        self.settled = []

    def lines(self, session, parcel, now, cfg):
        from pos.services.pickup.dues import DueLine

        return [DueLine("purchase", "Balance of order {order}", 1200, (("order", "A-1"),), "A-1")]

    def settle(self, session, operator, parcel, line, now):
        self.settled.append((parcel.id, line.reference))


def test_due_sources_are_pluggable(database, clock, helper_op):
    from pos.services.pickup.dues import BUILT_IN_DUE_SOURCES

    src = BalanceSource()
    sources = BUILT_IN_DUE_SOURCES + (src,)
    a = make_parcel(database)
    group = pickup.lookup(database, clock, a.pickup_code, sources).groups[0]
    assert group.due_fen == 1200 and group.parcels[0].dues[0].text() == "Balance of order A-1"
    pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], payment=Payment("cash", 1200),
                     sources=sources)
    assert src.settled == [(a.id, "A-1")]
