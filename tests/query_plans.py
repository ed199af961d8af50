"""The plans SQLite chose for the statements a piece of code ran (EXPLAIN QUERY PLAN).

The app never runs ANALYZE, so SQLite picks indexes by their shape alone and a plan read on a
test's small file is the plan of a five-year station. Tests use this to hold that a query goes
through the index of the few rows it wants, not one that walks years of history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextmanager
def statements(engine: Engine, keep: Callable[[str], bool]) -> Iterator[list[tuple[str, tuple]]]:
    """The statements (SQL and parameters) run on ``engine`` inside the block that ``keep`` wants."""
    seen: list[tuple[str, tuple]] = []

    def grab(_conn, _cursor, sql, params, _context, _many):
        if keep(sql):
            seen.append((sql, params))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", grab)


def selects_from(table: str) -> Callable[[str], bool]:
    """For ``statements``: the SELECTs that read ``table``."""
    return lambda sql: sql.lstrip().upper().startswith("SELECT") and f"FROM {table}" in sql


def plan_steps(engine: Engine, seen: list[tuple[str, tuple]]) -> list[tuple[str, str]]:
    """Every step of every statement's plan, with the statement's start to tell them apart."""
    steps = []
    with engine.connect() as conn:
        for sql, params in seen:
            for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all():
                steps.append((" ".join(sql.split())[:120], row[-1]))
    return steps
