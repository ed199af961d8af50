"""Down to the stations: manifests of the trucks' loads, and the settings the county sets.

Every row a station pulls carries a ``change_id`` from one sequence. Writers take a transaction
advisory lock before drawing it, so change ids commit in their order and a station's cursor
(``after=``) never skips a row that commits late.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from pos.county.income import RATES_KEY, ZONE_KEY, check_settings
from pos.county.income_rollup import rebuild_station
from pos.county.ingest import mark_arrivals
from pos.county.keys import now
from pos.county.models import Manifest, ManifestLine, Station, StationSettings, change_id_seq
from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop
from pos.domain.phone import parse_masked_phone, parse_mobile
from pos.sync.contract import ContractError, format_time, normalise_waybill, parse_manifest, parse_time

_CHANGE_LOCK = 0x76_70_6F_73_63_68  # any constant; one lock for all change-id writers
DEFAULT_MISSING_AFTER = dt.timedelta(hours=24)


def _next_change_id(session: Session) -> int:
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHANGE_LOCK})
    return session.execute(change_id_seq.next_value()).scalar_one()


def station_named(session: Session, name: str) -> Station:
    station = session.scalar(select(Station).where(Station.name == name.strip()))
    if station is None:
        raise LookupError(f"no station called {name!r}")
    return station


def check_phone(raw: str, path: str) -> str:
    """A whole mainland mobile or a masked one (138****1234), as carriers' data have it."""
    if not raw.strip():
        return ""
    try:
        if "*" in raw or "x" in raw.lower():
            return parse_masked_phone(raw).display()
        return parse_mobile(raw)
    except DomainError:
        raise ContractError(path, f"'{raw[:24]}' is not a mobile number (13812341234 or 138****1234)") from None


@dataclass(frozen=True)
class Created:
    uuid: uuid.UUID
    change_id: int
    lines: int
    arrived: int


def create_manifest(session: Session, obj: Any) -> Created:
    """A manifest from its JSON (pos.sync.contract.MANIFEST); ContractError names a bad field,
    LookupError an unknown station."""
    m = parse_manifest(obj)
    for i, line in enumerate(m["lines"]):
        line["recipient_phone"] = check_phone(line["recipient_phone"], f"lines[{i}].recipient_phone")
        line["carrier"] = line["carrier"].strip().upper()
    station = station_named(session, m["station"])
    manifest_id = uuid.UUID(m["uuid"]) if m["uuid"] else uuid.uuid4()
    if session.get(Manifest, manifest_id) is not None:
        raise ContractError("uuid", f"a manifest {manifest_id} exists already")
    dispatched = parse_time(m["dispatched_at"]) if m["dispatched_at"] else now()
    manifest = Manifest(id=manifest_id, station_id=station.id, truck=m["truck"], dispatched_at=dispatched,
                        change_id=_next_change_id(session))
    session.add(manifest)
    session.flush()
    session.add_all(ManifestLine(manifest_id=manifest_id, station_id=station.id, **line) for line in m["lines"])
    session.flush()
    # the station may have checked some in before the county entered the manifest
    arrived = mark_arrivals(session, station.id, [line["waybill"] for line in m["lines"]])
    return Created(uuid=manifest_id, change_id=manifest.change_id, lines=len(m["lines"]), arrived=arrived)


# CSV headers, English or as carriers' exports name them
_HEADERS = {
    "waybill": ("waybill", "运单号", "快递单号", "单号"),
    "carrier": ("carrier", "快递公司", "承运商"),
    "recipient_phone": ("recipient_phone", "phone", "收件人电话", "手机号", "电话"),
    "recipient_name": ("recipient_name", "name", "收件人", "收件人姓名", "姓名"),
}


@dataclass(frozen=True)
class RowProblem:
    """A bad CSV row: its line number and why (a tr_noop template with its parameters)."""

    line: int
    template: str
    params: dict[str, Any]

    def __str__(self) -> str:
        return f"line {self.line}: " + self.template.format(**self.params)


class CsvRowsError(ValueError):
    """Bad rows of a manifest CSV, each named by its line; nothing was imported."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def _row_problem(line: dict[str, str], n: int, seen: dict[str, int]) -> RowProblem | None:
    wb = line["waybill"]
    if not wb:
        return RowProblem(n, tr_noop("county", "the waybill is empty"), {})
    if len(wb) > 40:
        return RowProblem(n, tr_noop("county", "the waybill {waybill} is longer than 40 characters"),
                          {"waybill": wb[:40]})
    if wb in seen:
        return RowProblem(n, tr_noop("county", "waybill {waybill} is already on line {first}"),
                          {"waybill": wb, "first": seen[wb]})
    try:
        line["recipient_phone"] = check_phone(line["recipient_phone"], "recipient_phone")
    except ContractError:
        return RowProblem(n, tr_noop("county", "'{phone}' is not a mobile number (13812341234 or 138****1234)"),
                          {"phone": line["recipient_phone"][:24]})
    if len(line["recipient_name"]) > 50:
        return RowProblem(n, tr_noop("county", "the recipient's name is longer than 50 characters"), {})
    if len(line["carrier"]) > 12:
        return RowProblem(n, tr_noop("county", "the carrier '{carrier}' is longer than 12 characters"),
                          {"carrier": line["carrier"][:20]})
    return None


def read_manifest_csv(data: bytes | str) -> list[dict[str, str]]:
    """Manifest lines from a CSV (UTF-8, with or without BOM; GB18030 as Excel in China saves
    it). Every bad row is named with its line number in CsvRowsError."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            data = data.decode("gb18030", errors="replace")
    reader = csv.reader(io.StringIO(data))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise CsvRowsError([RowProblem(1, tr_noop("county", "the file is empty"), {})]) from None
    cols: dict[str, int] = {}
    for name, aliases in _HEADERS.items():
        for i, h in enumerate(header):
            if h in aliases:
                cols[name] = i
                break
    if "waybill" not in cols:
        raise CsvRowsError([RowProblem(1, tr_noop("county", "no waybill column (one of {names})"),
                                       {"names": ", ".join(_HEADERS["waybill"])})])
    lines: list[dict[str, str]] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for row in reader:
        n = reader.line_num
        if not any(c.strip() for c in row):
            continue
        line = {k: (row[cols[k]].strip() if k in cols and cols[k] < len(row) else "") for k in _HEADERS}
        line["waybill"] = normalise_waybill(line["waybill"])
        line["carrier"] = line["carrier"].upper()
        problem = _row_problem(line, n, seen)
        if problem is not None:
            problems.append(problem)
            continue
        seen[line["waybill"]] = n
        lines.append(line)
    if not problems and not lines:
        problems.append(RowProblem(reader.line_num, tr_noop("county", "the file has no waybills"), {}))
    if problems:
        raise CsvRowsError(problems)
    return lines


