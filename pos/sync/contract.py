"""The wire contract between a station and its county centre. Pure Python: the station's sync
client and the county server both import it, so what one sends is what the other checks.

Up (station -> county): ``POST /api/sync/batches``, body = one batch as JSON, gzip-compressed
(``Content-Encoding: gzip``)::

    {"contract": 1, "batch_id": UUID, "station_id": UUID, "db_generation": UUID,
     "seq_from": 101, "seq_to": 180, "sent_at": "2026-12-02T07:00:00Z",
     "records": [{"kind": "parcel", "uuid": UUID, "version": 117, "seq": 117,
                  "station_id": UUID, "changed_at": "...Z", "data": {...}}, ...]}

- ``seq``: the station's outbox sequence, one counter per station, never reused, increasing in
  the order the changes were committed. A batch covers ``seq_from..seq_to`` (rows coalesced away
  by the station still count as covered); its records come in increasing ``seq``.
- ``version``: grows with every change of a record. The county keeps the highest version it was
  sent and ignores older ones, so a batch sent twice, or late, changes nothing. Use the seq of
  the change as its version: then versions also stay above what the county holds after a restore
  (the station resumes its seq after the county's mark, see ``GET /api/sync/status``).
- ``batch_id``: made before the first attempt and reused for every retry (idempotency key); the
  county answers a replay with its first answer.
- ``db_generation``: a UUID the station renews at every restore of a backup. A new generation
  must start right after the county's mark (``seq_from == high_water + 1``) and resend what the
  county may lack; older data it resends never overwrites newer county data.

After a restore: ``POST /api/sync/diff`` with ``{"kind", "records": [[uuid, version], ...]}``
answers which of those the county lacks or holds older (:func:`parse_diff`).

Down (county -> station): ``GET /api/manifests?after=CHANGE_ID`` returns manifests and settings
(see :class:`ManifestLine`, :func:`parse_manifest`).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import uuid
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable

from pos.domain.waybill import normalise
from pos.sync.masking import has_whole_mobile, is_masked_account, is_masked_name, is_masked_phone

CONTRACT_VERSION = 1

# A batch of a busy day fits easily (a record is ~300-600 bytes of JSON, ~8x smaller gzipped:
# 400 parcel records are ~20 KB on the wire), small enough that a 4G link that drops loses
# little; big enough that the county's cost per batch (a transaction, a row, the checks) is
# spread over many records. RECOMMENDED is what a station should send.
RECOMMENDED_RECORDS = 400
MAX_RECORDS = 500
MAX_COMPRESSED_BYTES = 256 * 1024
MAX_UNCOMPRESSED_BYTES = 4 * 1024 * 1024
MAX_MANIFEST_LINES = 2000

PARCEL_STATUSES = ("awaiting_phone", "in_stock", "out_for_delivery", "picked_up", "returned")
PURCHASE_STATUSES = ("placed", "shipped", "arrived", "collected", "cancelled", "refunded")
SALE_STATUSES = ("completed", "partly_refunded", "refunded")
LINE_STATUSES = ("dispatched", "arrived", "missing")
SERVICE_STATUSES = ("completed", "refunded")


class ContractError(ValueError):
    """Something in a batch or manifest breaks the contract; ``field`` is its path in the JSON,
    e.g. ``records[3].data.waybill``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


# --- field types: each checks a JSON value and returns it (normalised) or raises ContractError

Check = Callable[[Any, str], Any]


def _text(max_len: int, *, nonempty: bool = False, choices: tuple[str, ...] = (),
          test: Callable[[str], bool] | None = None, what: str = "") -> Check:
    def check(v: Any, path: str) -> str:
        if not isinstance(v, str):
            raise ContractError(path, f"must be a string, not {_json_type(v)}")
        if nonempty and not v.strip():
            raise ContractError(path, "must not be empty")
        if "\x00" in v:  # PostgreSQL text and JSONB cannot hold it
            raise ContractError(path, "contains a NUL character")
        if len(v) > max_len:
            raise ContractError(path, f"is {len(v)} characters long; at most {max_len}")
        if choices and v not in choices:
            raise ContractError(path, f"'{v[:40]}' is not one of {', '.join(choices)}")
        if test is not None and not test(v):
            raise ContractError(path, what)
        return v
    return check


