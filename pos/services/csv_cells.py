"""Cells of an imported CSV that no column may hold: a NUL character, or a cell so long it is no
text anyone typed.

Python's csv module stops at a cell over 131,072 characters with a csv.Error for the whole file
(a raw traceback on the command line, and no word of which cell); a NUL is stored as it is on
SQLite and makes PostgreSQL raise DataError. Both are refused here with the row and the column
named, before any field's own rules look at the row.
"""

from __future__ import annotations

import contextlib
import csv
from dataclasses import dataclass
from typing import Iterable, Iterator

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

MAX_CELL = 131_072  # csv's own default limit: no field of ours comes near it


@dataclass(frozen=True)
class CellProblem:
    column: str
    error: ValidationError


@contextlib.contextmanager
def wide_fields(limit: int) -> Iterator[None]:
    """Let csv read cells up to ``limit`` characters (the file's length) so that an over-long one
    is reported by ``cells_problems`` with its column, not by csv for the whole file."""
    old = csv.field_size_limit(max(limit, MAX_CELL) + 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def cells_problems(cells: Iterable[tuple[str, str]]) -> list[CellProblem]:
    """``(column, text)`` pairs of one row: what is wrong with any of them."""
    problems = []
    for column, text in cells:
        if text is None:
            continue
        if len(text) > MAX_CELL:
            problems.append(CellProblem(column, ValidationError(
                tr_noop("errors", "Column {column}: the cell is {length} characters long ({max} at most); it is "
                        "not what the column holds."), field=column, column=column, length=len(text), max=MAX_CELL)))
        elif "\x00" in text:
            problems.append(CellProblem(column, ValidationError(
                tr_noop("errors", "Column {column}: the cell holds a NUL character (\\0), which is not text. Correct "
                        "the cell."), field=column, column=column)))
    return problems
