"""Helping SQLite's query planner, which the app never gives statistics (no ANALYZE).

Without statistics SQLite picks among equally good-looking indexes by shape alone. A sale's
payments, asked for as ``sale_id = ? AND purpose = 'sale'``, were read through the index
starting with ``purpose`` (every sale payment of five years, 100 ms) instead of the one on
``sale_id`` (two rows).
"""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.roles import ExpressionElementRole


def unindexed(column: ExpressionElementRole[str]) -> ColumnElement[str]:
    """``column`` as a filter no index serves (a NOT NULL text column, unchanged in value), so
    the planner takes the index of the condition that selects the few rows."""
    return func.coalesce(column, "")
