"""County staff: accounts, logins with lockout, server-side sessions and their CSRF tokens.

Passwords are scrypt hashes in the station PINs' format (pos.domain.pins: cost and salt in the
string). A session cookie is a random token; only its SHA-256 is stored, with the session's CSRF
token, which every form sends back in a hidden field.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import logging
import os
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pos.county.keys import digest, now
from pos.county.models import StaffUser, WebSession
from pos.domain import pins

log = logging.getLogger("pos.county")

ROLES = ("administrator", "viewer")
MIN_PASSWORD = 8
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
IDLE_LIMIT = dt.timedelta(hours=8)
_TOUCH_EVERY = dt.timedelta(minutes=1)  # last_seen_at is written at most this often


class LoginRefused(Exception):
    """``reason``: "wrong" (name or password) or "locked" (until ``until``)."""

    def __init__(self, reason: str, until: dt.datetime | None = None) -> None:
        super().__init__(reason)
        self.reason, self.until = reason, until


def check_password_rules(password: str) -> str | None:
    """Why the password will not do (English), or None."""
    if len(password) < MIN_PASSWORD:
        return f"The password must have at least {MIN_PASSWORD} characters."
    if len(password) > 200:
        return "The password is longer than 200 characters."
    return None


def hash_password(password: str) -> str:
    cost = pins.current_cost()
    salt = os.urandom(16)
    got = hashlib.scrypt(password.encode(), salt=salt, n=cost.n, r=cost.r, p=cost.p, dklen=32,
                         maxmem=cost.memory + 2**21)
    b64 = base64.b64encode
    return f"scrypt${cost.n}${cost.r}${cost.p}${b64(salt).decode()}${b64(got).decode()}"


def verify_password(password: str, stored: str) -> bool:
    # the PIN check reads any scrypt$ string, whatever was hashed, and compares in constant time
    return pins.verify_pin(password, stored)


# an unknown name costs one hash too, so timing does not tell which names exist
_DUMMY_HASH = ""


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if not _DUMMY_HASH or pins._parse(_DUMMY_HASH)[0] != pins.current_cost():  # type: ignore[index]
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    return _DUMMY_HASH


def add_user(session: Session, name: str, role: str, password: str) -> bool:
    """Make the account, or give an existing one this role and password (and unlock it).
    True when new. ValueError for a bad name, role or password."""
    name = name.strip()
    if not name or len(name) > 50 or not name.isprintable():
        raise ValueError("name")
    if role not in ROLES:
        raise ValueError("role")
    if check_password_rules(password):
        raise ValueError("password")
    user = session.scalar(select(StaffUser).where(StaffUser.name == name))
    created = user is None
    if user is None:
        user = StaffUser(name=name, role=role, password_hash=hash_password(password))
        session.add(user)
    else:
        user.role, user.password_hash = role, hash_password(password)
        user.failed_logins, user.locked_until = 0, None
        session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    session.flush()
    return created


def check_login(session: Session, name: str, password: str, client: str = "?") -> StaffUser:
    """The user, or LoginRefused. The caller commits either way: failures are counted."""
    t = now()
    user = session.scalar(select(StaffUser).where(StaffUser.name == name.strip()).with_for_update())
    if user is None:
        verify_password(password, _dummy_hash())
        log.warning("web login refused from %s: no staff user %r", client, name[:50])
        raise LoginRefused("wrong")
    if user.locked_until is not None and user.locked_until > t:
        log.warning("web login refused from %s: %s is locked until %s", client, user.name, user.locked_until)
        raise LoginRefused("locked", user.locked_until)
    if not verify_password(password, user.password_hash):
        user.failed_logins = (0 if user.locked_until is not None else user.failed_logins) + 1
        user.locked_until = None
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = t + LOCKOUT
            log.warning("web login: %s locked for %d min after %d wrong passwords (last from %s)",
                        user.name, LOCKOUT.seconds // 60, user.failed_logins, client)
            raise LoginRefused("locked", user.locked_until)
        log.warning("web login refused from %s: wrong password for %s (%d)", client, user.name, user.failed_logins)
        raise LoginRefused("wrong")
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, t
    log.info("web login: %s (%s) from %s", user.name, user.role, client)
    return user


@dataclass(frozen=True)
class SignedIn:
    user: StaffUser
    session: WebSession


def start_session(session: Session, user: StaffUser) -> tuple[str, str]:
    """A new session for ``user``: (cookie token, CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(WebSession(id_hash=digest(token), user_id=user.id, csrf=csrf, last_seen_at=now()))
    session.flush()
    return token, csrf


def session_for(session: Session, token: str | None) -> SignedIn | None:
    """The live session of this cookie (its idle time renewed), or None (unknown or expired:
    an expired one is deleted)."""
    if not token:
        return None
    ws = session.get(WebSession, digest(token))
    if ws is None:
        return None
    t = now()
    if t - ws.last_seen_at > IDLE_LIMIT:
        session.delete(ws)
        return None
    if t - ws.last_seen_at > _TOUCH_EVERY:
        ws.last_seen_at = t
    user = session.get(StaffUser, ws.user_id)
    if user is None:
        return None
    return SignedIn(user, ws)


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(WebSession).where(WebSession.id_hash == digest(token)))


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())
