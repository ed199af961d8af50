"""Owner approval cannot be brute-forced (issue 14, item 2): wrong owner PINs in the approval
dialog lock the owner as wrong PINs lock the login screen, the lock survives a restart, every
failure is audited and the owner is told at the next login. Owner-only services check the role
themselves, whatever the UI did."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from pos.db.models import AuditEntry, User
from pos.domain.errors import PermissionDenied
from pos.domain.pins import ScryptCost, hash_pin, needs_rehash
from pos.domain.station import StationDetails
from pos.domain.users import Operator, Role
from pos.services import audit
from pos.services import settings as st
from pos.services.station import setup as station
from pos.services.station.auth import (
    LOCK_SECONDS, MAX_FAILURES, AuthService, LoginFailed, LoginLocked, OwnerApprovalLocked,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def owner(database):
    return station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "123456")


@pytest.fixture
def auth(database, clock, owner):
    return AuthService(database, clock)


@pytest.fixture
def assistant(auth, owner):
    auth.add_assistant(owner, "李芳", "5678")
    return auth.login("5678")


def actions(database, action):
    with database.reader() as s:
        return s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.at)).all()


def test_wrong_owner_pins_lock_approval_even_for_the_right_pin(auth, assistant, clock, database):
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(PermissionDenied):
            auth.approve_as_owner(assistant, "000000", "drawer.open")
    with pytest.raises(OwnerApprovalLocked):
        auth.approve_as_owner(assistant, "000001", "drawer.open")
    with pytest.raises(OwnerApprovalLocked) as e:
        auth.approve_as_owner(assistant, "123456", "drawer.open")  # the right PIN is not even tried
    assert e.value.seconds == LOCK_SECONDS
    assert len(actions(database, audit.OWNER_OVERRIDE_FAILED)) == MAX_FAILURES + 1  # the locked try too
    assert actions(database, audit.OWNER_OVERRIDE_LOCKED)
    clock.advance(LOCK_SECONDS)
    assert auth.approve_as_owner(assistant, "123456", "drawer.open").role is Role.OWNER


def test_brute_force_gets_nowhere(auth, assistant, clock):
    tried = 0
    for guess in range(100):
        try:
            auth.approve_as_owner(assistant, f"{guess:06d}", "drawer.open")
        except OwnerApprovalLocked:
            continue
        except PermissionDenied:
            tried += 1
    assert tried < MAX_FAILURES  # a hundred tries in a row: only the first few were checked


def test_the_approval_lock_survives_a_restart(database, clock, owner, assistant):
    for _ in range(MAX_FAILURES):
        try:
            AuthService(database, clock).approve_as_owner(assistant, "000000", "refund")
        except PermissionDenied:
            pass
    with pytest.raises(OwnerApprovalLocked):
        AuthService(database, clock).approve_as_owner(assistant, "123456", "refund")


def test_approval_is_refused_while_login_is_locked(auth, assistant):
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(LoginFailed):
            auth.login("0000")
    with pytest.raises(LoginLocked):
        auth.login("0000")
    with pytest.raises((LoginLocked, OwnerApprovalLocked)):
        auth.approve_as_owner(assistant, "123456", "drawer.open")


def test_login_and_approval_failures_count_together(auth, assistant):
    for _ in range(MAX_FAILURES - 2):
        with pytest.raises(LoginFailed):
            auth.login("0000")
    with pytest.raises(PermissionDenied):
        auth.approve_as_owner(assistant, "000000", "drawer.open")
    with pytest.raises(OwnerApprovalLocked):
        auth.approve_as_owner(assistant, "000001", "drawer.open")


def test_the_lock_is_the_owners_not_the_stations(auth, assistant, owner):
    for _ in range(MAX_FAILURES):
        try:
            auth.approve_as_owner(assistant, "000000", "drawer.open")
        except PermissionDenied:
            pass
    assert auth.lock_remaining() == 0
    assert auth.login("5678").name == "李芳"  # the assistant still works
    # the owner's own PIN at the login screen is refused like any wrong PIN while the owner is
    # locked: the login screen must not tell a guesser that this PIN was right
    with pytest.raises(LoginFailed) as right:
        auth.login("123456")
    with pytest.raises(LoginFailed) as wrong:
        auth.login("654321")
    assert type(right.value) is type(wrong.value) and right.value.message == wrong.value.message


def test_own_logins_in_between_do_not_reset_the_count(auth, assistant):
    """An assistant guessing at the login screen and logging in as themselves in between."""
    for _ in range(2):
        for _ in range(2):
            with pytest.raises(LoginFailed):
                auth.login("0000")
        auth.login("5678")
    with pytest.raises(LoginLocked):
        auth.login("0001")


def test_the_owner_sees_failed_approvals_at_the_next_login(auth, assistant, clock):
    for _ in range(2):
        with pytest.raises(PermissionDenied):
            auth.approve_as_owner(assistant, "000000", "refund")
        clock.advance(30)
    boss = auth.login("123456")
    seen = auth.take_failed_approvals(boss)
    assert [(f.by, f.action) for f in seen] == [("李芳", "refund")] * 2
    assert seen[0].at == dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.timezone.utc)
    assert auth.take_failed_approvals(boss) == []  # told once
    with pytest.raises(PermissionDenied):
        auth.take_failed_approvals(assistant)


def test_an_old_hash_is_replaced_at_login(auth, database, owner):
    with database.unit_of_work() as s:
        s.get(User, owner.id).pin_hash = hash_pin("123456", cost=ScryptCost(2**11, 8, 1))
    auth.login("123456")
    with database.reader() as s:
        assert not needs_rehash(s.get(User, owner.id).pin_hash)
    assert auth.login("123456").id == owner.id


# role checks in the services --------------------------------------------------------------------
def test_settings_save_refuses_an_assistant(database, owner, assistant):
    with pytest.raises(PermissionDenied):
        st.save(database, assistant, {st.IDLE_LOCK_MINUTES: 600})
    assert st.read(database, st.IDLE_LOCK_MINUTES) == st.IDLE_LOCK_MINUTES.default
    assert st.save(database, assistant, {st.LANGUAGE: "en"}) == [st.LANGUAGE.key]  # the assistant's own screen
    assert st.save(database, owner, {st.IDLE_LOCK_MINUTES: 10}) == [st.IDLE_LOCK_MINUTES.key]


def test_restore_refuses_an_assistant(tmp_path, database, assistant):
    from pos.paths import DataPaths
    from pos.services.station import backups

    paths = DataPaths(tmp_path / "data")
    with pytest.raises(PermissionDenied):
        backups.restore_backup(paths, database.engine.url, tmp_path / "any.sqlite3", live_db=database,
                               operator=assistant)


def test_villager_export_refuses_an_assistant(tmp_path, database, assistant):
    from pos.services.villagers import csv_io

    with pytest.raises(PermissionDenied):
        csv_io.export_villagers(database, assistant, tmp_path / "v.csv")
    assert not (tmp_path / "v.csv").exists()
    with pytest.raises(PermissionDenied):
        csv_io.export_villagers(database, Operator(uuid.uuid4(), "冒名", Role.ASSISTANT), tmp_path / "v.csv")
