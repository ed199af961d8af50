"""The county centre's HTTP API (FastAPI; served by uvicorn, TLS by a reverse proxy in front).

Stations sign with ``Authorization: Bearer <station key>``; county staff scripts with a staff
token. Every refusal is JSON ``{"error": {"code", "message", "field"}}``, is logged, and leaves
the database as it was (the request's transaction is rolled back).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from starlette.requests import ClientDisconnect
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pos import __version__
from pos.county import ingest, keys, manifests, stations, statements
from pos.county.models import Station
from pos.i18n import normalise_language
from pos.sync.contract import (CONTRACT_VERSION, MAX_COMPRESSED_BYTES, MAX_RECORDS, MAX_UNCOMPRESSED_BYTES,
                               BodyTooLarge, ContractError, decode_body, format_time, parse_diff)

log = logging.getLogger("pos.county")

MAX_JSON_BYTES = 1024 * 1024  # enrolment, manifests: small bodies


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str, field: str = "", extra: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field, self.extra = status, code, message, field, extra or {}


def _refusal(e: Exception) -> Refused:
    if isinstance(e, Refused):
        return e
    if isinstance(e, (keys.AuthError,)):
        return Refused(e.status, e.code, e.message)
    if isinstance(e, ingest.SyncRefused):
        return Refused(e.status, e.code, e.message, e.field, e.extra)
    if isinstance(e, BodyTooLarge):
        return Refused(413, "too_large", str(e), e.field)
    if isinstance(e, ContractError):
        return Refused(400, "invalid", str(e), e.field)
    if isinstance(e, manifests.CsvRowsError):
        return Refused(400, "invalid_rows", str(e), extra={"problems": [
            {"line": p.line, "message": str(p).partition(": ")[2]} for p in e.problems]})
    if isinstance(e, LookupError):
        return Refused(404, "not_found", str(e.args[0]) if e.args else "not found")
    raise e


def _error_response(r: Refused) -> JSONResponse:
    return JSONResponse({"error": {"code": r.code, "message": r.message, "field": r.field, **r.extra}},
                        status_code=r.status)


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it passes ``limit`` bytes (never read whole into memory)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Refused(413, "too_large", f"the body is {declared} bytes; at most {limit}")
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise Refused(413, "too_large", f"the body is over {limit} bytes")
    except ClientDisconnect:
        # a 4G link that drops mid-upload: nothing was applied, the station will send again
        raise Refused(400, "cut_short", f"the connection closed after {len(body)} bytes of the body") from None
    return bytes(body)


def create_app(engine: Engine, *, page_clock: Callable[[], dt.datetime] | None = None) -> FastAPI:
    """The county server. ``page_clock``: the time the web pages' figures are for (the
    benchmark's last day of data); now when not given."""
    app = FastAPI(title="Village Station POS: county centre", version=__version__,
                  docs_url="/api/docs", openapi_url="/api/openapi.json", redoc_url=None)
    Sessions = sessionmaker(engine, expire_on_commit=False)

    def refused(request: Request, what: str, e: Exception) -> JSONResponse:
        r = _refusal(e)
        client = request.client.host if request.client else "?"
        log.warning("refused %s from %s: %s %s (%s)", what, client, r.status, r.code, r.message)
        return _error_response(r)

    def in_transaction(request: Request, what: str, work: Callable[[Session], Any]) -> Any:
        """Run ``work`` in one transaction; a refusal rolls it back, is logged and answered."""
        try:
            with Sessions() as session, session.begin():
                return work(session)
        except Exception as e:  # noqa: BLE001 - _refusal re-raises what is not a refusal
            return refused(request, what, e)

    async def body_of(request: Request, limit: int) -> Any:
        raw = await _read_body(request, limit)
        return decode_body(raw, request.headers.get("content-encoding"), MAX_UNCOMPRESSED_BYTES)

    async def guarded(request: Request, what: str, coro) -> Any:
        """Refusals raised before the transaction (reading and decoding the body)."""
        try:
            return await coro
        except Exception as e:  # noqa: BLE001
            return refused(request, what, e)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        field = ".".join(str(x) for x in first.get("loc", ())[1:])
        e = Refused(400, "invalid", f"{field}: {first.get('msg', 'invalid')}", field)
        return refused(request, request.url.path, e)

    @app.get("/api/health")
    def health() -> dict:
        return {"ok": True, "contract": CONTRACT_VERSION, "version": __version__}

    @app.post("/api/enrol")
    async def enrol(request: Request):
        """Body ``{"code": "K7QX-M3PA-9TWE"}`` -> the station's id, name and key (shown once)."""
        async def run():
            obj = await body_of(request, 4096)
            if not isinstance(obj, dict) or not isinstance(obj.get("code"), str) or not obj["code"].strip():
                raise Refused(400, "invalid", "send {\"code\": \"<enrolment code>\"}", "code")

            def work(session: Session):
                e = keys.enrol(session, obj["code"])
                return {"station_id": str(e.station_id), "station_name": e.station_name,
                        "station_key": e.station_key, "contract": CONTRACT_VERSION,
                        "limits": {"max_records": MAX_RECORDS, "max_compressed_bytes": MAX_COMPRESSED_BYTES,
                                   "max_uncompressed_bytes": MAX_UNCOMPRESSED_BYTES}}
            return await run_in_threadpool(in_transaction, request, "enrolment", work)
        return await guarded(request, "enrolment", run())

    @app.post("/api/sync/batches")
    async def post_batch(request: Request):
        """A gzip (or plain) JSON batch, see pos.sync.contract. 200 with the county's new mark;
        a replay answers the same and says ``Idempotent-Replayed: true``."""
        async def run():
            gz = (request.headers.get("content-encoding") or "").strip().lower() == "gzip"
            raw = await _read_body(request, MAX_COMPRESSED_BYTES if gz else MAX_UNCOMPRESSED_BYTES)
            auth = request.headers.get("authorization")

            def work(session: Session):
                station = keys.station_for_key(session, auth)
                obj = decode_body(raw, request.headers.get("content-encoding"))
                outcome = ingest.apply_batch(session, station, obj)
                headers = {"Idempotent-Replayed": "true"} if outcome.replayed else {}
                return JSONResponse(outcome.body, headers=headers)
            return await run_in_threadpool(in_transaction, request, "batch", work)
        return await guarded(request, "batch", run())

    @app.get("/api/sync/status")
    def sync_status(request: Request, db_generation: str | None = Query(None)):
        """Where the county stands for the calling station: its mark (``high_water``, resume
        after it), its generation, and what it holds by kind. Send your ``db_generation``:
        ``resend`` is true when it differs from the county's (a restored station)."""
        def work(session: Session):
            station = keys.station_for_key(session, request.headers.get("authorization"))
            body = {**ingest.status_of(station), "station_name": station.name,
                    "last_sync_at": format_time(station.last_sync_at) if station.last_sync_at else None,
                    "server_time": format_time(keys.now()), "held": ingest.held_records(session, station.id)}
            body["resend"] = bool(db_generation and station.generation and db_generation != str(station.generation))
            return body
        return in_transaction(request, "status", work)

    @app.post("/api/sync/diff")
    async def post_diff(request: Request):
        """Which of the station's records (``{"kind", "records": [[uuid, version], ...]}``) the
        county lacks or holds older: a restored station resends just those. Writes nothing."""
        async def run():
            obj = await body_of(request, MAX_COMPRESSED_BYTES)
            kind, held = parse_diff(obj)

            def work(session: Session):
                station = keys.station_for_key(session, request.headers.get("authorization"))
                return {"kind": kind, "asked": len(held), "lacking": ingest.lacking(session, station.id, kind, held)}
            return await run_in_threadpool(in_transaction, request, "diff", work)
        return await guarded(request, "diff", run())

    @app.get("/api/manifests")
    def pull_manifests(request: Request, after: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500)):
        """The calling station's manifests and county settings changed after ``after``."""
        def work(session: Session):
            station = keys.station_for_key(session, request.headers.get("authorization"))
            return manifests.changes_after(session, station, after, limit)
        return in_transaction(request, "manifest pull", work)

    @app.post("/api/manifests")
    async def post_manifest(request: Request):
        """County staff: dispatch a truck's load to a station (pos.sync.contract.MANIFEST)."""
        async def run():
            obj = await body_of(request, MAX_JSON_BYTES)

            def work(session: Session):
                keys.check_staff(session, request.headers.get("authorization"))
                c = manifests.create_manifest(session, obj)
                return JSONResponse({"uuid": str(c.uuid), "change_id": c.change_id, "lines": c.lines,
                                     "arrived": c.arrived}, status_code=201)
            return await run_in_threadpool(in_transaction, request, "manifest", work)
        return await guarded(request, "manifest", run())

    @app.post("/api/manifests/csv")
    async def post_manifest_csv(request: Request, station: str = Query(..., min_length=1),
                                truck: str = Query("", max_length=50)):
        """County staff: a manifest as CSV (waybill, carrier, recipient_phone, recipient_name)."""
        async def run():
            raw = await _read_body(request, MAX_JSON_BYTES)

            def work(session: Session):
                keys.check_staff(session, request.headers.get("authorization"))
                lines = manifests.read_manifest_csv(raw)
                c = manifests.create_manifest(session, {"station": station, "truck": truck, "lines": lines})
                return JSONResponse({"uuid": str(c.uuid), "change_id": c.change_id, "lines": c.lines,
                                     "arrived": c.arrived}, status_code=201)
            return await run_in_threadpool(in_transaction, request, "manifest CSV", work)
        return await guarded(request, "manifest CSV", run())

    @app.get("/api/dispatch")
    def dispatch(request: Request, station: str = Query(..., min_length=1),
                 missing_after_hours: float = Query(24, gt=0, le=24 * 60)):
        """County staff: which dispatched parcels arrived and which are missing."""
        def work(session: Session):
            keys.check_staff(session, request.headers.get("authorization"))
            return manifests.dispatch_report(session, manifests.station_named(session, station),
                                             dt.timedelta(hours=missing_after_hours))
        return in_transaction(request, "dispatch report", work)

    @app.put("/api/stations/{name}/settings")
    async def put_settings(name: str, request: Request):
        """County staff: the settings a station may not change (the whole set, a JSON object)."""
        async def run():
            obj = await body_of(request, MAX_JSON_BYTES)
            if not isinstance(obj, dict):
                raise Refused(400, "invalid", "send the settings as one JSON object")

            def work(session: Session):
                keys.check_staff(session, request.headers.get("authorization"))
                st: Station = manifests.station_named(session, name)
                return {"station": st.name, "version": manifests.set_station_settings(session, st, obj)}
            return await run_in_threadpool(in_transaction, request, "settings", work)
        return await guarded(request, "settings", run())

    @app.get("/api/stations")
    def list_stations(request: Request):
        """County staff: every station, its last sync and its counts."""
        def work(session: Session):
            keys.check_staff(session, request.headers.get("authorization"))
            return {"stations": stations.overview(session)}
        return in_transaction(request, "stations", work)

    @app.get("/api/stations/{station}/statements/{name}")
    def get_statement(request: Request, station: str, name: str, lang: str = Query("zh_CN", max_length=10)):
        """County staff: a station's monthly statement, ``.../statements/2026-11.csv`` or
        ``.pdf`` (``station``: its id or name; ``lang``: zh_CN or en). A month without data,
        or a station that never synced, is a 404 with the reason."""
        def work(session: Session):
            keys.check_staff(session, request.headers.get("authorization"))
            m = _STATEMENT_NAME.match(name)
            if not m:
                raise Refused(400, "invalid", f"'{name[:30]}' is not a statement: ask for YYYY-MM.csv or YYYY-MM.pdf",
                              "month")
            try:
                year, month = statements.parse_month(m.group(1))
                language = normalise_language(lang)
            except statements.BadMonth as e:
                raise Refused(400, "invalid", str(e), "month") from None
            except ValueError:
                raise Refused(400, "invalid", f"'{lang}' is not a language: zh_CN or en", "lang") from None
            st = _station_by_id_or_name(session, station)
            try:
                if m.group(2) == "csv":
                    body, media = statements.statement_csv(session, st.id, year, month, language), "text/csv; charset=utf-8"
                else:
                    body, media = statements.statement_pdf(session, st.id, year, month, language), "application/pdf"
            except statements.NoData as e:
                raise Refused(409 if e.code == "bad_settings" else 404, e.code, e.message,
                              "rates" if e.code == "bad_settings" else "month") from None
            filename = f"statement-{year}-{month:02d}.{m.group(2)}"
            full = quote(f"{st.name}-{filename}")
            return Response(body, media_type=media, headers={
                "Content-Disposition": f"attachment; filename=\"{filename}\"; filename*=UTF-8''{full}"})
        return in_transaction(request, "statement", work)

    from pos.county.web.pages import add_web_pages

    add_web_pages(app, Sessions, **({"clock": page_clock} if page_clock else {}))
    return app


_STATEMENT_NAME = re.compile(r"^(.+)\.(csv|pdf)$")


def _station_by_id_or_name(session: Session, key: str) -> Station:
    try:
        station = session.get(Station, uuid.UUID(key))
    except ValueError:
        return manifests.station_named(session, key)
    if station is None:
        raise LookupError(f"no station {key}")
    return station


def app_from_environment() -> FastAPI:
    """The app of one worker process of `county serve --workers N` (uvicorn's factory): its own
    engine on the database in $VILLAGE_POS_COUNTY_DB."""
    import os

    from pos.county.database import make_county_engine
    from pos.county.env import DB_ENV

    return create_app(make_county_engine(os.environ[DB_ENV]))
