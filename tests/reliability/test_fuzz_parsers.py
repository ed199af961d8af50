"""Every parser of typed, scanned or imported text, fed junk: it returns a value or raises a
DomainError (whose message the partner reads); anything else would reach the crash dialog.

Parsers with properties of their own (round trips, check digits) have them in their own suites
(tests/unit, tests/devices/test_specs.py, tests/sales, tests/villagers ...); this file holds the
one rule every parser shares, over the same hostile text, so a new parser is one line here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos.devices import scan_normalise
from pos.domain.devices.printer_spec import parse_printer_spec
from pos.domain.devices.scanner_spec import parse_scanner_spec
from pos.devices.transports import decode_status
from pos.domain import barcodes, cart, cash, phone, pins, purchases, receipt_numbers, villager_fields, waybill
from pos.domain.carriers import load_rules, parse_rules
from pos.domain.errors import DomainError
from pos.domain.money import Money
from pos.domain.station import clean_person_name
from pos.resources import resource
from pos.services import csv_export
from pos.services.parcels import settings as parcel_settings
from pos.services.parcels import recipients
from pos.services.reports import data as report_data
from pos.services.purchases.orders import check_waybill

from .fuzz_text import junk_for, junk_text

RULES = load_rules()
NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.timezone.utc)

# name: (parser, good examples its junk is made from)
PARSERS = {
    "waybill.normalise": (waybill.normalise, ["SF1023574626292", "JDVA00123456789-1-1-"]),
    "waybill.recognise": (lambda t: waybill.recognise(t, RULES, {}), None),
    "waybill.recognise with a remembered choice": (lambda t: waybill.recognise(t, RULES, {"12:1234": "ZTO"}),
                                                   ["123456789012", "1234567890123"]),
    "waybill.is_sort_code": (waybill.is_sort_code, ["300-A12 05", "821 JD-03"]),
    "purchases.check_waybill": (check_waybill, None),
    "phone.parse_mobile": (phone.parse_mobile, ["13812345678", "+86 138-1234-5678"]),
    "phone.parse_masked_phone": (phone.parse_masked_phone, ["138****5678", "*******5678", "138xxxx5678"]),
    "phone.parse_station_phone": (phone.parse_station_phone, ["0571-8888 6666", "13812345678", "400-800-1234"]),
    "phone.normalise_phone": (phone.normalise_phone, ["13812345678"]),
    "recipients.read_phone": (recipients.read_phone, ["13812345678", "138****5678", "5678"]),
    "recipients.clean_name": (recipients.clean_name, ["王小明", "  张 三 "]),
    "Money.parse": (Money.parse, ["12", "12.3", "12.30", "¥12.30", "-5", "8元", "0.01"]),
    "cart.parse_price": (lambda t: cart.parse_price(t, 100_000_00), ["12.50", "3"]),
    "cart.parse_discount": (cart.parse_discount, ["10%", "5", "5.50", "100%", ""]),
    "purchases.parse_price": (lambda t: purchases.parse_price(t, 100_000_00), ["12.50", "3"]),
    "purchases.parse_quantity": (purchases.parse_quantity, ["1", "12", "999"]),
    "cash.parse_pieces": (cash.parse_pieces, ["12", "12+30", ""]),
    "cash.clean_reason": (cash.clean_reason, ["找零", "bank deposit"]),
    "barcodes.parse_product_barcode": (barcodes.parse_product_barcode, ["6901234567892", "96385074", "036000291452"]),
    "barcodes.has_valid_check_digit": (barcodes.has_valid_check_digit, ["6901234567892", "96385074"]),
    "pins.validate_pin": (pins.validate_pin, ["1234", "12345678"]),
    "receipt_numbers.parse_number": (receipt_numbers.parse_number, ["R20261122-0007", "r202611220007"]),
    "receipt_numbers.require_number": (receipt_numbers.require_number, ["R20261122-0007"]),
    "villager_fields.parse_villager_phone": (villager_fields.parse_villager_phone, ["13812345678", "138****5678"]),
    "villager_fields.clean_villager_name": (villager_fields.clean_villager_name, ["王小明"]),
    "villager_fields.parse_consent_flag": (villager_fields.parse_consent_flag, ["是", "否", "1", "0", "yes"]),
    "villager_fields.parse_consent_time": (villager_fields.parse_consent_time,
                                           ["2026-11-20T08:30:00+08:00", "2026-11-20 08:30", "2026-11-20"]),
    "villager_fields.parse_balance": (villager_fields.parse_balance, ["12.50", "-3", "0"]),
    "villager_fields.phone_query_digits": (villager_fields.phone_query_digits, ["5678", "138 1234 5678"]),
    "station.clean_person_name": (clean_person_name, ["王小明"]),
    "printer_spec.parse_printer_spec": (parse_printer_spec, ["usb:0x0416:0x5011", "net:10.0.0.9:9100",
                                                             "serial:COM3@9600", "file:/dev/usb/lp0", "preview"]),
    "scanner.parse_scanner_spec": (parse_scanner_spec, ["wedge", "serial:/dev/ttyACM0@115200", "serial:COM3"]),
    "report_data.parse_day": (report_data.parse_day, ["2026-11-22"]),
    "report_data.parse_month": (report_data.parse_month, ["2026-11"]),
    "csv_export.parse_day": (lambda t: csv_export.parse_day(t, "from"), ["2026-11-22"]),
    "parcel_settings.parse_shelf_names": (parcel_settings.parse_shelf_names, ["A B C D", "A,B,C"]),
    "parcel_settings.check_template": (parcel_settings.check_template, [parcel_settings.DEFAULT_TEMPLATE]),
    "parcel_settings.check_short_name": (parcel_settings.check_short_name, ["清水村"]),
    "scan_normalise.normalise": (scan_normalise.normalise, ["6901234567892\r\n", "SF1234\x7f567890"]),
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_parser_answers_or_refuses_clearly(name, data):
    parse, examples = PARSERS[name]
    text = data.draw(junk_for(examples), label="text")
    try:
        parse(text)
    except DomainError as e:
        assert str(e).strip()  # a message to show, never an empty box


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=40))
def test_scanner_bytes_always_decode(raw):
    code = scan_normalise.normalise(scan_normalise.decode(raw))
    assert isinstance(code, str)
    lines, rest = scan_normalise.split_lines(raw)
    assert b"".join(lines) + rest == raw.replace(b"\r", b"").replace(b"\n", b"")


@settings(max_examples=200, deadline=None)
@given(a=st.binary(max_size=3), b=st.binary(max_size=3))
def test_printer_status_bytes_always_decode(a, b):
    assert decode_status(a, b) in ("online", "offline", "paper_low", "paper_out", "unknown")


RULE_FILE = resource("carriers.toml").read_text(encoding="utf-8")


@st.composite
def edited_rule_file(draw) -> str:
    """The partner's edit of carriers.toml: a line dropped, doubled or mangled."""
    lines = RULE_FILE.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "double", "junk", "cut"]))
        if op == "drop":
            del lines[at]
        elif op == "double":
            lines.insert(at, lines[at])
        elif op == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        else:
            lines[at] = draw(junk_text)
    return "\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(text=st.one_of(edited_rule_file(), junk_text))
def test_a_mangled_carrier_rule_file_is_refused_clearly(text):
    try:
        rules = parse_rules(text)
    except DomainError as e:
        assert str(e).strip()
        return
    for sample in ("SF1023574626292", "73100118865046", "garbage"):  # rules that load also work
        try:
            waybill.recognise(sample, rules, {})
        except DomainError:
            pass
