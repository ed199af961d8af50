"""What every CSV export shares: Excel-friendly files written whole or not at all.

UTF-8 with BOM (so Excel on Chinese Windows shows the Chinese), CRLF line ends, times in ISO 8601
with the local UTC offset, amounts in yuan with two decimals, and text cells that Excel would run
as a formula neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path
from typing import Iterable, Sequence

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money


def iso(at: dt.datetime | None) -> str:
    return at.astimezone().isoformat(timespec="seconds") if at else ""


def yuan(fen: int) -> str:
    return Money(fen).yuan_text()


def cell(text: str) -> str:
    # Excel runs a cell that starts with = + - @ as a formula
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def parse_day(text: str | None, field: str) -> dt.date | None:
    """A --from/--to day as typed on the command line; None when not given."""
    if text is None or text == "":
        return None
    t = text.strip()
    try:
        if len(t) == 10:
            return dt.date.fromisoformat(t)
    except ValueError:
        pass
    raise ValidationError(tr_noop("errors", "'{value}' is not a date; write it as YYYY-MM-DD, for example "
                                  "2026-11-20."), field=field, value=str(text)[:30])


def check_day_range(first: dt.date | None, last: dt.date | None) -> None:
    if first and last and first > last:
        raise ValidationError(tr_noop("errors", "The first day {first} is after the last day {last}."),
                              field="date_from", first=first.isoformat(), last=last.isoformat())


def write_csv(out: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """Write ``header`` and ``rows`` to ``out``; returns the number of rows. A failure halfway
    leaves any earlier file at ``out`` untouched (the rows go to a .part file first)."""
    out = Path(out)
    if not out.name or out.is_dir():  # --out "" or a folder: Path.with_name would raise ValueError
        raise ValidationError(tr_noop("errors", "{file} is a folder; give the CSV file's name."), field="out",
                              file=str(out))
    tmp = out.with_name(out.name + ".part")
    count = 0
    try:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(header)
            for row in rows:
                w.writerow(row)
                count += 1
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return count
