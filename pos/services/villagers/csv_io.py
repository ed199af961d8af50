"""The villager register as CSV, for Excel: export, and import with a report of every bad row.

Export: UTF-8 with BOM (so Excel reads Chinese), ISO 8601 times with their UTC offset, amounts
in yuan with two decimals. Import: UTF-8 with or without BOM, or GB18030 (Excel on Chinese
Windows saves CSV as GBK); English or Chinese headers. Nothing is imported when any row is bad,
unless the caller asks to skip bad rows.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import errno
import io
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from pos.db.keys import new_key
from pos.db.models import AccountEntry, User, Villager
from pos.db.unit_of_work import Database
from pos.domain.errors import DomainError, PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.pinyin import search_key
from pos.domain.users import Operator, Role
from pos.domain.villager_fields import (
    CleanVillager,
    VillagerInput,
    parse_balance,
    parse_consent_flag,
    parse_consent_time,
)
from pos.services import audit
from pos.services.clock import Clock, system_clock
from pos.services.villagers.register import group_sort_key, refuse_duplicate_phone
from pos.services import csv_export
from pos.services.villagers import consent
from pos.services.csv_export import iso
from pos.services.csv_cells import cells_problems, wide_fields

VILLAGERS_IMPORTED = "villagers.imported"
VILLAGERS_EXPORTED = "villagers.exported"

COLUMNS = ("name", "phone", "village_group", "household", "address", "notes", "delivery_consent",
           "delivery_consent_at", "balance_yuan")
# the Chinese header of each column, accepted on import and used to name columns in Chinese reports
ZH_HEADERS = {
    "name": "姓名", "phone": "手机", "village_group": "组", "household": "户", "address": "地址", "notes": "备注",
    "delivery_consent": "同意送货", "delivery_consent_at": "同意日期", "balance_yuan": "余额",
}  # fmt: skip
# and the other forms people write by hand
HEADER_ALIASES = {
    **{zh: column for column, zh in ZH_HEADERS.items()},
    "名字": "name", "手机号": "phone", "手机号码": "phone", "电话": "phone", "小组": "village_group",
    "村民小组": "village_group", "户主": "household", "住址": "address", "余额(元)": "balance_yuan",
}  # fmt: skip
MAX_BYTES = 20 * 1024 * 1024


class CsvFileError(DomainError):
    """The file as a whole cannot be read (encoding, header); no row is looked at."""


@dataclass(frozen=True)
class RowError:
    line: int  # as a text editor counts, the header is line 1
    column: str  # a CSV column name, or '' for the whole row
    error: DomainError

    @property
    def column_zh(self) -> str:
        return ZH_HEADERS.get(self.column, self.column)


@dataclass(frozen=True)
class ImportResult:
    rows: int  # data rows read (blank ones not counted)
    good: int  # rows that can be imported
    imported: int
    rejected: tuple[RowError, ...]

    @property
    def refused(self) -> bool:
        """Rows were bad and nothing was imported."""
        return bool(self.rejected) and self.imported == 0


@dataclass(frozen=True)
class _Row:
    line: int
    villager: CleanVillager
    balance_fen: int


def station_owner(db: Database) -> Operator:
    """The owner, for commands run on the station's PC (only the owner has access to it)."""
    with db.reader() as s:
        u = s.scalar(select(User).where(User.role == Role.OWNER.value, User.active.is_(True))
                     .order_by(User.created_at).limit(1))
    if u is None:
        raise CsvFileError(tr_noop("errors", "This data folder has no station yet; run 'village-pos init' first."))
    return Operator(u.id, u.name, Role.OWNER)


# reading -------------------------------------------------------------------------------------
CANNOT_READ = tr_noop("errors", "Cannot read {file}: {problem}")


