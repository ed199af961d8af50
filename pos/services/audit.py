"""The append-only audit log: sensitive actions and login failures, with operator and time."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import AuditEntry
from pos.domain.users import Operator

# Action names are stable identifiers (they are searched and exported); the UI translates them.
LOGIN_FAILED = "login.failed"
LOGIN_LOCKED = "login.locked"
LOGIN = "login"
LOGOUT = "logout"
OWNER_OVERRIDE = "owner.override"
OWNER_OVERRIDE_FAILED = "owner.override_failed"
OWNER_OVERRIDE_LOCKED = "owner.override_locked"
STATION_CREATED = "station.created"
STATION_UPDATED = "station.updated"
USER_ADDED = "user.added"
USER_PIN_CHANGED = "user.pin_changed"
USER_DEACTIVATED = "user.deactivated"
USER_REACTIVATED = "user.reactivated"
SETTINGS_CHANGED = "settings.changed"
DATABASE_RESTORED = "database.restored"
COUNTY_LINKED = "county.linked"
COUNTY_UNLINKED = "county.unlinked"


@dataclass(frozen=True)
class AuditView:
    at: dt.datetime
    operator: str
    action: str
    details: str


def record(session: Session, operator: Operator | None, action: str, details: Any = "", *, at: dt.datetime | None = None) -> None:
    text = details if isinstance(details, str) else json.dumps(details, ensure_ascii=False, default=str)
    entry = AuditEntry(
        operator=operator.name if operator else "",
        operator_id=str(operator.id) if operator else "",
        action=action,
        details=text,
    )
    if at is not None:
        entry.at = at
    session.add(entry)


def recent(session: Session, limit: int = 200) -> list[AuditView]:
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.at.desc()).limit(limit))
    return [AuditView(r.at, r.operator, r.action, r.details) for r in rows]


def record_action(db, operator: Operator | None, action: str, details: Any = "") -> None:
    """One entry in a transaction of its own, for an action that changed nothing in the database
    (a change that does is audited inside its own transaction, as settings.save does)."""
    with db.unit_of_work() as s:
        record(s, operator, action, details)


def recent_entries(db, limit: int = 200) -> list[AuditView]:
    """The newest entries, for the owner's audit log."""
    with db.reader() as s:
        return recent(s, limit)