_BIG = 2**62  # inside PostgreSQL's bigint, with room for sums


def _int(lo: int = -_BIG, hi: int = _BIG) -> Check:
    def check(v: Any, path: str) -> int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise ContractError(path, f"must be an integer, not {_json_type(v)}")
        if v < lo:
            raise ContractError(path, f"must be at least {lo}")
        if v > hi:
            raise ContractError(path, f"must be at most {hi}")
        return v
    return check


def _bool(v: Any, path: str) -> bool:
    if not isinstance(v, bool):
        raise ContractError(path, f"must be true or false, not {_json_type(v)}")
    return v


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _uuid(v: Any, path: str) -> str:
    if not isinstance(v, str):
        raise ContractError(path, f"must be a UUID string, not {_json_type(v)}")
    if _CANONICAL_UUID.fullmatch(v):  # as stations send them: nothing to normalise
        return v
    try:
        return str(uuid.UUID(v))
    except ValueError:
        raise ContractError(path, f"'{v[:40]}' is not a UUID") from None


def _time(v: Any, path: str) -> str:
    """An ISO 8601 time with its UTC offset; sent on as UTC with a Z."""
    if not isinstance(v, str):
        raise ContractError(path, f"must be an ISO 8601 time string, not {_json_type(v)}")
    canonical = len(v) == 27 and v[-1] == "Z" and v[10] == "T"  # 2026-12-02T07:00:00.000000Z, as format_time
    try:
        t = dt.datetime.fromisoformat(v)
    except ValueError:
        raise ContractError(path, f"'{v[:40]}' is not an ISO 8601 time") from None
    if t.tzinfo is None:
        raise ContractError(path, f"'{v[:40]}' has no UTC offset (write it like 2026-12-02T07:00:00Z)")
    return v if canonical else format_time(t)


def _date(v: Any, path: str) -> str:
    if not isinstance(v, str):
        raise ContractError(path, f"must be a date string YYYY-MM-DD, not {_json_type(v)}")
    try:
        return dt.date.fromisoformat(v).isoformat()
    except ValueError:
        raise ContractError(path, f"'{v[:40]}' is not a date YYYY-MM-DD") from None


def _amounts(v: Any, path: str) -> dict[str, int]:
    """A small object of integer amounts or counts by name: {"cash": 1200, "wechat": 300}."""
    if not isinstance(v, dict):
        raise ContractError(path, f"must be an object of integers, not {_json_type(v)}")
    if len(v) > 50:
        raise ContractError(path, "has more than 50 entries")
    for k, n in v.items():
        _text(40, nonempty=True)(k, f"{path} key")
        _int()(n, f"{path}.{k}")
    return dict(v)


def _optional(check: Check) -> Check:
    def opt(v: Any, path: str) -> Any:
        return None if v is None else check(v, path)
    return opt


def _lines(spec: dict[str, tuple[Check, Any]], max_lines: int = 500) -> Check:
    def check(v: Any, path: str) -> list[dict]:
        if not isinstance(v, list):
            raise ContractError(path, f"must be a list, not {_json_type(v)}")
        if len(v) > max_lines:
            raise ContractError(path, f"has {len(v)} lines; at most {max_lines}")
        return [_check_object(line, spec, f"{path}[{i}]") for i, line in enumerate(v)]
    return check


_REQUIRED = object()

_PHONE = _text(20, test=is_masked_phone, what="must be masked like 138****1234 (pos.sync.masking.mask_phone)")
_NAME = _text(50, test=is_masked_name, what="must be masked like 王* (pos.sync.masking.mask_name)")
_OPERATOR = _text(50)
_DETAILS = _text(2000, test=lambda v: not has_whole_mobile(v),
                 what="holds a whole mobile number: mask it (pos.sync.masking.mask_phone)")
_FEN = _int()