def read_file(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise CsvFileError(CANNOT_READ, file=str(path), problem=e.strerror or str(e)) from None


def decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        tries = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        tries = ["utf-16"]  # Excel's "Unicode text"
    else:
        tries = ["utf-8", "gb18030"]
    for encoding in tries:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvFileError(tr_noop("errors", "The file is not text in UTF-8 or GB18030 (GBK); save it from Excel "
                               "as \"CSV UTF-8\" and try again."))


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "，")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _header(cells: list[str]) -> list[str]:
    """Column names in file order; '' for a column without a header (Excel leaves some)."""
    names = []
    for raw in cells:
        cell = unicodedata.normalize("NFKC", raw).strip().strip("\ufeff")
        if not cell:
            names.append("")
            continue
        name = cell.lower().replace(" ", "_") if cell.isascii() else HEADER_ALIASES.get(cell.replace(" ", ""), "")
        if name not in COLUMNS:
            raise CsvFileError(tr_noop("errors", "The column '{column}' is not known; the columns are: {columns}."),
                               column=cell[:30], columns=", ".join(COLUMNS))
        if name in names:
            raise CsvFileError(tr_noop("errors", "The column '{column}' appears twice."), column=cell[:30])
        names.append(name)
    if "name" not in names:
        raise CsvFileError(tr_noop("errors", "The file has no 'name' (姓名) column in its first line."))
    return names


def _row(line: int, values: dict[str, str], now: dt.datetime) -> tuple[_Row | None, list[RowError]]:
    errors: list[RowError] = []

    def read(parse, column):
        try:
            return parse(values.get(column, ""))
        except ValidationError as e:
            errors.append(RowError(line, column, e))
            return None

    consent = read(parse_consent_flag, "delivery_consent")
    consent_at = read(parse_consent_time, "delivery_consent_at")
    balance = read(parse_balance, "balance_yuan")
    data = VillagerInput(values.get("name", ""), values.get("phone", ""), values.get("village_group", ""),
                         values.get("household", ""), values.get("address", ""), values.get("notes", ""),
                         bool(consent), consent_at)
    clean, problems = data.check(now)
    errors.extend(RowError(line, e.field or "", e) for e in problems)
    if errors:
        errors.sort(key=lambda e: COLUMNS.index(e.column) if e.column in COLUMNS else len(COLUMNS))
        return None, errors
    assert clean is not None  # no problems, so a villager
    return _Row(line, clean, balance or 0), []


