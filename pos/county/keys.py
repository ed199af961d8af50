"""Secrets of the county: one-time enrolment codes, station keys, staff tokens.

Only SHA-256 digests are stored. A slow hash (argon2) is not needed: every secret here is random
with 60 bits or more, and lookups by digest stay one index probe per request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pos.county.models import EnrolmentCode, StaffToken, Station, StationKey

log = logging.getLogger("pos.county")

CODE_LIFETIME = dt.timedelta(days=7)
# no 0/O, 1/I/L: the code is read out over the phone and typed by hand
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
STATION_KEY_PREFIX = "vsk_"
STAFF_TOKEN_PREFIX = "vct_"


class AuthError(Exception):
    """A request the county refuses for who sent it; ``status`` is the HTTP status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def new_code() -> str:
    """12 characters (~59 bits) in three groups: ``K7QX-M3PA-9TWE``."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def add_station(session: Session, name: str) -> tuple[Station, str, bool]:
    """The station called ``name`` (made when new) and a fresh one-time code for it; the bool
    says whether the station is new. Codes issued before stay valid until used or expired."""
    name = name.strip()
    if not name or len(name) > 100 or not name.isprintable():
        raise ValueError("the station name is empty, longer than 100 characters or has control characters")
    station = session.scalar(select(Station).where(Station.name == name))
    created = station is None
    if station is None:
        station = Station(id=uuid.uuid4(), name=name)
        session.add(station)
        session.flush()
    code = new_code()
    session.add(EnrolmentCode(station_id=station.id, code_hash=digest(normalise_code(code)),
                              expires_at=now() + CODE_LIFETIME))
    return station, code, created


@dataclass(frozen=True)
class Enrolled:
    station_id: uuid.UUID
    station_name: str
    station_key: str


def enrol(session: Session, code: str) -> Enrolled:
    """Exchange a one-time code for a new station key. The station's earlier keys are revoked:
    one station, one key (a replaced PC gets a new code, and the old PC is shut out)."""
    row = session.scalar(select(EnrolmentCode).where(EnrolmentCode.code_hash == digest(normalise_code(code)))
                         .with_for_update())
    if row is None:
        raise AuthError(401, "enrolment_code_unknown", "this enrolment code is not known to the county centre")
    if row.used_at is not None:
        raise AuthError(409, "enrolment_code_used", "this enrolment code has been used already; "
                        "ask the county centre for a new one")
    if row.expires_at <= now():
        raise AuthError(401, "enrolment_code_expired", "this enrolment code has expired; ask the county centre for a new one")
    t = now()
    row.used_at = t
    station = session.get(Station, row.station_id, with_for_update=True)
    session.execute(update(StationKey).where(StationKey.station_id == station.id, StationKey.revoked_at.is_(None))
                    .values(revoked_at=t))
    key = STATION_KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(StationKey(station_id=station.id, key_hash=digest(key)))
    station.revoked_at = None
    log.info("station %s (%s) enrolled", station.name, station.id)
    return Enrolled(station_id=station.id, station_name=station.name, station_key=key)


def revoke_station(session: Session, name: str) -> int:
    """Revoke every key of the station; how many were active. Its data stays."""
    station = session.scalar(select(Station).where(Station.name == name.strip()))
    if station is None:
        raise LookupError(f"no station called {name!r}")
    t = now()
    n = session.execute(update(StationKey).where(StationKey.station_id == station.id, StationKey.revoked_at.is_(None))
                        .values(revoked_at=t)).rowcount
    session.execute(update(EnrolmentCode).where(EnrolmentCode.station_id == station.id,
                                                EnrolmentCode.used_at.is_(None)).values(expires_at=t))
    station.revoked_at = t
    log.warning("station %s (%s) revoked: %d key(s)", station.name, station.id, n)
    return n


def bearer(header: str | None) -> str:
    if not header:
        raise AuthError(401, "key_missing", "send the key as 'Authorization: Bearer <key>'")
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise AuthError(401, "key_missing", "send the key as 'Authorization: Bearer <key>'")
    return value.strip()


def station_for_key(session: Session, header: str | None) -> Station:
    """The station whose key signs the request; AuthError for a missing, unknown or revoked key."""
    key = bearer(header)
    row = session.scalar(select(StationKey).where(StationKey.key_hash == digest(key)))
    if row is None:
        raise AuthError(401, "key_unknown", "this station key is not known to the county centre")
    if row.revoked_at is not None:
        raise AuthError(403, "key_revoked", "this station key has been revoked by the county centre")
    station = session.get(Station, row.station_id)
    row.last_used_at = now()
    return station


def add_staff_token(session: Session, name: str) -> str:
    token = STAFF_TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(StaffToken(name=name, token_hash=digest(token)))
    return token


def check_staff(session: Session, header: str | None) -> StaffToken:
    token = bearer(header)
    row = session.scalar(select(StaffToken).where(StaffToken.token_hash == digest(token)))
    if row is None:
        raise AuthError(401, "token_unknown", "this staff token is not known to the county centre")
    if row.revoked_at is not None:
        raise AuthError(403, "token_revoked", "this staff token has been revoked")
    return row
