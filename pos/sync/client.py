"""The station's sync client (no Qt): link with an enrolment code, send the outbox up in bounded
gzip batches, resume from the county's mark, resend after a restore, pull manifests and settings.

Every network call is made outside any database transaction, and every transaction is short
(read up to one batch, or mark one batch sent), so the counter is never held up by a slow link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from sqlalchemy import case, delete, func, select, update

from pos.db import outbox
from pos.db.models import ManifestLine, OutboxEntry, SyncState
from pos.db.unit_of_work import Database
from pos.services.parcels import county_settings
from pos.sync import records as recs
from pos.sync.contract import (
    MAX_DIFF_ENTRIES, RECOMMENDED_RECORDS, Batch, ContractError, SyncRecord, canonical_json, encode_batch, format_time,
    normalise_waybill,
)

if TYPE_CHECKING:  # httpx (and ssl under it) only once the station talks to the county: its
    # import cost a tenth of a second and some megabytes at every start, linked or not
    import httpx

log = logging.getLogger(__name__)

KEY_FILE = "county-station.key"


class SyncError(Exception):
    """Sync could not go on; ``code`` is the county's error code or one of ours (``offline``,
    ``not_linked``, ``key_revoked``, ...)."""

    def __init__(self, code: str, message: str, status: int = 0, body: dict | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.body = body or {}

    @property
    def retry_later(self) -> bool:
        """Worth trying again by itself (a server down, a cut connection), not a refusal."""
        return self.code in ("offline", "server_error", "cut_short")


@dataclass
class SyncReport:
    batches: int = 0
    sent: dict[str, int] = field(default_factory=dict)  # kind -> records sent
    applied: int = 0
    ignored_older: int = 0
    resent_after_restore: int = 0
    manifests: int = 0
    manifest_lines: int = 0
    settings_version: int | None = None
    pending: int = 0  # outbox rows still unsent
    clock_skew_s: float = 0.0

    @property
    def records_sent(self) -> int:
        return sum(self.sent.values())


@dataclass(frozen=True)
class LinkState:
    linked: bool
    county_url: str
    station_name: str
    last_sync_at: dt.datetime | None
    pending: int
    revoked: bool
    last_error: str
    settings: dict[str, Any]


def _state(session) -> SyncState:
    st = session.get(SyncState, 1)
    if st is None:
        st = SyncState(id=1, county_url="", station_id="", station_name="", key_file="",
                       db_generation=str(uuid.uuid4()), next_seq=1, high_water=0, manifest_cursor=0,
                       last_error="", revoked=False, settings_version=0, settings_json="{}")
        session.add(st)
        session.flush()
    return st


def link_state(db: Database) -> LinkState:
    with db.unit_of_work() as s:
        st = s.get(SyncState, 1)
        pending = s.scalar(select(func.count()).select_from(OutboxEntry)) or 0
        if st is None:
            return LinkState(False, "", "", None, 0, False, "", {})
        return LinkState(bool(st.county_url), st.county_url, st.station_name, st.last_sync_at, pending,
                         st.revoked, st.last_error, json.loads(st.settings_json or "{}"))


def write_key(folder: Path, key: str) -> Path:
    """The station key, readable and writable by the station's user only (0600 from the start:
    never a moment when others could read it)."""
    path = folder / KEY_FILE
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, key.encode("ascii"))
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


class SyncClient:
    def __init__(self, db: Database, folder: Path, *, transport: httpx.BaseTransport | None = None,
                 timeout: float = 20.0, batch_records: int = RECOMMENDED_RECORDS,
                 now: Callable[[], dt.datetime] | None = None, pause: float = 0.0,
                 between_batches: Callable[[], None] | None = None) -> None:
        self.db = db
        # seconds between batches: the background sync leaves the CPU and the database to the
        # counter between batches; the command line sends at full speed
        self.pause = pause
        # called after each batch: the background worker waits there while the counter is busy
        self.between_batches = between_batches
        self.folder = Path(folder)
        self.timeout = timeout
        self.batch_records = batch_records
        self.transport = transport
        self.now = now or (lambda: dt.datetime.now(dt.timezone.utc))
        # content hash -> (batch_id, sent_at): a retry of the same content is the same batch
        self._batch_ids: dict[str, tuple[str, str]] = {}

    # --- HTTP ------------------------------------------------------------------------------

    def _http(self, base: str) -> httpx.Client:
        import httpx

        return httpx.Client(base_url=base.rstrip("/"), timeout=self.timeout, transport=self.transport)

    def _call(self, http: httpx.Client, method: str, path: str, *, key: str | None = None, **kw: Any) -> Any:
        headers = dict(kw.pop("headers", {}))
        if key:
            headers["Authorization"] = f"Bearer {key}"
        import httpx

        try:
            r = http.request(method, path, headers=headers, **kw)
        except httpx.HTTPError as e:
            raise SyncError("offline", f"the county centre cannot be reached ({type(e).__name__}: {e})") from e
        try:
            body = r.json()
        except ValueError:
            body = {}
        if r.status_code >= 500 or (r.status_code >= 400 and not isinstance(body, dict)):
            raise SyncError("server_error", f"the county centre answered HTTP {r.status_code}", r.status_code)
        if r.status_code >= 400:
            err = body.get("error", {}) if isinstance(body, dict) else {}
            raise SyncError(err.get("code", f"http_{r.status_code}"), err.get("message", r.text[:200]),
                            r.status_code, body)
        return body

    def _key(self, st: SyncState) -> str:
        try:
            return (self.folder / (st.key_file or KEY_FILE)).read_text("ascii").strip()
        except OSError as e:
            raise SyncError("key_missing", f"the station key file is missing ({e}): link the station again") from e

    # --- linking -----------------------------------------------------------------------------

    def link(self, url: str, code: str) -> str:
        """Exchange an enrolment code for the station key; the station's name at the county."""
        url = url.strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise SyncError("bad_url", f"'{url}' is not an http:// or https:// address")
        with self._http(url) as http:
            body = self._call(http, "POST", "/api/enrol", json={"code": code})
        key_path = write_key(self.folder, body["station_key"])
        with self.db.unit_of_work() as s:
            st = _state(s)
            relink = st.station_id == body["station_id"]
            st.county_url = url
            st.station_id = body["station_id"]
            st.station_name = body.get("station_name", "")
            st.key_file = key_path.name
            st.revoked = False
            st.last_error = ""
            if not relink:
                # a first link sends everything the station holds; the county's status sets the mark
                st.high_water = 0
                st.manifest_cursor = 0
                s.execute(delete(OutboxEntry))
        if not relink:
            # read in one snapshot, written in short transactions beside it
            with self.db.reader() as s:
                for chunk in recs.key_chunks(s, self.ENQUEUE_CHUNK):
                    self._enqueue_in_chunks(chunk)
        log.info("linked to the county centre %s as %s", url, body.get("station_name"))
        return str(body.get("station_name", ""))

    ENQUEUE_CHUNK = 2000

    def _enqueue_in_chunks(self, keys: list[tuple[str, str]]) -> None:
        """Years of records go in the outbox in short transactions, so a check-in at the counter
        never waits behind one long write."""
        for i in range(0, len(keys), self.ENQUEUE_CHUNK):
            with self.db.unit_of_work() as s:
                outbox.enqueue(s, keys[i:i + self.ENQUEUE_CHUNK], self.now())

    def unlink(self) -> None:
        with self.db.unit_of_work() as s:
            st = _state(s)
            st.county_url = ""
            s.execute(delete(OutboxEntry))
        try:
            (self.folder / KEY_FILE).unlink()
        except FileNotFoundError:
            pass

    # --- one round ------------------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        with self.db.unit_of_work() as s:
            st = _state(s)
            if not st.county_url:
                raise SyncError("not_linked", "this station is not linked to a county centre")
            url, gen, key = st.county_url, st.db_generation, self._key(st)
        report = SyncReport()
        try:
            with self._http(url) as http:
                self._round(http, key, gen, report)
        except SyncError as e:
            with self.db.unit_of_work() as s:
                st = _state(s)
                st.last_error = e.message[:500]
                if e.code == "key_revoked":
                    st.revoked = True
            raise
        with self.db.unit_of_work() as s:
            st = _state(s)
            st.last_sync_at = self.now()
            st.last_error = ""
            report.pending = s.scalar(select(func.count()).select_from(OutboxEntry)) or 0
        return report

    def _round(self, http: httpx.Client, key: str, gen: str, report: SyncReport) -> None:
        status = self._call(http, "GET", "/api/sync/status", key=key, params={"db_generation": gen})
        try:
            server = dt.datetime.fromisoformat(status["server_time"])
            report.clock_skew_s = (self.now() - server).total_seconds()
        except (KeyError, ValueError, TypeError):
            pass
        if status.get("resend"):
            report.resent_after_restore = self._after_restore(http, key, status)
        else:
            self._accept_mark(status["high_water"])
        for _ in range(100000):
            try:
                if not self._send_one(http, key, gen, report):
                    break
                if self.pause:
                    time.sleep(self.pause)
                if self.between_batches is not None:
                    self.between_batches()
            except SyncError as e:
                if e.code not in ("seq_gap", "generation_changed"):
                    raise
                # the county's mark is the truth: resume from it
                status = self._call(http, "GET", "/api/sync/status", key=key, params={"db_generation": gen})
                if status.get("resend"):
                    report.resent_after_restore += self._after_restore(http, key, status)
                else:
                    self._accept_mark(status["high_water"])
        self._pull(http, key, report)

    def _accept_mark(self, high_water: int) -> None:
        """The county holds every seq up to ``high_water``: those outbox rows are done."""
        with self.db.unit_of_work() as s:
            _state(s)
            # in SQL, not from the row as read: on a shared PostgreSQL another counter's check-in
            # may move next_seq between the read and this write
            s.execute(update(SyncState).where(SyncState.id == 1).values(
                high_water=high_water,
                next_seq=case((SyncState.next_seq <= high_water, high_water + 1), else_=SyncState.next_seq)))
            s.execute(delete(OutboxEntry).where(OutboxEntry.seq <= high_water))

    def _after_restore(self, http: httpx.Client, key: str, status: dict) -> int:
        """This database is a restored copy: number on from the county's mark, and enqueue again
        every record the county lacks (older versions never overwrite newer county data)."""
        next_seq = int(status["next_seq"])
        with self.db.unit_of_work() as s:
            st = _state(s)
            station_id = st.station_id
            pending = [(e.kind, e.key) for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
            s.execute(delete(OutboxEntry))
            st.next_seq = max(st.next_seq, next_seq)
            st.high_water = next_seq - 1
        lacking: list[tuple[str, str]] = []
        with self.db.reader() as s:  # a WAL snapshot: it holds up no writer at the counter
            for chunk in recs.key_chunks(s, MAX_DIFF_ENTRIES):
                kind = chunk[0][0]
                by_uuid = {(recs.counts_uuid(station_id, k) if kind == "counts" else k): k for _, k in chunk}
                # version 1: we do not know our copy's version; the county lists what it lacks
                body = self._call(http, "POST", "/api/sync/diff", key=key,
                                  json={"kind": kind, "records": [[u, 1] for u in by_uuid]})
                lacking += [(kind, by_uuid[u]) for u in body.get("lacking", [])]
        again = list(dict.fromkeys(pending + lacking))
        # the seq counter starts at the county's next_seq, so the first batch starts there
        self._enqueue_in_chunks(again)
        log.warning("restored database: %d records enqueued again from seq %d", len(again), next_seq)
        return len(lacking)

    def _send_one(self, http: httpx.Client, key: str, gen: str, report: SyncReport) -> bool:
        """Send the next batch; False when the outbox is empty."""
        limit = self.batch_records
        while True:
            with self.db.unit_of_work() as s:
                st = _state(s)
                rows = s.execute(select(OutboxEntry.seq, OutboxEntry.kind, OutboxEntry.key, OutboxEntry.changed_at)
                                 .where(OutboxEntry.seq > st.high_water).order_by(OutboxEntry.seq)
                                 .limit(limit)).all()
                if not rows:
                    return False
                seq_from, seq_to, station_id = st.high_water + 1, rows[-1].seq, st.station_id
                latest: dict[tuple[str, str], Any] = {}
                for r in rows:  # later changes of a record replace earlier ones: one record, newest
                    latest.pop((r.kind, r.key), None)
                    latest[(r.kind, r.key)] = r
                records: list[SyncRecord] = []
                for (kind, k), r in sorted(latest.items(), key=lambda kv: kv[1].seq):
                    found = recs.read(s, kind, k, station_id)
                    if found is None:
                        continue
                    uid, data = found
                    records.append(SyncRecord(kind=kind, uuid=uid, version=r.seq, seq=r.seq, station_id=station_id,
                                              changed_at=format_time(r.changed_at), data=data))
            content = canonical_json({"gen": gen, "from": seq_from, "to": seq_to,
                                      "records": [x.to_json() for x in records]})
            digest = hashlib.sha256(content).hexdigest()
            batch_id, sent_at = self._batch_ids.get(digest) or (str(uuid.uuid4()), format_time(self.now()))
            batch = Batch(batch_id=batch_id, station_id=station_id, db_generation=gen, seq_from=seq_from,
                          seq_to=seq_to, sent_at=sent_at, records=records)
            try:
                body = encode_batch(batch)
            except ContractError as e:
                if len(rows) > 1 and "bytes" in e.message:
                    limit = max(1, len(rows) // 2)
                    continue
                raise SyncError("invalid_record", f"a record cannot be sent: {e}") from e
            break
        self._batch_ids[digest] = (batch_id, sent_at)
        answer = self._call(http, "POST", "/api/sync/batches", key=key, content=body,
                            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"})
        self._batch_ids.pop(digest, None)
        self._accept_mark(int(answer["high_water"]))
        report.batches += 1
        for r in records:
            report.sent[r.kind] = report.sent.get(r.kind, 0) + 1
        report.applied += int(answer.get("applied", 0))
        report.ignored_older += int(answer.get("ignored_older", 0))
        return True

    # --- down ------------------------------------------------------------------------------

    def _pull(self, http: httpx.Client, key: str, report: SyncReport) -> None:
        while True:
            with self.db.unit_of_work() as s:
                cursor = _state(s).manifest_cursor
            body = self._call(http, "GET", "/api/manifests", key=key, params={"after": cursor, "limit": 50})
            with self.db.unit_of_work() as s:
                st = _state(s)
                if st.manifest_cursor != cursor:  # another round got here first
                    continue
                for change in body.get("changes", []):
                    self._apply(s, st, change, report)
                st.manifest_cursor = int(body.get("cursor", cursor))
            if not body.get("more"):
                return

    def _apply(self, s, st: SyncState, change: dict, report: SyncReport) -> None:
        if change.get("type") == "manifest":
            m = change["manifest"]
            s.execute(delete(ManifestLine).where(ManifestLine.manifest_uuid == m["uuid"]))
            dispatched = dt.datetime.fromisoformat(m["dispatched_at"]) if m.get("dispatched_at") else None
            for ln in m.get("lines", []):
                s.add(ManifestLine(manifest_uuid=m["uuid"], truck=m.get("truck", ""), dispatched_at=dispatched,
                                   waybill=normalise_waybill(ln["waybill"]), carrier=ln.get("carrier", ""),
                                   recipient_phone=ln.get("recipient_phone", ""),
                                   recipient_name=ln.get("recipient_name", "")))
                report.manifest_lines += 1
            report.manifests += 1
        elif change.get("type") == "settings":
            settings = change["settings"]
            if int(settings["version"]) >= st.settings_version:
                st.settings_version = int(settings["version"])
                st.settings_json = json.dumps(settings.get("values", {}), ensure_ascii=False)
                county_settings.apply(s, settings.get("values", {}))
                report.settings_version = st.settings_version

