"""The bulk upsert of synced records: one statement per kind per batch, whatever its size.

Each kind's rows go in as one array per column (``unnest``), so the statement's text never
changes: psycopg prepares it once per connection and PostgreSQL plans it once, where a multi-row
VALUES list was a new statement (parsed on both sides) for every batch size. ON CONFLICT keeps the
highest version per (station, uuid): an older or equal one changes nothing.

The table below is the one place that says which contract fields a kind keeps in columns beside
``data`` (the ones the county filters and counts on); a new kind or column is a line here and a
migration.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from pos.county.models import SYNCED_TABLES
from pos.sync.contract import SyncRecord, normalise_waybill


@dataclass(frozen=True)
class Column:
    name: str
    pg_type: str  # uuid, timestamptz, date, text or bigint
    value: Callable[[dict], Any] | None = None  # from the record's data; None: data[name] as sent

    def array(self) -> str:
        """Its array parameter. UUIDs, times and dates go as the contract's text and PostgreSQL
        reads them (as it does JSON's): no Python object per value."""
        if self.pg_type in ("uuid", "timestamptz", "date"):
            return f"%({self.name})b::text[]::{self.pg_type}[]"
        return f"%({self.name})b::{self.pg_type}[]"


def _uuid(field: str) -> Column:
    return Column(field, "uuid")


def _time(field: str) -> Column:
    return Column(field, "timestamptz")


def _text(field: str) -> Column:
    return Column(field, "text")


def _bigint(field: str) -> Column:
    return Column(field, "bigint")


# kind -> its columns beside data, from the record's data
COLUMNS: dict[str, tuple[Column, ...]] = {
    # the waybill as the station stores it, so manifests match a scan however it was typed
    "parcel": (Column("waybill", "text", lambda d: normalise_waybill(d["waybill"])), _text("carrier"),
               _text("status"), _time("checked_in_at"), _time("picked_up_at")),
    "parcel_event": (_uuid("parcel_uuid"), _time("at"), _text("kind")),
    "purchase": (_text("number"), _text("status"), _bigint("total_fen"), _time("placed_at"),
                 _time("collected_at")),
    "purchase_event": (_uuid("purchase_uuid"), _time("at"), _text("kind")),
    "sale": (_text("number"), _text("status"), _bigint("total_fen"), _time("completed_at")),
    "refund": (_text("number"), _bigint("total_fen"), _time("at"), _uuid("purchase_uuid")),
    "shift": (_text("number"), _time("opened_at"), _time("closed_at"), _bigint("variance_fen")),
    "counts": (Column("day", "date"),),
    "service_payment": (_text("kind"), _text("status"), _bigint("commission_fen"), _time("paid_at"),
                        _time("refunded_at")),
}

# every kind's record envelope, then its own columns
_ENVELOPE = (Column("uuid", "uuid"), Column("version", "bigint"), Column("seq", "bigint"),
             Column("changed_at", "timestamptz"), Column("data", "text"))

_SQL: dict[str, str] = {}


def statement(kind: str) -> str:
    """The kind's upsert (psycopg placeholders): rows as arrays, RETURNING the uuids it wrote."""
    if kind not in _SQL:
        table = SYNCED_TABLES[kind].__tablename__
        cols = _ENVELOPE + COLUMNS[kind]
        names = [f'"{c.name}"' for c in cols]  # quoted: "at", "day", "kind" are SQL words
        arrays = ", ".join(c.array() for c in cols)
        picked = ", ".join("u.data::jsonb" if n == '"data"' else f"u.{n}" for n in names)
        updated = ", ".join(f"{n} = excluded.{n}" for n in ["received_at", "batch_id"] + names if n != '"uuid"')
        _SQL[kind] = (
            f"INSERT INTO {table} AS t (station_id, received_at, batch_id, {', '.join(names)}) "
            f"SELECT %(station_id)s::uuid, %(received_at)s::timestamptz, %(batch_id)s::uuid, {picked} "
            f"FROM unnest({arrays}) AS u({', '.join(names)}) "
            f"ON CONFLICT (station_id, uuid) DO UPDATE SET {updated} "
            # the heart of it: an older (or the same) version never overwrites what the county has
            f"WHERE t.version < excluded.version "
            f"RETURNING t.uuid")
    return _SQL[kind]


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def upsert(conn: Connection, kind: str, station_id: uuid.UUID, batch_id: uuid.UUID, received: dt.datetime,
           records: list[SyncRecord]) -> set[uuid.UUID]:
    """Upsert one kind's records (one per uuid) of a batch; the uuids the county now holds at the
    sent version (the others were older or the same)."""
    params: dict[str, Any] = {
        "station_id": station_id, "batch_id": batch_id, "received_at": received,
        "uuid": [r.uuid for r in records], "version": [r.version for r in records],
        "seq": [r.seq for r in records], "changed_at": [r.changed_at for r in records],
        "data": [_json(r.data) for r in records],
    }
    for col in COLUMNS[kind]:
        get = col.value
        params[col.name] = ([get(r.data) for r in records] if get is not None
                            else [r.data[col.name] for r in records])
    # psycopg's binary format: arrays go without the text format's quoting of every element
    with conn.connection.driver_connection.cursor(binary=True) as cur:  # type: ignore[union-attr]
        cur.execute(statement(kind), params)
        return {row[0] for row in cur.fetchall()}
