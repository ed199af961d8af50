"""The models on a migrated database, SQLite and PostgreSQL: values come back as they went in,
keys are app-made UUIDs, times are aware UTC, and the audit log cannot be changed."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import DateTime, Integer, delete, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError

from pos.db.models import AuditEntry, Base, Setting, Station, User
from pos.db.types import Key, UTCDateTime
from pos.db.unit_of_work import Database

UTC = dt.timezone.utc
BEIJING = dt.timezone(dt.timedelta(hours=8))


def _make_station() -> Station:
    return Station(name="王家村服务站", address="湖南省 某县 王家村 3 组", phone="13800000000")


def _make_user() -> User:
    return User(
        name="李梅",
        role="owner",
        pin_hash="pbkdf2:sha256$abc",
        active=False,
        last_login_at=dt.datetime(2026, 11, 22, 8, 30, 15, 123456, tzinfo=BEIJING),
    )


def _make_setting() -> Setting:
    return Setting(key="printer.width", value='{"columns": 32, "名称": "POS-58"}')


def _make_audit() -> AuditEntry:
    return AuditEntry(
        operator="李梅",
        operator_id=str(uuid.uuid4()),
        action="sale.void",
        details='{"receipt": "R20261122-0007", "reason": "顾客退货"}',
    )


FACTORIES = {
    "station": _make_station,
    "app_user": _make_user,
    "setting": _make_setting,
    "audit_log": _make_audit,
}


def _columns(obj: Base) -> dict[str, object]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def _assert_aware_utc(value: dt.datetime) -> None:
    assert isinstance(value, dt.datetime)
    assert value.tzinfo is not None, "naive datetime came back"
    assert value.utcoffset() == dt.timedelta(0)


# --- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("table", FACTORIES)
def test_round_trip(any_database: Database, table: str):
    obj = FACTORIES[table]()
    with any_database.unit_of_work() as uow:
        uow.add(obj)
    written = _columns(obj)

    with any_database.reader() as s:
        back = s.get(type(obj), obj.id)
        assert back is not None
        assert back is not obj
        read = _columns(back)
    assert read == written
    for value in read.values():
        if isinstance(value, dt.datetime):
            _assert_aware_utc(value)


def test_round_trip_keeps_instant_of_non_utc_time(any_database: Database):
    """A Beijing-time value is stored as the same instant and comes back in UTC."""
    with any_database.unit_of_work() as uow:
        user = _make_user()
        uow.add(user)
    with any_database.reader() as s:
        back = s.get(User, user.id)
    assert back.last_login_at == dt.datetime(2026, 11, 22, 0, 30, 15, 123456, tzinfo=UTC)
    assert back.last_login_at.tzinfo is not None
    assert back.last_login_at.utcoffset() == dt.timedelta(0)


def test_nullable_time_round_trips_as_none(any_database: Database):
    with any_database.unit_of_work() as uow:
        user = User(name="王强", role="assistant", pin_hash="x", last_login_at=None)
        uow.add(user)
    with any_database.reader() as s:
        back = s.get(User, user.id)
    assert back.last_login_at is None
    assert back.active is True  # model default


def test_setting_key_is_unique(any_database: Database):
    with any_database.unit_of_work() as uow:
        uow.add(Setting(key="station.name", value='"A"'))
    with pytest.raises(IntegrityError):
        with any_database.unit_of_work() as uow:
            uow.add(Setting(key="station.name", value='"B"'))
    with any_database.reader() as s:
        assert s.scalars(select(Setting.value).where(Setting.key == "station.name")).all() == ['"A"']


# --- keys -----------------------------------------------------------------------------------


def _record_tables():
    return [t for t in Base.metadata.sorted_tables if {"id", "created_at", "updated_at"} <= set(t.c.keys())]


def test_every_record_table_has_app_generated_uuid_key_and_utc_times():
    """Derived from the models: new tables get the same rules without a new test."""
    record_tables = _record_tables()
    assert {"station", "app_user", "setting", "audit_log"} <= {t.name for t in record_tables}
    for table in record_tables:
        id_col = table.c.id
        assert [c.name for c in table.primary_key.columns] == ["id"], table.name
        assert isinstance(id_col.type, Key), table.name
        assert id_col.default is not None and id_col.default.is_callable, table.name
        assert id_col.server_default is None, f"{table.name}.id must come from the app"
        for name in ("created_at", "updated_at"):
            assert isinstance(table.c[name].type, UTCDateTime), f"{table.name}.{name}"
            assert not table.c[name].nullable, f"{table.name}.{name}"


def test_every_datetime_column_is_utc_aware():
    for table in Base.metadata.sorted_tables:
        for col in table.columns:
            if isinstance(col.type, DateTime):
                pytest.fail(f"{table.name}.{col.name} is a plain DateTime: use pos.db.types.UTCDateTime")


def test_every_fen_column_is_an_integer():
    for table in Base.metadata.sorted_tables:
        for col in table.columns:
            if col.name.endswith("_fen"):
                assert isinstance(col.type, Integer), f"{table.name}.{col.name} must hold integer fen"


def test_uuid_keys_are_made_by_the_app(any_database: Database):
    with any_database.unit_of_work() as uow:
        stations = [_make_station() for _ in range(3)]
        for st in stations:
            assert st.id is None  # nothing assigned until flush ...
        uow.add_all(stations)
        uow.flush()
        ids = [st.id for st in stations]
    for key in ids:
        assert isinstance(key, uuid.UUID)
        assert key.version == 7  # ... then pos.db.keys.new_key() in Python, not a database sequence
    assert len(set(ids)) == 3
    with any_database.reader() as s:
        assert set(s.scalars(select(Station.id))) == set(ids)


def test_explicit_uuid_key_is_kept(any_database: Database):
    """Records merged from another station keep their keys."""
    key = uuid.UUID("0b7a4c3e-2f1d-4e5a-9c8b-7d6e5f4a3b2c")
    with any_database.unit_of_work() as uow:
        st = _make_station()
        st.id = key
        uow.add(st)
    with any_database.reader() as s:
        assert s.get(Station, key).name == "王家村服务站"


# --- times ----------------------------------------------------------------------------------


def test_created_and_updated_at_are_aware_utc(any_database: Database):
    before = dt.datetime.now(UTC)
    with any_database.unit_of_work() as uow:
        st = _make_station()
        uow.add(st)
    after = dt.datetime.now(UTC)
    with any_database.reader() as s:
        back = s.get(Station, st.id)
    for value in (back.created_at, back.updated_at):
        _assert_aware_utc(value)
        assert before <= value <= after


def test_updated_at_moves_on_update_and_created_at_does_not(any_database: Database):
    past = dt.datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    with any_database.unit_of_work() as uow:
        st = _make_station()
        st.created_at = past
        st.updated_at = past
        uow.add(st)
    with any_database.unit_of_work() as uow:
        uow.get(Station, st.id).phone = "13900000000"
    with any_database.reader() as s:
        back = s.get(Station, st.id)
    assert back.phone == "13900000000"
    assert back.created_at == past
    assert back.updated_at > past
    _assert_aware_utc(back.updated_at)


@pytest.mark.parametrize(
    "naive",
    [dt.datetime(2026, 11, 22, 8, 30), dt.datetime.now()],
    ids=["fixed", "now"],
)
def test_naive_datetime_is_refused(any_database: Database, naive: dt.datetime):
    with pytest.raises(StatementError, match="naive datetime") as info:
        with any_database.unit_of_work() as uow:
            user = _make_user()
            user.last_login_at = naive
            uow.add(user)
    assert isinstance(info.value.orig, ValueError)
    with any_database.reader() as s:
        assert s.scalars(select(User)).all() == []  # rolled back, nothing half-written


def test_naive_datetime_is_refused_in_queries_too(any_database: Database):
    with pytest.raises(StatementError, match="naive datetime"):
        with any_database.reader() as s:
            s.execute(select(AuditEntry).where(AuditEntry.at < dt.datetime(2026, 1, 1)))


# --- the audit log is append-only -----------------------------------------------------------


@pytest.fixture
def audit_entry(any_database: Database) -> AuditEntry:
    entry = _make_audit()
    with any_database.unit_of_work() as uow:
        uow.add(entry)
    return entry


def _refused(db: Database, statement) -> None:
    with pytest.raises(DBAPIError, match="append-only"):
        with db.unit_of_work() as uow:
            uow.execute(statement)


def test_audit_log_update_is_refused_by_the_database(any_database: Database, audit_entry: AuditEntry):
    _refused(any_database, update(AuditEntry).where(AuditEntry.id == audit_entry.id).values(action="x"))
    _refused(any_database, text("UPDATE audit_log SET details = ''"))
    with pytest.raises(DBAPIError, match="append-only"):
        with any_database.unit_of_work() as uow:
            uow.get(AuditEntry, audit_entry.id).details = "rewritten"
    with any_database.reader() as s:
        assert _columns(s.get(AuditEntry, audit_entry.id)) == _columns(audit_entry)


def test_audit_log_delete_is_refused_by_the_database(any_database: Database, audit_entry: AuditEntry):
    _refused(any_database, delete(AuditEntry).where(AuditEntry.id == audit_entry.id))
    _refused(any_database, text("DELETE FROM audit_log"))
    with pytest.raises(DBAPIError, match="append-only"):
        with any_database.unit_of_work() as uow:
            uow.delete(uow.get(AuditEntry, audit_entry.id))
    with any_database.reader() as s:
        assert s.scalars(select(AuditEntry.id)).all() == [audit_entry.id]


def test_audit_log_insert_still_works(any_database: Database, audit_entry: AuditEntry):
    with any_database.unit_of_work() as uow:
        uow.add(AuditEntry(operator="王强", operator_id="", action="login.failed", details=""))
    with any_database.reader() as s:
        assert len(s.scalars(select(AuditEntry)).all()) == 2

