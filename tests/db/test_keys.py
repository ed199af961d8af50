"""New records' keys (pos.db.keys): time-ordered version-7 UUIDs, so new rows go to the last
pages of the key indexes; unique as version 4 was."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from pos.db.keys import KeyMaker, new_key
from pos.db.models import Parcel

NOW_NS = 1_796_000_000_123_456_789  # 2026-11-30, 123.456789 ms into a second


def test_a_key_is_a_version_7_uuid_that_begins_with_its_time_in_milliseconds():
    key = KeyMaker().make(NOW_NS)
    assert (key.version, key.variant) == (7, uuid.RFC_4122)
    assert key.int >> 80 == NOW_NS // 1_000_000
    assert (key.int >> 64) & 0xFFF == 123_456_789 % 1_000_000 * 4096 // 1_000_000


def test_keys_made_one_after_another_are_in_order_even_when_the_clock_stands_still_or_goes_back():
    maker = KeyMaker()
    times = [NOW_NS, NOW_NS, NOW_NS + 1, NOW_NS - 3_600_000_000_000, NOW_NS + 5_000_000]
    keys = [maker.make(t) for t in times]
    assert [k.bytes for k in keys] == sorted(k.bytes for k in keys)  # SQLite's index order
    assert len(set(keys)) == len(keys)
    assert keys[-1].int >> 80 == (NOW_NS + 5_000_000) // 1_000_000  # the clock moving on is followed


def test_keys_do_not_collide():
    keys = {new_key() for _ in range(200_000)}
    assert len(keys) == 200_000


def test_two_makers_in_the_same_instant_differ_in_their_random_bits():
    # two stations, or two counters, making a key at the same moment
    a, b = KeyMaker().make(NOW_NS), KeyMaker().make(NOW_NS)
    assert a != b and a.int >> 64 == b.int >> 64


def test_stored_records_get_time_ordered_keys(any_database):
    t = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.timezone.utc)
    with any_database.unit_of_work() as s:
        made = []
        for i in range(30):
            p = Parcel(waybill=f"SF{i}", carrier="SF", status="in_stock", checked_in_at=t)
            s.add(p)
            s.flush()
            made.append(p.id)
    with any_database.reader() as s:
        in_index_order = list(s.scalars(select(Parcel.id).order_by(Parcel.id)))
    assert all(k.version == 7 for k in made)
    assert in_index_order == made
