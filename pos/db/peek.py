"""What the login screen needs before the database layer is loaded: the station's name and language.

Importing SQLAlchemy, the models and the services takes seconds on a station PC; the login
screen should not wait for them. This reads the two values with the standard library's sqlite3,
read-only, and gives up quietly on anything unusual (no file, an old or damaged file, a lock):
the full open that follows decides what to do then, with its messages and restore offers.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pos.domain.i18n import LANGUAGE_SETTING_KEY


@dataclass(frozen=True)
class StationPeek:
    name: str
    language: str | None  # None: never saved, the app's default applies


def peek_station(database: Path) -> StationPeek | None:
    """The station's name and saved language, or None when the file has no station to log in to."""
    if not database.is_file():
        return None
    try:
        # mode=ro never creates the file; a short timeout so a busy writer cannot hold up the window
        con = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=0.5)
    except (sqlite3.Error, ValueError):
        return None
    try:
        row = con.execute("SELECT name FROM station ORDER BY created_at LIMIT 1").fetchone()
        if row is None:
            return None
        saved = con.execute("SELECT value FROM setting WHERE key = ?", (LANGUAGE_SETTING_KEY,)).fetchone()
        language = json.loads(saved[0]) if saved else None
        return StationPeek(str(row[0]), language if isinstance(language, str) else None)
    except (sqlite3.Error, ValueError):
        return None
    finally:
        con.close()
