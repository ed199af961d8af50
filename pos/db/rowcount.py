"""How many rows an UPDATE or DELETE changed."""

from __future__ import annotations

from typing import cast

from sqlalchemy.engine import CursorResult, Result


def rowcount(result: Result) -> int:
    """``result.rowcount`` for a statement run through ``Session.execute``.

    The session's execute is typed to give a plain Result, which has no count; for an UPDATE or
    DELETE it is a CursorResult, which has."""
    return cast(CursorResult, result).rowcount