# kind -> {field: (check, default)}; a default of _REQUIRED means the field must be sent.
# Names follow the station's models (pos/db/models); *_uuid fields refer to other records.
RECORD_KINDS: dict[str, dict[str, tuple[Check, Any]]] = {
    "parcel": {
        "waybill": (_text(40, nonempty=True), _REQUIRED),
        "carrier": (_text(12), ""),
        "status": (_text(20, choices=PARCEL_STATUSES), _REQUIRED),
        "phone_masked": (_PHONE, ""),
        "recipient_name": (_NAME, ""),
        "shelf": (_text(8), ""),
        "layer": (_int(0), 0),
        "pickup_code": (_text(20), ""),
        "fee_due_fen": (_FEN, 0),
        "checked_in_at": (_time, _REQUIRED),
        "checked_in_by": (_OPERATOR, ""),
        "picked_up_at": (_optional(_time), None),
        "handed_over_by": (_OPERATOR, ""),
        "returned_at": (_optional(_time), None),
        "delivery_requested": (_bool, False),
    },
    "parcel_event": {
        "parcel_uuid": (_uuid, _REQUIRED),
        "at": (_time, _REQUIRED),
        "kind": (_text(30, nonempty=True), _REQUIRED),
        "operator": (_OPERATOR, ""),
        "details": (_DETAILS, ""),
    },
    "purchase": {
        "number": (_text(30, nonempty=True), _REQUIRED),
        "status": (_text(20, choices=PURCHASE_STATUSES), _REQUIRED),
        "customer_name": (_NAME, ""),
        "customer_phone": (_PHONE, ""),
        "items_total_fen": (_FEN, 0),
        "service_fee_fen": (_FEN, 0),
        "total_fen": (_FEN, 0),
        "paid_fen": (_FEN, 0),
        "on_account_fen": (_FEN, 0),
        "refunded_fen": (_FEN, 0),
        "operator": (_OPERATOR, ""),
        "placed_at": (_time, _REQUIRED),
        "shipped_at": (_optional(_time), None),
        "arrived_at": (_optional(_time), None),
        "collected_at": (_optional(_time), None),
        "cancelled_at": (_optional(_time), None),
        "items": (_lines({
            "uuid": (_uuid, _REQUIRED),
            "description": (_text(200), ""),
            "quantity": (_int(0), 1),
            "unit_price_fen": (_FEN, 0),
            "refunded_fen": (_FEN, 0),
            "category": (_text(50), ""),
        }), []),
    },
    "purchase_event": {
        "purchase_uuid": (_uuid, _REQUIRED),
        "at": (_time, _REQUIRED),
        "kind": (_text(30, nonempty=True), _REQUIRED),
        "operator": (_OPERATOR, ""),
        "details": (_DETAILS, ""),
    },
    "sale": {
        "number": (_text(30, nonempty=True), _REQUIRED),
        "status": (_text(20, choices=SALE_STATUSES), "completed"),
        "operator": (_OPERATOR, ""),
        "subtotal_fen": (_FEN, 0),
        "discount_fen": (_FEN, 0),
        "total_fen": (_FEN, _REQUIRED),
        "completed_at": (_time, _REQUIRED),
        "payments": (_amounts, {}),  # method -> fen
        "lines": (_lines({
            "uuid": (_uuid, _REQUIRED),
            "description": (_text(100), ""),
            "category": (_text(50), ""),
            "unit_price_fen": (_FEN, 0),
            "quantity": (_int(), 1),
            "discount_fen": (_FEN, 0),
            "total_fen": (_FEN, 0),
            "refunded_quantity": (_int(0), 0),
        }), []),
    },
    "refund": {
        "number": (_text(30, nonempty=True), _REQUIRED),
        "sale_uuid": (_optional(_uuid), None),
        "purchase_uuid": (_optional(_uuid), None),
        "reason": (_DETAILS, ""),
        "operator": (_OPERATOR, ""),
        "approved_by": (_OPERATOR, ""),
        "total_fen": (_FEN, _REQUIRED),
        "at": (_time, _REQUIRED),
        "lines": (_lines({
            "uuid": (_uuid, _REQUIRED),
            "sale_line_uuid": (_optional(_uuid), None),
            "purchase_item_uuid": (_optional(_uuid), None),
            "quantity": (_int(0), 0),
            "amount_fen": (_FEN, 0),
        }), []),
    },
    "shift": {
        "number": (_text(30, nonempty=True), _REQUIRED),
        "opened_at": (_time, _REQUIRED),
        "opened_by": (_OPERATOR, ""),
        "float_fen": (_FEN, 0),
        "closed_at": (_optional(_time), None),
        "closed_by": (_OPERATOR, ""),
        "expected_cash_fen": (_optional(_FEN), None),
        "counted_cash_fen": (_optional(_FEN), None),
        "variance_fen": (_optional(_FEN), None),
        "variance_reason": (_DETAILS, ""),
        "z_totals": (_amounts, {}),  # the Z report's totals by name (sales_fen, cash_fen, ...)
    },
    # a service paid with an account (phone top-up, bill): the account goes up masked
    "service_payment": {
        "number": (_text(30, nonempty=True), _REQUIRED),
        "kind": (_text(30, nonempty=True), _REQUIRED),
        "provider": (_text(40), ""),
        "account_masked": (_text(30, test=is_masked_account,
                                 what="must be masked like 138****1234 or ****5678 (pos.sync.masking)"), ""),
        "amount_fen": (_FEN, _REQUIRED),
        "fee_fen": (_FEN, 0),
        "commission_fen": (_FEN, 0),
        "status": (_text(20, choices=SERVICE_STATUSES), _REQUIRED),
        "operator": (_OPERATOR, ""),
        "paid_at": (_time, _REQUIRED),
        "refunded_at": (_optional(_time), None),
        "approved_by": (_OPERATOR, ""),
    },
    # one record per station and local day: use counts_uuid(station_id, day) as its uuid
    "counts": {
        "day": (_date, _REQUIRED),
        "prints": (_amounts, {}),  # print-job kind -> pages printed that day
        "notices": (_amounts, {}),  # notice status (sent, failed, pending) -> notices
    },
}