def parse_rows(data: bytes, now: dt.datetime) -> tuple[list[_Row], list[RowError], int]:
    """Good rows, bad rows, and how many data rows there were (blank lines aside)."""
    if len(data) > MAX_BYTES:
        raise CsvFileError(tr_noop("errors", "The file is too big for a villager register ({size} MB)."),
                           size=len(data) // (1024 * 1024))
    text = decode(data)
    if not text.strip():
        raise CsvFileError(tr_noop("errors", "The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        with wide_fields(len(text)):  # an over-long cell is reported with its row and column below
            columns = _header(next(reader))
            good, bad, count, line = [], [], 0, reader.line_num + 1
            for cells in reader:
                start, line = line, reader.line_num + 1
                if not any(c.strip() for c in cells):
                    continue
                count += 1
                if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
                    bad.append(RowError(start, "", ValidationError(
                        tr_noop("errors", "This line has {count} cells but the first line names {expected} columns."),
                        count=len(cells), expected=len(columns))))
                    continue
                values = {c: csv_export.uncell(v) for c, v in zip(columns, cells) if c}
                problems = cells_problems(values.items())
                if problems:
                    bad.extend(RowError(start, p.column, p.error) for p in problems)
                    continue
                row, errors = _row(start, values, now)
                (good.append(row) if row else bad.extend(errors))
    except csv.Error as e:
        raise CsvFileError(tr_noop("errors", "The file is not a valid CSV file (line {line}): {problem}"),
                           line=reader.line_num, problem=str(e)) from None
    return good, bad, count


def _duplicates(s, rows: list[_Row]) -> list[RowError]:
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for r in rows:
        full = r.villager.phone.full
        if not full:
            continue
        if full in seen:
            errors.append(RowError(r.line, "phone", ValidationError(
                tr_noop("errors", "The phone {phone} is already on line {other}."),
                field="phone", phone=full, other=seen[full])))
            continue
        seen[full] = r.line
        try:
            refuse_duplicate_phone(s, full)
        except ValidationError as e:
            errors.append(RowError(r.line, "phone", e))
    return errors


def import_villagers(db: Database, owner: Operator, data: bytes, *, skip_bad_rows: bool = False,
                     dry_run: bool = False, source: str = "", clock: Clock = system_clock) -> ImportResult:
    """Add every row as a new villager, in one unit of work; ``dry_run`` only checks."""
    if not owner.is_owner:
        raise PermissionDenied(tr_noop("errors", "Only the owner can import villagers."))
    now = clock()
    good, bad, count = parse_rows(data, now)
    with db.unit_of_work() as s:
        dups = _duplicates(s, good)
        bad_lines = {e.line for e in dups}
        good = [r for r in good if r.line not in bad_lines]
        rejected = tuple(sorted(bad + dups, key=lambda e: e.line))
        if dry_run or (rejected and not skip_bad_rows) or not good:
            return ImportResult(count, len(good), 0, rejected)
        opening, consents = [], []
        for r in good:
            v = r.villager
            row = Villager(
                id=new_key(), name=v.name, name_initials=search_key(v.name), phone=v.phone.full,
                phone_masked=v.phone.masked, phone_tail=v.phone.tail, village_group=v.village_group,
                household=v.household, address=v.address, notes=v.notes, delivery_consent=v.delivery_consent, delivery_consent_at=v.delivery_consent_at,
                balance_fen=r.balance_fen, active=True, created_at=now, updated_at=now,
            )
            s.add(row)
            if v.delivery_consent:
                consents.append((row, v.delivery_consent_at or now))
            if r.balance_fen:
                opening.append(AccountEntry(villager_id=row.id, at=now, amount_fen=r.balance_fen, kind="import",
                                            operator=owner.name, note=source[-200:]))
        s.flush()  # the villagers first: no ORM relationship tells SQLAlchemy the order
        s.add_all(opening)
        for row, at in consents:  # the consent column starts each villager's consent log
            consent.add_entry(s, owner, row, True, consent.REGISTER, at, now, audited=False)
        audit.record(s, owner, VILLAGERS_IMPORTED,
                     {"file": source, "imported": len(good), "rejected_lines": sorted({e.line for e in rejected}),
                      "balance_total_fen": sum(r.balance_fen for r in good),
                      "delivery_consents": len(consents)}, at=now)
    return ImportResult(count, len(good), len(good), rejected)


# writing -------------------------------------------------------------------------------------
def export_rows(db: Database, owner: Operator, *, created_from: dt.datetime | None = None,
                created_to: dt.datetime | None = None) -> list[list[str]]:
    """Active villagers as CSV rows (header first), full phones: the owner only."""
    if not owner.is_owner:
        raise PermissionDenied(tr_noop("errors", "Only the owner can export the villager register."))
    with db.reader() as s:
        q = select(Villager).where(Villager.active.is_(True))
        if created_from is not None:
            q = q.where(Villager.created_at >= created_from)
        if created_to is not None:
            q = q.where(Villager.created_at < created_to)
        rows = sorted(s.scalars(q), key=lambda v: (group_sort_key(v.village_group), v.name_initials, v.name))
    out = [list(COLUMNS)]
    for v in rows:
        out.append([v.name, v.phone or v.phone_masked, v.village_group, v.household, v.address, v.notes,
                    "yes" if v.delivery_consent else "no", iso(v.delivery_consent_at if v.delivery_consent else None),
                    Money(v.balance_fen).yuan_text()])
    return out


def export_villagers(db: Database, owner: Operator, path: Path, *, created_from: dt.datetime | None = None,
                     created_to: dt.datetime | None = None, clock: Clock = system_clock) -> int:
    """Write the CSV through the one CSV writer (formula cells neutralised), placed at ``path``
    only once complete and audited; returns the number of villagers."""
    rows = export_rows(db, owner, created_from=created_from, created_to=created_to)
    path = Path(path)
    if not path.name or path.is_dir():  # --out "" or a folder: Path.with_name would raise ValueError
        raise CsvFileError(tr_noop("errors", "Cannot write {file}: {problem}"), file=str(path),
                           problem=os.strerror(errno.EISDIR))
    audited = csv_export.audit_export(db, owner, kind="villagers", phones=csv_export.FULL, out=path,
                                      action=VILLAGERS_EXPORTED, at=clock())
    try:
        return csv_export.write_csv(path, rows[0], rows[1:], before_placing=audited)
    except OSError as e:
        raise CsvFileError(tr_noop("errors", "Cannot write {file}: {problem}"), file=str(path),
                           problem=e.strerror or str(e)) from None
