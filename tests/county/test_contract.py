"""The wire contract on its own: validation names the bad field, masking, gzip and limits."""

from __future__ import annotations

import gzip
import json
import sys
import uuid

import pytest

from pos.sync import contract as c
from pos.sync.masking import is_masked_name, is_masked_phone, mask_name, mask_phone

STATION = str(uuid.uuid4())


def rec(seq: int, kind: str = "parcel", data: dict | None = None, **over) -> dict:
    d = data if data is not None else {"waybill": "SF1", "status": "in_stock", "checked_in_at": "2026-12-01T08:00:00+08:00"}
    return {"kind": kind, "uuid": str(uuid.uuid4()), "version": seq, "seq": seq, "station_id": STATION,
            "changed_at": "2026-12-01T00:00:00Z", "data": d, **over}


def batch(records: list[dict], **over) -> dict:
    seqs = [r["seq"] for r in records] or [1]
    return {"contract": 1, "batch_id": str(uuid.uuid4()), "station_id": STATION,
            "db_generation": str(uuid.uuid4()), "seq_from": min(seqs), "seq_to": max(seqs),
            "sent_at": "2026-12-01T00:00:00Z", "records": records, **over}


def field_of(obj) -> str:
    with pytest.raises(c.ContractError) as e:
        c.parse_batch(obj)
    assert e.value.field in str(e.value)
    return e.value.field


def test_the_contract_is_pure_python():
    src = open(c.__file__, encoding="utf-8").read() + open(sys.modules["pos.sync.masking"].__file__, encoding="utf-8").read()
    for banned in ("sqlalchemy", "fastapi", "PySide6", "starlette"):
        assert banned not in src


def test_a_good_batch_parses_with_defaults_and_utc_times():
    b = c.parse_batch(batch([rec(1), rec(2, "counts", {"day": "2026-12-01", "prints": {"receipt": 3}})]))
    p = b.records[0].data
    assert p["checked_in_at"] == "2026-12-01T00:00:00.000000Z"
    assert p["carrier"] == "" and p["picked_up_at"] is None and p["delivery_requested"] is False
    assert b.records[1].data["notices"] == {}


@pytest.mark.parametrize("mutate, field", [
    (lambda b: b.pop("batch_id"), "batch_id"),
    (lambda b: b.update(batch_id="nope"), "batch_id"),
    (lambda b: b.update(contract=2), "contract"),
    (lambda b: b.update(seq_to=0), "seq_to"),
    (lambda b: b.update(records={}), "records"),
    (lambda b: b.update(extra=1), "extra"),
    (lambda b: b["records"][1].update(kind="villager"), "records[1].kind"),
    (lambda b: b["records"][1].update(version=0), "records[1].version"),
    (lambda b: b["records"][1].update(version=True), "records[1].version"),
    (lambda b: b["records"][1].update(station_id=str(uuid.uuid4())), "records[1].station_id"),
    (lambda b: b["records"][1].update(seq=99), "records[1].seq"),
    (lambda b: b["records"][1].update(seq=1), "records[1].seq"),
    (lambda b: b["records"][1]["data"].pop("waybill"), "records[1].data.waybill"),
    (lambda b: b["records"][1]["data"].update(status="lost"), "records[1].data.status"),
    (lambda b: b["records"][1]["data"].update(checked_in_at="2026-12-01 08:00"), "records[1].data.checked_in_at"),
    (lambda b: b["records"][1]["data"].update(phone_masked="13812341234"), "records[1].data.phone_masked"),
    (lambda b: b["records"][1]["data"].update(recipient_name="王小明"), "records[1].data.recipient_name"),
    (lambda b: b["records"][1]["data"].update(waybill="X" * 41), "records[1].data.waybill"),
    (lambda b: b["records"][1]["data"].update(layer="1"), "records[1].data.layer"),
    (lambda b: b["records"][1]["data"].update(secret=1), "records[1].data.secret"),
    (lambda b: b["records"][1]["data"].update(shelf="A\x00"), "records[1].data.shelf"),
    (lambda b: b["records"][1]["data"].update(fee_due_fen=2**63), "records[1].data.fee_due_fen"),
    (lambda b: b["records"][1].update(seq=2**63), "records[1].seq"),
])
def test_a_bad_field_is_named(mutate, field):
    b = batch([rec(1), rec(2)])
    mutate(b)
    assert field_of(b) == field


