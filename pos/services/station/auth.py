"""Logging in with a PIN, the lock after repeated failures, owner approval, and user admin.

A PIN identifies its user (PINs are unique within the station), so the partner types only the
PIN and presses Enter. Failures and locks live in the database, so restarting the app does not
lift a lock.

Two kinds of failure, counted together:

- At the login screen a wrong PIN matches nobody, so it cannot be held against one user: it
  counts on the login screen's own count, and MAX_FAILURES of them within FAILURE_WINDOW lock
  the login screen (for everyone: otherwise the screen would answer guesses for every PIN
  without limit). A successful login does not clear that count, or an assistant could guess
  the owner's PIN a few times, log in as themselves, and start again.
- In the owner-approval dialog the PIN is meant to be an owner's, so a wrong one counts against
  the owner (each owner when there are several). When the owner's failures plus the login
  screen's reach MAX_FAILURES, the owner is locked: approval is refused without checking the
  PIN, and the owner's PIN at the login screen is answered as a wrong one (so the screen does
  not tell a guesser it was right). Assistants keep working. The owner's own success clears
  the owner's count; each failure is audited, and the owner is shown them at the next login.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import AuditEntry, User
from pos.db.unit_of_work import Database
from pos.domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.pins import hash_pin, needs_rehash, validate_pin, verify_pin
from pos.domain.station import clean_person_name
from pos.domain.users import Operator, Role, UserView
from pos.services import audit
from pos.services import settings as st
from pos.services.clock import Clock, system_clock

MAX_FAILURES = 5
LOCK_SECONDS = 60
FAILURE_WINDOW = dt.timedelta(minutes=15)  # failures older than this are forgotten
SHOWN_FAILED_APPROVALS = 20

_SCREEN_FAILURES = st.SettingDef("security.login_failure_times", None)
_LOCKED_UNTIL = st.SettingDef("security.login_locked_until", None)


def _user_failures(user_id: uuid.UUID) -> st.SettingDef:
    return st.SettingDef(f"security.user_failure_times.{user_id}", None)


def _user_locked_until(user_id: uuid.UUID) -> st.SettingDef:
    return st.SettingDef(f"security.user_locked_until.{user_id}", None)


def _approvals_seen(user_id: uuid.UUID) -> st.SettingDef:
    return st.SettingDef(f"security.failed_approvals_seen.{user_id}", None)


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


class OwnerApprovalLocked(PermissionDenied):
    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(
            tr_noop("errors", "Too many wrong owner PINs. Owner approval is locked for {seconds} more seconds."),
            seconds=seconds,
        )


@dataclass(frozen=True)
class FailedApproval:
    at: dt.datetime
    by: str  # who was logged in at the counter
    action: str


def _operator(u: User) -> Operator:
    return Operator(u.id, u.name, Role(u.role))


class AuthService:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    # the counts and locks -----------------------------------------------------------------------
    def lock_remaining(self) -> int:
        """Seconds until the login screen takes PINs again (0 when it does)."""
        with self.db.reader() as s:
            return self._left(s, _LOCKED_UNTIL)

    def _left(self, s: Session, until_def: st.SettingDef) -> int:
        until = st.get(s, until_def)
        if not isinstance(until, str) or not until:
            return 0
        try:
            left = (dt.datetime.fromisoformat(until) - self.clock()).total_seconds()
        except ValueError:
            return 0
        return max(0, int(left + 0.999))

    def _recent(self, s: Session, d: st.SettingDef) -> list[str]:
        """Failure times still inside the window (ISO text, oldest first)."""
        stored = st.get(s, d)
        if not isinstance(stored, list):
            return []
        since = self.clock() - FAILURE_WINDOW
        kept = []
        for text in stored:
            try:
                if dt.datetime.fromisoformat(text) > since:
                    kept.append(text)
            except (TypeError, ValueError):
                continue
        return kept

    def _user_left(self, s: Session, user_id: uuid.UUID) -> int:
        return max(self._left(s, _LOCKED_UNTIL), self._left(s, _user_locked_until(user_id)))

    def _lock(self, s: Session, d: st.SettingDef) -> None:
        st.put(s, d, (self.clock() + dt.timedelta(seconds=LOCK_SECONDS)).isoformat())

    # login ------------------------------------------------------------------------------------
    def login(self, pin: str) -> Operator:
        with self.db.unit_of_work() as s:
            left = self._left(s, _LOCKED_UNTIL)
            if left:
                raise LoginLocked(left)
            user = self._match(s, pin)
            if user is not None and self._user_left(s, user.id):
                user = None  # a locked user's PIN is answered as a wrong one: no oracle
            if user is None:
                failure = self._screen_failure(s)
            else:
                op = _operator(user)
                self._succeeded(s, user, pin)
                audit.record(s, op, audit.LOGIN, at=self.clock())
                return op
        # raised after the commit, so the failure count and audit entry are kept
        raise failure

    def _screen_failure(self, s: Session) -> DomainError:
        now = self.clock()
        times = self._recent(s, _SCREEN_FAILURES) + [now.isoformat()]
        st.put(s, _SCREEN_FAILURES, times[-MAX_FAILURES * 4:])
        audit.record(s, None, audit.LOGIN_FAILED, {"attempt": len(times)}, at=now)
        # an owner's own count joins the screen's: guesses at both places add up
        for owner in self._owners(s):
            if len(times) + len(self._recent(s, _user_failures(owner.id))) >= MAX_FAILURES:
                self._lock(s, _user_locked_until(owner.id))
        if len(times) >= MAX_FAILURES:
            self._lock(s, _LOCKED_UNTIL)
            audit.record(s, None, audit.LOGIN_LOCKED, {"seconds": LOCK_SECONDS}, at=now)
            return LoginLocked(LOCK_SECONDS)
        return LoginFailed(
            tr_noop("errors", "Wrong PIN (or a PIN locked after wrong tries). {remaining} tries left before "
                    "login is locked for a minute."),
            remaining=MAX_FAILURES - len(times),
        )

    def _succeeded(self, s: Session, user: User, pin: str) -> None:
        """The user proved who they are: their own failures are forgotten (not the screen's)."""
        st.put(s, _user_failures(user.id), None)
        st.put(s, _user_locked_until(user.id), None)
        user.last_login_at = self.clock()
        if needs_rehash(user.pin_hash):
            user.pin_hash = hash_pin(pin)  # made at an older, cheaper cost

    def logout(self, operator: Operator, reason: str = "") -> None:
        with self.db.unit_of_work() as s:
            audit.record(s, operator, audit.LOGOUT, reason)

    def _owners(self, s: Session) -> list[User]:
        return list(s.scalars(select(User).where(User.active.is_(True), User.role == Role.OWNER.value)
                              .order_by(User.created_at)))

    def _match(self, s: Session, pin: str, users: list[User] | None = None) -> User | None:
        if not isinstance(pin, str) or not pin.isdigit():
            return None
        if users is None:
            # the most recent user first: usually the one at the counter, so one hash check
            users = list(s.scalars(select(User).where(User.active.is_(True))
                                   .order_by(User.last_login_at.desc().nulls_last())))
        for u in users:
            if verify_pin(pin, u.pin_hash):
                return u
        return None

    # owner approval on the spot ------------------------------------------------------------
    def approve_as_owner(self, current: Operator, pin: str, action: str) -> Operator:
        """The owner types their PIN at the assistant's counter to allow one action."""
        with self.db.unit_of_work() as s:
            now = self.clock()
            owners = self._owners(s)
            open_ = [o for o in owners if not self._user_left(s, o.id)]
            if not open_:
                left = max([self._user_left(s, o.id) for o in owners] or [self._left(s, _LOCKED_UNTIL)])
                audit.record(s, current, audit.OWNER_OVERRIDE_FAILED, {"action": action, "locked": True}, at=now)
                failure: DomainError = OwnerApprovalLocked(left or LOCK_SECONDS)
            else:
                owner = self._match(s, pin, open_)
                if owner is not None:
                    approved = _operator(owner)
                    self._succeeded_approval(s, owner, pin)
                    audit.record(s, approved, audit.OWNER_OVERRIDE, {"action": action, "for": current.name}, at=now)
                    return approved
                failure = self._approval_failure(s, current, action, open_)
        raise failure

    def _succeeded_approval(self, s: Session, owner: User, pin: str) -> None:
        st.put(s, _user_failures(owner.id), None)
        if needs_rehash(owner.pin_hash):
            owner.pin_hash = hash_pin(pin)

    def _approval_failure(self, s: Session, current: Operator, action: str, owners: list[User]) -> DomainError:
        now = self.clock()
        screen = len(self._recent(s, _SCREEN_FAILURES))
        audit.record(s, current, audit.OWNER_OVERRIDE_FAILED, {"action": action}, at=now)
        remaining = MAX_FAILURES
        for owner in owners:
            times = self._recent(s, _user_failures(owner.id)) + [now.isoformat()]
            st.put(s, _user_failures(owner.id), times[-MAX_FAILURES * 4:])
            if screen + len(times) >= MAX_FAILURES:
                self._lock(s, _user_locked_until(owner.id))
                audit.record(s, current, audit.OWNER_OVERRIDE_LOCKED,
                             {"owner": owner.name, "seconds": LOCK_SECONDS}, at=now)
            remaining = min(remaining, MAX_FAILURES - screen - len(times))
        if remaining <= 0:
            return OwnerApprovalLocked(LOCK_SECONDS)
        return PermissionDenied(
            tr_noop("errors", "That is not the owner's PIN. {remaining} tries left before owner approval is "
                    "locked for a minute."),
            remaining=remaining,
        )

    def take_failed_approvals(self, owner: Operator) -> list[FailedApproval]:
        """Wrong owner PINs typed at the counter since the owner was last told (oldest first),
        at most SHOWN_FAILED_APPROVALS; the owner is told each only once."""
        if not owner.is_owner:
            raise PermissionDenied(tr_noop("errors", "Only the owner can see failed owner approvals."))
        with self.db.unit_of_work() as s:
            seen = st.get(s, _approvals_seen(owner.id))
            q = select(AuditEntry).where(AuditEntry.action == audit.OWNER_OVERRIDE_FAILED)
            if isinstance(seen, str) and seen:
                try:
                    q = q.where(AuditEntry.at > dt.datetime.fromisoformat(seen))
                except ValueError:
                    pass
            rows = s.scalars(q.order_by(AuditEntry.at.desc()).limit(SHOWN_FAILED_APPROVALS)).all()
            if rows:
                st.put(s, _approvals_seen(owner.id), rows[0].at.isoformat())
            return [FailedApproval(r.at, r.operator, _action_of(r.details)) for r in reversed(rows)]

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


def _action_of(details: str) -> str:
    try:
        data = json.loads(details)
    except ValueError:
        return ""
    return str(data.get("action", "")) if isinstance(data, dict) else ""
