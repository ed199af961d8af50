"""What every CSV export shares: Excel-friendly files written whole or not at all.

UTF-8 with BOM (so Excel on Chinese Windows shows the Chinese), CRLF line ends, times in ISO 8601
with the local UTC offset, amounts in yuan with two decimals, and text cells that Excel would run
as a formula neutralised.

Every CSV the app writes goes through ``write_csv`` (or ``csv_text`` for text handed to another
program), which neutralises every cell itself: an export that forgot to (the villager register
did) let a name like =HYPERLINK(...) or =cmd|... run in Excel on the owner's PC. A file is only
put in place once it is complete and, for exports of phone numbers, once the audit entry that
says so is committed: a read-only data folder used to leave the whole register on disk and then
report that nothing was saved.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import Callable, Iterable, Sequence

from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money


def iso(at: dt.datetime | None) -> str:
    return at.astimezone().isoformat(timespec="seconds") if at else ""


def yuan(fen: int) -> str:
    return Money(fen).yuan_text()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")  # -12.50: a refund or a debt, read by Excel as a number


def cell(text) -> str:
    """``text`` as a cell Excel shows as text: one that starts with = + - @ (or a tab or line
    break before them) is run as a formula by Excel, so it gets a leading apostrophe."""
    text = "" if text is None else str(text)
    if text[:1] in _FORMULA_START and not _NUMBER.match(text):
        return "'" + text
    return text


def uncell(text: str) -> str:
    """The text a neutralised cell stood for (an exported file imported again)."""
    return text[1:] if text[:1] == "'" and text[1:2] in _FORMULA_START and not _NUMBER.match(text[1:]) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The CSV as text, every cell neutralised; for text another program is handed."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([cell(h) for h in header])
    for row in rows:
        w.writerow([cell(c) for c in row])
    return out.getvalue()


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


def write_csv(out: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *,
              before_placing: Callable[[int], None] | None = None) -> int:
    """Write ``header`` and ``rows`` to ``out``, every cell neutralised; returns the number of
    rows. A failure halfway leaves any earlier file at ``out`` untouched (the rows go to a .part
    file first). ``before_placing(rows)`` runs once the .part file is complete and before it
    takes the name ``out``: when it raises (an audit entry that cannot be written), no file is
    left."""
    out = _target(out)
    tmp = out.with_name(out.name + ".part")
    count = 0
    try:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow([cell(h) for h in header])
            for row in rows:
                w.writerow([cell(c) for c in row])
                count += 1
        if before_placing is not None:
            before_placing(count)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def write_text(out: Path, text: str, *, rows: int = 0, before_placing: Callable[[int], None] | None = None) -> None:
    """Write CSV text made by ``csv_text`` (UTF-8 with BOM), whole or not at all; ``before_placing``
    as for ``write_csv``, given ``rows``."""
    out = _target(out)
    tmp = out.with_name(out.name + ".part")
    try:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            f.write(text)
        if before_placing is not None:
            before_placing(rows)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _target(out: Path) -> Path:
    out = Path(out)
    if not out.name or out.is_dir():  # --out "" or a folder: Path.with_name would raise ValueError
        raise ValidationError(tr_noop("errors", "{file} is a folder; give the CSV file's name."), field="out",
                              file=str(out))
    return out


# exports of phone numbers are audited --------------------------------------------------------------
EXPORTED = "data.exported"
FULL, MASKED = "full", "masked"


def audit_export(db, operator, *, kind: str, phones: str, out: Path, action: str = EXPORTED,
                 extra: dict | None = None, at: dt.datetime | None = None) -> Callable[[int], None]:
    """A ``before_placing`` that records who wrote which phone numbers where: the kind of export,
    the rows, whether the phones were full or masked, and the file. When the entry cannot be
    committed (a read-only data folder) the file is not placed, and the error says so."""
    from pos.services import audit

    def record(rows: int) -> None:
        try:
            with db.unit_of_work() as s:
                audit.record(s, operator, action, {"kind": kind, "rows": rows, "phones": phones,
                                                   "file": str(Path(out).resolve()), **(extra or {})}, at=at)
        except Exception as e:  # the database cannot be written: the export must not happen unrecorded
            raise NotAudited(tr_noop("errors", "Nothing was saved to {file}: the export of phone numbers could "
                                     "not be recorded in the audit log ({reason}). Check that the data folder "
                                     "can be written."), file=str(out), reason=_reason(e)) from e

    return record


class NotAudited(DomainError):
    pass


def _reason(e: BaseException) -> str:
    orig = getattr(e, "orig", None)  # SQLAlchemy's wrapper: the driver's message is the useful part
    return str(orig or e).splitlines()[0][:200]