def test_free_text_may_not_carry_a_whole_mobile_number():
    ev = {"parcel_uuid": str(uuid.uuid4()), "at": "2026-12-01T00:00:00Z", "kind": "picked_up",
          "details": '{"collector": "李*", "phone": "13812341234"}'}
    assert field_of(batch([rec(1, "parcel_event", ev)])) == "records[0].data.details"
    # waybills and receipt numbers are not phone numbers
    ev["details"] = '{"receipt": "R20261201-0001", "waybill": "SF1381234123456", "phone": "138****1234"}'
    c.parse_batch(batch([rec(1, "parcel_event", ev)]))


def test_lines_are_checked_inside():
    s = {"number": "R1", "total_fen": 100, "completed_at": "2026-12-01T00:00:00Z",
         "lines": [{"uuid": str(uuid.uuid4())}, {"uuid": "x"}]}
    assert field_of(batch([rec(1, "sale", s)])) == "records[0].data.lines[1].uuid"


def test_too_many_records_are_refused():
    recs = [rec(i + 1) for i in range(c.MAX_RECORDS + 1)]
    assert field_of(batch(recs)) == "records"


def test_encode_then_decode_round_trips_through_gzip():
    b = c.parse_batch(batch([rec(1), rec(2)]))
    body = c.encode_batch(b)
    assert body[:2] == b"\x1f\x8b"
    again = c.parse_batch(c.decode_body(body, "gzip"))
    assert again == b


def test_a_busy_batch_is_far_under_the_compressed_limit():
    recs = [rec(i + 1, data={"waybill": f"YT{7_000_000_000_000 + i}", "carrier": "YTO", "status": "in_stock",
                             "phone_masked": "138****1234", "recipient_name": "王*", "shelf": "A",
                             "pickup_code": f"A-1-{i:03}", "checked_in_at": "2026-12-01T00:00:00Z"})
            for i in range(c.RECOMMENDED_RECORDS)]
    body = c.encode_batch(c.parse_batch(batch(recs)))
    assert len(body) < c.MAX_COMPRESSED_BYTES / 4


def test_decode_refuses_a_gzip_bomb_bad_gzip_and_unknown_encodings():
    bomb = gzip.compress(b"[" + b"0," * (c.MAX_UNCOMPRESSED_BYTES) + b"0]")
    assert len(bomb) < c.MAX_COMPRESSED_BYTES
    with pytest.raises(c.BodyTooLarge):
        c.decode_body(bomb, "gzip")
    with pytest.raises(c.ContractError, match="not valid gzip"):
        c.decode_body(b"not gzip", "gzip")
    with pytest.raises(c.ContractError, match="cut short"):
        c.decode_body(gzip.compress(b'{"a": 1}')[:-6], "gzip")
    with pytest.raises(c.ContractError) as e:
        c.decode_body(b"{}", "br")
    assert e.value.field == "Content-Encoding"
    with pytest.raises(c.ContractError, match="not JSON"):
        c.decode_body(b"{", None)
    assert c.decode_body(json.dumps({"a": "王"}).encode(), "identity") == {"a": "王"}


def test_counts_uuid_is_stable_per_station_and_day():
    assert c.counts_uuid(STATION, "2026-12-01") == c.counts_uuid(STATION, "2026-12-01")
    assert c.counts_uuid(STATION, "2026-12-01") != c.counts_uuid(STATION, "2026-12-02")


@pytest.mark.parametrize("raw, masked", [
    ("13812341234", "138****1234"), ("+86 138-1234-1234", "138****1234"), ("138****1234", "138****1234"),
    ("****1234", "****1234"), ("0571-88886666", "057****6666"), ("", ""), ("12345", "*****"),
])
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked
    assert is_masked_phone(mask_phone(raw))


@pytest.mark.parametrize("raw, masked", [("王小明", "王*"), ("欧阳娜娜", "欧*"), ("王", "王*"), (" ", "")])
def test_mask_name(raw, masked):
    assert mask_name(raw) == masked
    assert is_masked_name(mask_name(raw))


def test_manifest_waybills_are_normalised_and_duplicates_named():
    m = c.parse_manifest({"station": "S", "lines": [{"waybill": " sf 1234 "}]})
    assert m["lines"][0]["waybill"] == "SF1234"
    with pytest.raises(c.ContractError) as e:
        c.parse_manifest({"station": "S", "lines": [{"waybill": "SF1"}, {"waybill": "sf1"}]})
    assert e.value.field == "lines[1].waybill"
    with pytest.raises(c.ContractError) as e:
        c.parse_manifest({"station": "S", "lines": []})
    assert e.value.field == "lines"