_COUNTS_NAMESPACE = uuid.UUID("5f0c6a52-6a55-4a1e-9a7d-0c0e4f1b7c31")


def counts_uuid(station_id: str | uuid.UUID, day: dt.date | str) -> str:
    """The one UUID of a station's counts record for a day, the same on every send."""
    return str(uuid.uuid5(_COUNTS_NAMESPACE, f"{station_id}/{day}"))


def _json_type(v: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            int: "an integer", float: "a number", type(None): "null"}.get(type(v), type(v).__name__)


def _check_object(obj: Any, spec: dict[str, tuple[Check, Any]], path: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise ContractError(path, f"must be an object, not {_json_type(obj)}")
    if not obj.keys() <= spec.keys():
        unknown = sorted(obj.keys() - spec.keys())
        # refused rather than dropped: a field the county does not know would be lost silently
        raise ContractError(f"{path}.{unknown[0]}" if path else unknown[0], "is not a field of this contract")
    out: dict[str, Any] = {}
    for name, (check, default) in spec.items():
        if name not in obj:
            if default is _REQUIRED:
                raise ContractError(f"{path}.{name}" if path else name, "is missing")
            out[name] = list(default) if isinstance(default, list) else (
                dict(default) if isinstance(default, dict) else default)
            continue
        try:
            # checked under its own name, the path put in front only on a refusal: a batch has
            # thousands of fields, and the county checks every one
            out[name] = check(obj[name], name)
        except ContractError as e:
            if not path:
                raise
            raise ContractError(f"{path}.{e.field}", e.message) from None
    return out


def format_time(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_time(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s).astimezone(dt.timezone.utc)


# --- records and batches ---------------------------------------------------------------------

@dataclass(frozen=True)
class SyncRecord:
    kind: str
    uuid: str
    version: int
    seq: int
    station_id: str
    changed_at: str  # station time of the change, ISO 8601 UTC
    data: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "uuid": self.uuid, "version": self.version, "seq": self.seq,
                "station_id": self.station_id, "changed_at": self.changed_at, "data": self.data}


@dataclass(frozen=True)
class Batch:
    batch_id: str
    station_id: str
    db_generation: str
    seq_from: int
    seq_to: int
    sent_at: str
    records: list[SyncRecord] = field(default_factory=list)
    contract: int = CONTRACT_VERSION

    def to_json(self) -> dict[str, Any]:
        return {"contract": self.contract, "batch_id": self.batch_id, "station_id": self.station_id,
                "db_generation": self.db_generation, "seq_from": self.seq_from, "seq_to": self.seq_to,
                "sent_at": self.sent_at, "records": [r.to_json() for r in self.records]}


_RECORD_ENVELOPE: dict[str, tuple[Check, Any]] = {
    "kind": (_text(20, choices=tuple(RECORD_KINDS)), _REQUIRED),
    "uuid": (_uuid, _REQUIRED),
    "version": (_int(1), _REQUIRED),
    "seq": (_int(1), _REQUIRED),
    "station_id": (_uuid, _REQUIRED),
    "changed_at": (_time, _REQUIRED),
    "data": (lambda v, p: v, _REQUIRED),  # checked against its kind below
}

_BATCH_ENVELOPE: dict[str, tuple[Check, Any]] = {
    "contract": (_int(), _REQUIRED),
    "batch_id": (_uuid, _REQUIRED),
    "station_id": (_uuid, _REQUIRED),
    "db_generation": (_uuid, _REQUIRED),
    "seq_from": (_int(1), _REQUIRED),
    "seq_to": (_int(1), _REQUIRED),
    "sent_at": (_time, _REQUIRED),
    "records": (lambda v, p: v, _REQUIRED),
}


def parse_record(obj: Any, path: str = "record") -> SyncRecord:
    env = _check_object(obj, _RECORD_ENVELOPE, path)
    data = _check_object(env["data"], RECORD_KINDS[env["kind"]], f"{path}.data")
    return SyncRecord(kind=env["kind"], uuid=env["uuid"], version=env["version"], seq=env["seq"],
                      station_id=env["station_id"], changed_at=env["changed_at"], data=data)


def parse_batch(obj: Any) -> Batch:
    """A batch from its JSON, or ContractError naming the first bad field. Checks the envelope,
    every record against its kind, the seq range and order, and that every record is the
    batch's station's."""
    env = _check_object(obj, _BATCH_ENVELOPE, "")
    if env["contract"] != CONTRACT_VERSION:
        raise ContractError("contract", f"is {env['contract']}; this server speaks contract {CONTRACT_VERSION}")
    if env["seq_to"] < env["seq_from"]:
        raise ContractError("seq_to", f"{env['seq_to']} is below seq_from {env['seq_from']}")
    raw = env["records"]
    if not isinstance(raw, list):
        raise ContractError("records", f"must be a list, not {_json_type(raw)}")
    if len(raw) > MAX_RECORDS:
        raise ContractError("records", f"has {len(raw)} records; at most {MAX_RECORDS} a batch")
    records: list[SyncRecord] = []
    last_seq = env["seq_from"] - 1
    for i, item in enumerate(raw):
        rec = parse_record(item, f"records[{i}]")
        if rec.station_id != env["station_id"]:
            raise ContractError(f"records[{i}].station_id", f"{rec.station_id} is another station than the batch's")
        if not env["seq_from"] <= rec.seq <= env["seq_to"]:
            raise ContractError(f"records[{i}].seq", f"{rec.seq} is outside the batch's range "
                                f"{env['seq_from']}..{env['seq_to']}")
        if rec.seq <= last_seq and i > 0:
            raise ContractError(f"records[{i}].seq", f"{rec.seq} does not follow {last_seq}: records go in seq order")
        last_seq = rec.seq
        records.append(rec)
    return Batch(batch_id=env["batch_id"], station_id=env["station_id"], db_generation=env["db_generation"],
                 seq_from=env["seq_from"], seq_to=env["seq_to"], sent_at=env["sent_at"], records=records)


# --- what the county lacks (after a restore) -------------------------------------------------

MAX_DIFF_ENTRIES = 5000

_DIFF: dict[str, tuple[Check, Any]] = {
    "kind": (_text(20, choices=tuple(RECORD_KINDS)), _REQUIRED),
    "records": (lambda v, p: v, _REQUIRED),
}


def parse_diff(obj: Any) -> tuple[str, dict[str, int]]:
    """``{"kind": "parcel", "records": [[uuid, version], ...]}`` -> (kind, {uuid: version}):
    what a station holds, asked of the county (``POST /api/sync/diff``) to learn which of them
    the county lacks or holds at a lower version, so a restored station resends only those."""
    d = _check_object(obj, _DIFF, "")
    raw = d["records"]
    if not isinstance(raw, list):
        raise ContractError("records", f"must be a list of [uuid, version] pairs, not {_json_type(raw)}")
    if len(raw) > MAX_DIFF_ENTRIES:
        raise ContractError("records", f"has {len(raw)} entries; at most {MAX_DIFF_ENTRIES}")
    held: dict[str, int] = {}
    for i, pair in enumerate(raw):
        if not isinstance(pair, list) or len(pair) != 2:
            raise ContractError(f"records[{i}]", "must be a pair [uuid, version]")
        held[_uuid(pair[0], f"records[{i}][0]")] = _int(1)(pair[1], f"records[{i}][1]")
    return d["kind"], held


# --- encoding ----------------------------------------------------------------------------------

def canonical_json(obj: Any) -> bytes:
    """The one byte form of a JSON value (sorted keys, no spaces, UTF-8): hashed by the county
    to tell a replay from a different batch under the same id."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def encode_batch(batch: Batch) -> bytes:
    """The gzip body to POST with ``Content-Encoding: gzip``; checks the batch and the size
    limits first, so a station finds its own mistakes before sending."""
    obj = batch.to_json()
    parse_batch(obj)
    raw = canonical_json(obj)
    if len(raw) > MAX_UNCOMPRESSED_BYTES:
        raise ContractError("", f"the batch is {len(raw)} bytes; at most {MAX_UNCOMPRESSED_BYTES}: send fewer records")
    body = gzip.compress(raw, compresslevel=6, mtime=0)
    if len(body) > MAX_COMPRESSED_BYTES:
        raise ContractError("", f"the batch is {len(body)} bytes compressed; at most {MAX_COMPRESSED_BYTES}: "
                            "send fewer records")
    return body


class BodyTooLarge(ContractError):
    """The body is over a size limit (HTTP 413)."""


def decode_body(body: bytes, content_encoding: str | None,
                max_bytes: int = MAX_UNCOMPRESSED_BYTES) -> Any:
    """The JSON value of a request body, gzip or plain. Decompresses at most ``max_bytes`` so a
    small gzip bomb cannot fill the server's memory."""
    enc = (content_encoding or "identity").strip().lower()
    if enc == "gzip":
        d = zlib.decompressobj(wbits=31)
        try:
            raw = d.decompress(body, max_bytes + 1)
        except zlib.error as e:
            raise ContractError("Content-Encoding", f"the body is not valid gzip ({e})") from None
        if len(raw) > max_bytes or d.unconsumed_tail:
            raise BodyTooLarge("", f"the body is over {max_bytes} bytes uncompressed")
        if not d.eof:
            raise ContractError("Content-Encoding", "the gzip body is cut short")
    elif enc == "identity":
        raw = body
        if len(raw) > max_bytes:
            raise BodyTooLarge("", f"the body is over {max_bytes} bytes")
    else:
        raise ContractError("Content-Encoding", f"'{enc[:20]}' is not accepted; send gzip or identity")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ContractError("", f"the body is not JSON ({e})") from None


# --- manifests and settings (down) ------------------------------------------------------------

MANIFEST_LINE: dict[str, tuple[Check, Any]] = {
    "waybill": (_text(40, nonempty=True), _REQUIRED),
    "carrier": (_text(12), ""),
    # the county sends what it has from the carriers' data: a whole or a masked number
    "recipient_phone": (_text(20), ""),
    "recipient_name": (_text(50), ""),
}

MANIFEST: dict[str, tuple[Check, Any]] = {
    "uuid": (_optional(_uuid), None),  # the county makes one when it is missing
    "station": (_text(100, nonempty=True), _REQUIRED),  # the station's name at the county
    "truck": (_text(50), ""),
    "dispatched_at": (_optional(_time), None),  # default: now
    "lines": (_lines(MANIFEST_LINE, MAX_MANIFEST_LINES), _REQUIRED),
}


def normalise_waybill(raw: str) -> str:
    """Waybills match across station and county in the form the station stores them."""
    return normalise(raw)


def parse_manifest(obj: Any) -> dict[str, Any]:
    """A manifest as county staff post it, checked; waybills normalised; a waybill twice in one
    manifest is refused."""
    m = _check_object(obj, MANIFEST, "")
    if not m["lines"]:
        raise ContractError("lines", "a manifest needs at least one waybill")
    seen: dict[str, int] = {}
    for i, line in enumerate(m["lines"]):
        line["waybill"] = normalise_waybill(line["waybill"])
        if line["waybill"] in seen:
            raise ContractError(f"lines[{i}].waybill",
                                f"{line['waybill']} is already on line {seen[line['waybill']] + 1}")
        seen[line["waybill"]] = i
    return m
