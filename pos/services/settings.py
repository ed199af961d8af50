"""Station settings, stored in the database as JSON values under string keys.

Each setting is declared once here with its default, so every page and the command line agree
on names and defaults. Later features add their own declarations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from pos.db import direct
from pos.db.models import Setting
from pos.domain.i18n import LANGUAGE_SETTING_KEY


@dataclass(frozen=True)
class SettingDef:
    key: str
    default: Any
    # settings.save refuses anyone but the owner, except for settings marked here (the language
    # of the screen in front of the assistant)
    anyone_may_change: bool = False


LANGUAGE = SettingDef(LANGUAGE_SETTING_KEY, "zh_CN", anyone_may_change=True)
IDLE_LOCK_MINUTES = SettingDef("security.idle_lock_minutes", 5)

LANGUAGES = ("zh_CN", "en")


def get(session: Session, d: SettingDef) -> Any:
    cached = session.info.get(_PREFETCHED)
    if cached is not None and d.key in cached:
        return _value(cached[d.key], d)
    row = session.scalar(select(Setting).where(Setting.key == d.key))
    return _value(row.value if row is not None else None, d)


def prefetch(session: Session, *defs: SettingDef) -> None:
    """Read these settings in one query; ``get`` answers them from memory for the rest of the
    session (a check-in reads four settings: four ORM queries cost more than its INSERTs)."""
    keys = [d.key for d in defs]
    found = dict(direct.run(session, _PREFETCH, {"keys": keys}).all())
    session.info.setdefault(_PREFETCHED, {}).update({key: found.get(key) for key in keys})


def stored_keys(session: Session, keys: list[str]) -> set[str]:
    """Which of these keys have a stored value (the others read as their default)."""
    return set(session.scalars(select(Setting.key).where(Setting.key.in_(keys))))


_PREFETCHED = "settings.prefetched"  # key -> stored JSON text, None when not stored
# built once: a check-in runs it, and building the statement cost more than running it
_PREFETCH = select(Setting.key, Setting.value).where(Setting.key.in_(bindparam("keys", expanding=True)))


def _value(stored: str | None, d: SettingDef) -> Any:
    if stored is None:
        return d.default
    try:
        return json.loads(stored)
    except ValueError:
        return d.default


def put(session: Session, d: SettingDef | str, value: Any) -> bool:
    """Store a value; returns whether it changed (callers audit only real changes)."""
    key = d.key if isinstance(d, SettingDef) else d
    text = json.dumps(value, ensure_ascii=False)
    cached = session.info.get(_PREFETCHED)
    if cached is not None and key in cached:
        cached[key] = text
    row = session.scalar(select(Setting).where(Setting.key == key))
    if row is None:
        session.add(Setting(key=key, value=text))
        return True
    if row.value == text:
        return False
    row.value = text
    return True


def read(db, d: SettingDef) -> Any:
    with db.reader() as s:
        return get(s, d)


def save(db, operator, values: dict[SettingDef, Any]) -> list[str]:
    """Store several settings in one transaction and audit what changed; returns changed keys.

    Only the owner changes settings (the UI asks for the owner's PIN; this holds for any caller)."""
    from pos.domain.errors import PermissionDenied
    from pos.domain.i18n import tr_noop
    from pos.services import audit

    if not all(d.anyone_may_change for d in values) and not getattr(operator, "is_owner", False):
        raise PermissionDenied(tr_noop("errors", "Only the owner can change this setting."))

    changed: list[str] = []
    with db.unit_of_work() as s:
        for d, value in values.items():
            old = get(s, d)
            if put(s, d, value):
                changed.append(d.key)
                audit.record(s, operator, audit.SETTINGS_CHANGED, {"key": d.key, "from": old, "to": value})
    return changed