def set_station_settings(session: Session, station: Station, values: dict[str, Any]) -> int:
    """Replace the settings the county sets for a station; returns their new version. Rates or
    a time zone the county could not use are refused (ContractError); a change of either
    recomputes the station's income by day."""
    check_settings(values)
    row = session.get(StationSettings, station.id, with_for_update=True)
    before = dict(row.values) if row is not None else {}
    change_id = _next_change_id(session)
    if row is None:
        row = StationSettings(station_id=station.id, version=1, values=values, change_id=change_id)
        session.add(row)
    else:
        row.version += 1
        row.values = values
        row.change_id = change_id
        row.updated_at = now()
    session.flush()
    if any(before.get(k) != values.get(k) for k in (RATES_KEY, ZONE_KEY)):
        rebuild_station(session, station.id)
    return row.version


def _manifest_json(m: Manifest, lines: list[ManifestLine]) -> dict[str, Any]:
    return {"uuid": str(m.id), "truck": m.truck, "dispatched_at": format_time(m.dispatched_at),
            "lines": [{"waybill": ln.waybill, "carrier": ln.carrier, "recipient_phone": ln.recipient_phone,
                       "recipient_name": ln.recipient_name, "status": ln.status} for ln in lines]}


def changes_after(session: Session, station: Station, after: int, limit: int) -> dict[str, Any]:
    """What the station pulls: its manifests and settings changed after its cursor, in
    change_id order; ``cursor`` is what to send as ``after`` next time."""
    manifests = session.scalars(select(Manifest).where(Manifest.station_id == station.id, Manifest.change_id > after)
                                .order_by(Manifest.change_id).limit(limit + 1)).all()
    items: list[tuple[int, dict]] = []
    for m in manifests:
        lines = session.scalars(select(ManifestLine).where(ManifestLine.manifest_id == m.id)
                                .order_by(ManifestLine.waybill)).all()
        items.append((m.change_id, {"type": "manifest", "change_id": m.change_id, "manifest": _manifest_json(m, lines)}))
    s = session.get(StationSettings, station.id)
    if s is not None and s.change_id > after:
        items.append((s.change_id, {"type": "settings", "change_id": s.change_id,
                                    "settings": {"version": s.version, "values": s.values}}))
    items.sort(key=lambda x: x[0])
    more = len(items) > limit
    items = items[:limit]
    return {"changes": [i[1] for i in items], "cursor": items[-1][0] if items else after, "more": more}


def dispatch_report(session: Session, station: Station, missing_after: dt.timedelta = DEFAULT_MISSING_AFTER,
                    *, at: dt.datetime | None = None) -> dict[str, Any]:
    """Each dispatched waybill of the station: arrived (the station's synced check-in has it),
    missing (not arrived ``missing_after`` after dispatch) or still dispatched."""
    t = at or now()
    mark_arrivals(session, station.id)
    overdue = select(Manifest.id).where(Manifest.station_id == station.id, Manifest.dispatched_at <= t - missing_after)
    session.execute(update(ManifestLine).where(ManifestLine.station_id == station.id,
                                               ManifestLine.status == "dispatched",
                                               ManifestLine.manifest_id.in_(overdue)).values(status="missing"))
    rows = session.execute(select(ManifestLine, Manifest).join(Manifest, Manifest.id == ManifestLine.manifest_id)
                           .where(ManifestLine.station_id == station.id)
                           .order_by(Manifest.dispatched_at, ManifestLine.waybill)).all()
    lines = [{"manifest": str(m.id), "truck": m.truck, "dispatched_at": format_time(m.dispatched_at),
              "waybill": ln.waybill, "carrier": ln.carrier, "status": ln.status,
              "arrived_at": format_time(ln.arrived_at) if ln.arrived_at else None} for ln, m in rows]
    totals = {s: sum(1 for x in lines if x["status"] == s) for s in ("dispatched", "arrived", "missing")}
    return {"station": station.name, "missing_after_hours": missing_after.total_seconds() / 3600,
            **totals, "lines": lines}
