"""Event details as stored: compact, without the fields that say nothing."""

from __future__ import annotations

import json

from pos.domain.event_details import details_json


def test_empty_fields_are_left_out_and_the_json_is_compact():
    text = details_json({"receipt": "Q20261203-0001", "scanned": True, "reason": "", "collector": "",
                         "relation": "", "dues": [], "due_fen": 0, "collected_fen": 0, "method": ""})
    assert text == '{"receipt":"Q20261203-0001","scanned":true,"due_fen":0,"collected_fen":0}'


def test_false_and_zero_say_something_and_stay():
    assert json.loads(details_json({"scanned": False, "again": False, "due_fen": 0})) == {
        "scanned": False, "again": False, "due_fen": 0}


def test_nothing_left_is_stored_as_nothing():
    assert details_json({"reason": "", "dues": [], "note": None, "extra": {}}) == ""


def test_chinese_stays_readable_and_other_values_become_text():
    import uuid

    key = uuid.UUID("12345678-1234-4234-8234-123456789abc")
    assert details_json({"collector": "王芳", "notice": key}) == (
        '{"collector":"王芳","notice":"12345678-1234-4234-8234-123456789abc"}')
