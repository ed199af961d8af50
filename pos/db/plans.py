"""Helping SQLite's query planner, which the app never gives statistics (no ANALYZE).

Without statistics SQLite picks among equally good-looking indexes by shape alone. A sale's
payments, asked for as ``sale_id = ? AND purpose = 'sale'``, were read through the index
starting with ``purpose`` (every sale payment of five years, 100 ms) instead of the one on
``sale_id`` (two rows). A counter's print jobs, asked for as ``status = 'pending' AND
counter_id = ?``, were read through the counter's index (every job of the last 30 days: 30 ms
for each of the print queue's three questions per job at five years) instead of the status's.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.roles import ExpressionElementRole

T = TypeVar("T")


def unindexed(column: ExpressionElementRole[T]) -> ColumnElement[T]:
    """``column`` as a filter no index serves, unchanged in value and type (NULL stays NULL), so
    the planner takes the index of the condition that selects the few rows."""
    return func.coalesce(column, column)
