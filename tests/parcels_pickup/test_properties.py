import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos.domain.errors import DomainError, ValidationError
from pos.services.pickup import handover as pickup
from pos.services.pickup.handover import NotInList
from pos.services.clock import ManualClock
from pos.wiring import station_due_sources

from .factory import NOW, make_parcel

SOURCES = station_due_sources()  # what pos.app wires the pickup page with

KINDS = {"code", "tail", "phone", "masked", "waybill", "name"}
queries = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"[A-C]-[1-4]-\d{4}", fullmatch=True),
    st.from_regex(r"\d{4}", fullmatch=True),
    st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
    st.from_regex(r"1[3-9]\d\*{4}\d{4}", fullmatch=True),
    st.text(alphabet="张王李赵刘陈%_\\' ", min_size=1, max_size=6),
)


@given(queries)
def test_classify_reads_anything_or_says_what_to_type(q):
    try:
        kind, value = pickup.classify(q)
    except ValidationError as e:
        assert e.field == "query"
        return
    assert kind in KINDS and value


@pytest.fixture(scope="module")
def stocked(tmp_path_factory):
    from pos.db.engine import make_engine, sqlite_url
    from pos.db.migrate import upgrade
    from pos.db.unit_of_work import Database

    eng = make_engine(sqlite_url(tmp_path_factory.mktemp("prop") / "p.sqlite3"))
    upgrade(eng, "head")
    db = Database(eng)
    parcels = [make_parcel(db, phone=f"1381234{i:04d}", name=n) for i, n in enumerate(["张三", "李四", "王五"])]
    parcels.append(make_parcel(db, phone="13900005678", status="picked_up"))
    yield db, parcels
    eng.dispose()


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(queries)
def test_lookup_never_fails_and_only_lists_parcels_in_stock(stocked, q):
    db, parcels = stocked
    try:
        res = pickup.lookup(db, ManualClock(NOW), q, SOURCES)
    except DomainError:
        return
    gone = {p.id for p in parcels if p.status != "in_stock"}
    assert not any(c.id in gone for g in res.groups for c in g.parcels)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30))
def test_a_scan_is_accepted_only_for_a_listed_waybill(stocked, raw):
    db, parcels = stocked
    group = pickup.lookup(db, ManualClock(NOW), parcels[0].pickup_code, SOURCES).groups[0]
    listed = {c.waybill for c in group.parcels}
    try:
        got = pickup.verify_scan(group, raw)
    except NotInList:
        return
    assert got.waybill in listed


@given(st.sampled_from(["", " ", "\r\n", "\t"]), st.booleans())
def test_scanner_noise_does_not_refuse_the_right_parcel(stocked, noise, lower):
    db, parcels = stocked
    group = pickup.lookup(db, ManualClock(NOW), parcels[0].pickup_code, SOURCES).groups[0]
    raw = parcels[0].waybill.lower() if lower else parcels[0].waybill
    assert pickup.verify_scan(group, noise + raw + noise).id == parcels[0].id
