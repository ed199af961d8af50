"""Logging in with a PIN, the lock after repeated failures, owner approval, and user admin.

A PIN identifies its user (PINs are unique within the station), so the partner types only the
PIN and presses Enter. Failure counts and the lock live in the database, so restarting the app
does not lift a lock.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import User
from pos.db.unit_of_work import Database
from pos.domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.pins import hash_pin, validate_pin, verify_pin
from pos.domain.station import clean_person_name
from pos.domain.users import Operator, Role, UserView
from pos.services import audit
from pos.services import settings as st
from pos.services.clock import Clock, system_clock

MAX_FAILURES = 5
LOCK_SECONDS = 60

_FAILURES = st.SettingDef("security.login_failures", 0)
_LOCKED_UNTIL = st.SettingDef("security.login_locked_until", None)


class LoginFailed(DomainError):
    def __init__(self, message: str, remaining: int, **params) -> None:
        self.remaining = remaining
        super().__init__(message, remaining=remaining, **params)


class LoginLocked(DomainError):
    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(
            tr_noop("errors", "Too many wrong PINs. Login is locked for {seconds} more seconds."),
            seconds=seconds,
        )


def _operator(u: User) -> Operator:
    return Operator(u.id, u.name, Role(u.role))


class AuthService:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    # login ------------------------------------------------------------------------------------
    def lock_remaining(self) -> int:
        """Seconds until login is allowed again (0 when it is)."""
        with self.db.reader() as s:
            return self._lock_remaining(s)

    def _lock_remaining(self, s: Session) -> int:
        until = st.get(s, _LOCKED_UNTIL)
        if not until:
            return 0
        left = (dt.datetime.fromisoformat(until) - self.clock()).total_seconds()
        return max(0, int(left + 0.999))

    def login(self, pin: str) -> Operator:
        with self.db.unit_of_work() as s:
            left = self._lock_remaining(s)
            if left:
                raise LoginLocked(left)
            user = self._match(s, pin)
            if user is None:
                failures = int(st.get(s, _FAILURES)) + 1
                audit.record(s, None, audit.LOGIN_FAILED, {"attempt": failures})
                if failures >= MAX_FAILURES:
                    until = self.clock() + dt.timedelta(seconds=LOCK_SECONDS)
                    st.put(s, _LOCKED_UNTIL, until.isoformat())
                    st.put(s, _FAILURES, 0)
                    audit.record(s, None, audit.LOGIN_LOCKED, {"seconds": LOCK_SECONDS})
                    failure: DomainError = LoginLocked(LOCK_SECONDS)
                else:
                    st.put(s, _FAILURES, failures)
                    failure = LoginFailed(
                        tr_noop("errors", "Wrong PIN. {remaining} tries left before login is locked for a minute."),
                        remaining=MAX_FAILURES - failures,
                    )
            else:
                st.put(s, _FAILURES, 0)
                st.put(s, _LOCKED_UNTIL, None)
                user.last_login_at = self.clock()
                op = _operator(user)
                audit.record(s, op, audit.LOGIN)
                return op
        # raised after the commit, so the failure count and audit entry are kept
        raise failure

    def logout(self, operator: Operator, reason: str = "") -> None:
        with self.db.unit_of_work() as s:
            audit.record(s, operator, audit.LOGOUT, reason)

    def _match(self, s: Session, pin: str, role: Role | None = None) -> User | None:
        if not isinstance(pin, str) or not pin.isdigit():
            return None
        q = select(User).where(User.active.is_(True))
        if role is not None:
            q = q.where(User.role == role.value)
        # the most recent user first: usually the one at the counter, so one hash check
        users = s.scalars(q.order_by(User.last_login_at.desc().nulls_last())).all()
        for u in users:
            if verify_pin(pin, u.pin_hash):
                return u
        return None

    # owner approval on the spot ------------------------------------------------------------
    def approve_as_owner(self, current: Operator, pin: str, action: str) -> Operator:
        """The owner types their PIN at the assistant's counter to allow one action."""
        with self.db.unit_of_work() as s:
            owner = self._match(s, pin, Role.OWNER)
            if owner is None:
                audit.record(s, current, audit.OWNER_OVERRIDE_FAILED, {"action": action})
            else:
                approved = _operator(owner)
                audit.record(s, approved, audit.OWNER_OVERRIDE, {"action": action, "for": current.name})
        if owner is None:
            raise PermissionDenied(tr_noop("errors", "That is not the owner's PIN."))
        return approved

    # users ------------------------------------------------------------------------------------
    def users(self) -> list[UserView]:
        with self.db.reader() as s:
            rows = s.scalars(select(User).order_by(User.created_at)).all()
            return [UserView(u.id, u.name, Role(u.role), u.active) for u in rows]

    def add_assistant(self, owner: Operator, name: str, pin: str) -> UserView:
        self._require_owner(owner)
        name = clean_person_name(name)
        validate_pin(pin)
        pin_hash = hash_pin(pin)
        with self.db.unit_of_work() as s:
            self._refuse_taken_pin(s, pin)
            u = User(name=name, role=Role.ASSISTANT.value, pin_hash=pin_hash, active=True)
            s.add(u)
            s.flush()
            audit.record(s, owner, audit.USER_ADDED, {"name": name, "role": u.role})
            return UserView(u.id, u.name, Role(u.role), u.active)

    def change_pin(self, owner: Operator, user_id: uuid.UUID, new_pin: str) -> None:
        self._require_owner(owner)
        validate_pin(new_pin)
        pin_hash = hash_pin(new_pin)
        with self.db.unit_of_work() as s:
            u = self._user(s, user_id)
            self._refuse_taken_pin(s, new_pin, except_id=u.id)
            u.pin_hash = pin_hash
            audit.record(s, owner, audit.USER_PIN_CHANGED, {"name": u.name})

    def set_active(self, owner: Operator, user_id: uuid.UUID, active: bool) -> None:
        self._require_owner(owner)
        with self.db.unit_of_work() as s:
            u = self._user(s, user_id)
            if u.role == Role.OWNER.value and not active:
                raise ValidationError(tr_noop("errors", "The owner cannot be deactivated."))
            if u.active != active:
                u.active = active
                action = audit.USER_REACTIVATED if active else audit.USER_DEACTIVATED
                audit.record(s, owner, action, {"name": u.name})

    def _user(self, s: Session, user_id: uuid.UUID) -> User:
        u = s.get(User, user_id)
        if u is None:
            raise NotFound(tr_noop("errors", "That user no longer exists."))
        return u

    def _refuse_taken_pin(self, s: Session, pin: str, except_id: uuid.UUID | None = None) -> None:
        for u in s.scalars(select(User).where(User.active.is_(True))):
            if u.id != except_id and verify_pin(pin, u.pin_hash):
                raise ValidationError(
                    tr_noop("errors", "Another user already has this PIN; please choose a different one."),
                    field="pin",
                )

    @staticmethod
    def _require_owner(op: Operator) -> None:
        if not op.is_owner:
            raise PermissionDenied(tr_noop("errors", "Only the owner can manage users."))
