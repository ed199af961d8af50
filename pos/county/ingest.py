"""Applying a station's batch: one transaction, idempotent, never older over newer.

Order of the checks, each refusing with nothing written: the batch is the signing station's;
a replay (same batch id) gets the first answer again; the seq range follows the county's mark
(no gap; a new db_generation starts exactly after the mark). Then each record is upserted by
(station, uuid) only where its version is higher than the county's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from pos.county import rollup, upsert
from pos.county.income_rollup import BatchDays
from pos.county.keys import now
from pos.county.models import SYNCED_TABLES, ReceivedBatch, Station, StationGeneration
from pos.sync.contract import Batch, SyncRecord, canonical_json, normalise_waybill, parse_batch

log = logging.getLogger("pos.county")


class SyncRefused(Exception):
    """A batch the county will not apply; ``extra`` goes into the JSON answer (e.g. the mark)."""

    def __init__(self, status: int, code: str, message: str, *, field: str = "", extra: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field
        self.extra = extra or {}


@dataclass(frozen=True)
class Outcome:
    body: dict[str, Any]
    replayed: bool


def status_of(station: Station) -> dict[str, Any]:
    return {
        "station_id": str(station.id),
        "db_generation": str(station.generation) if station.generation else None,
        "high_water": station.high_water,
        "next_seq": station.high_water + 1,
    }


def _newest_per_uuid(records: list[SyncRecord]) -> dict[str, list[SyncRecord]]:
    """By kind, one record per uuid (its highest version): one INSERT ... ON CONFLICT may not
    touch a row twice."""
    best: dict[tuple[str, str], SyncRecord] = {}
    for r in records:
        k = (r.kind, r.uuid)
        if k not in best or r.version >= best[k].version:
            best[k] = r
    out: dict[str, list[SyncRecord]] = {}
    for (kind, _), r in best.items():
        out.setdefault(kind, []).append(r)
    return out


def mark_arrivals(session: Session, station_id: uuid.UUID, waybills: list[str] | None = None) -> int:
    """Manifest lines whose waybill the station has checked in become 'arrived'. A check-in up to
    a day before the dispatch still counts (the station's clock may be off); an older stay of
    the same waybill does not."""
    only = "AND ml.waybill = ANY(:waybills)" if waybills is not None else ""
    return session.execute(text(f"""
        UPDATE manifest_line AS ml
           SET status = 'arrived', arrived_at = p.checked_in_at, parcel_uuid = p.uuid
          FROM manifest AS m, synced_parcel AS p
         WHERE ml.manifest_id = m.id AND ml.station_id = :station AND ml.status <> 'arrived' {only}
           AND p.station_id = ml.station_id AND p.waybill = ml.waybill
           AND p.checked_in_at >= m.dispatched_at - interval '1 day'
    """), {"station": station_id, **({"waybills": waybills} if waybills is not None else {})}).rowcount


def apply_batch(session: Session, station: Station, obj: Any) -> Outcome:
    """Apply one batch (already decoded from JSON) inside the caller's transaction."""
    batch: Batch = parse_batch(obj)
    if batch.station_id != str(station.id):
        raise SyncRefused(403, "wrong_station",
                          f"the batch is for station {batch.station_id}, but the key is station {station.id}'s",
                          field="station_id")
    # one batch of a station at a time: the row lock orders them, so a replay racing its
    # original waits and then finds the original's answer
    session.refresh(station, with_for_update=True)
    batch_id = uuid.UUID(batch.batch_id)
    body_sha = hashlib.sha256(canonical_json(batch.to_json())).hexdigest()
    prior = session.get(ReceivedBatch, batch_id)
    if prior is not None:
        if prior.station_id != station.id:
            raise SyncRefused(409, "batch_id_taken", "another station has sent a batch with this id", field="batch_id")
        if prior.body_sha256 != body_sha:
            raise SyncRefused(422, "batch_id_reused", "a different batch was sent before with this batch_id; "
                              "make a new batch_id for new content", field="batch_id")
        return Outcome(prior.response, replayed=True)

    generation = uuid.UUID(batch.db_generation)
    mark = station.high_water
    new_generation = station.generation != generation
    if new_generation and session.get(StationGeneration, (station.id, generation)) is not None:
        raise SyncRefused(409, "generation_retired",
                          f"db_generation {generation} was replaced by {station.generation}: this database "
                          "was restored elsewhere (or is an old copy) and may no longer sync",
                          field="db_generation", extra=status_of(station))
    if station.generation is not None and new_generation:
        if batch.seq_from != mark + 1:
            raise SyncRefused(409, "generation_changed",
                              f"the station's database is new (db_generation {generation}); the county has "
                              f"seq up to {mark} of generation {station.generation}: number on from "
                              f"{mark + 1} and send again what the county may lack",
                              field="seq_from", extra=status_of(station))
        log.warning("station %s: new db_generation %s after %s at seq %d (restored from a backup?)",
                    station.name, generation, station.generation, mark)
    elif batch.seq_from > mark + 1:
        raise SyncRefused(409, "seq_gap", f"the batch starts at seq {batch.seq_from} but the county has "
                          f"seq up to {mark}: send from {mark + 1}", field="seq_from", extra=status_of(station))

    received = now()
    applied = 0
    waybills: list[str] = []
    by_kind = _newest_per_uuid(batch.records)
    # the partner's income by day and the dashboard's station days follow the records in the
    # same transaction
    income_days = BatchDays(session, station.id, {k: [uuid.UUID(r.uuid) for r in rs] for k, rs in by_kind.items()})
    days: set[dt.date] = set()
    conn = session.connection()
    for kind, records in by_kind.items():
        written = upsert.upsert(conn, kind, station.id, batch_id, received, records)
        applied += len(written)
        days |= rollup.days_of(kind, [r.data for r in records])
        if kind == "parcel":
            waybills += [normalise_waybill(r.data["waybill"]) for r in records]
    if waybills:
        mark_arrivals(session, station.id, waybills)
    income_days.refresh()
    rollup.recompute(session, station.id, days)

    if new_generation:
        session.add(StationGeneration(station_id=station.id, generation=generation, first_seq=batch.seq_from))
    station.generation = generation
    station.high_water = max(mark, batch.seq_to)
    station.last_sync_at = received
    body = {"batch_id": str(batch_id), **status_of(station), "records": len(batch.records),
            "applied": applied, "ignored_older": len(batch.records) - applied}
    session.add(ReceivedBatch(batch_id=batch_id, station_id=station.id, db_generation=generation,
                              seq_from=batch.seq_from, seq_to=batch.seq_to, records=len(batch.records),
                              body_sha256=body_sha, response=body))
    log.info("station %s: batch %s seq %d..%d, %d records, %d applied", station.name, batch_id,
             batch.seq_from, batch.seq_to, len(batch.records), applied)
    return Outcome(body, replayed=False)


def held_records(session: Session, station_id: uuid.UUID) -> dict[str, dict[str, int]]:
    """What the county holds of a station, by kind: how many records and the highest version."""
    out = {}
    for kind, model in SYNCED_TABLES.items():
        n, top = session.execute(select(func.count(), func.coalesce(func.max(model.version), 0))
                                 .where(model.station_id == station_id)).one()
        out[kind] = {"count": n, "max_version": top}
    return out


def lacking(session: Session, station_id: uuid.UUID, kind: str, held: dict[str, int]) -> list[str]:
    """Of the station's (uuid -> version), the uuids the county lacks or holds at a lower
    version: what a restored station must send again (CouchDB's revs_diff)."""
    if not held:
        return []
    model = SYNCED_TABLES[kind]
    county = dict(session.execute(select(model.uuid, model.version).where(
        model.station_id == station_id, model.uuid.in_([uuid.UUID(u) for u in held]))).all())
    return [u for u, v in held.items() if county.get(uuid.UUID(u), 0) < v]
