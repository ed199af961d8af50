import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.errors import ValidationError
from pos.domain.receipt_numbers import (
    ReceiptNumber, barcode_data, format_number, parse_number, require_number, sequence_key,
)


def test_format_and_parse():
    d = dt.date(2026, 11, 22)
    assert format_number("R", d, 7) == "R20261122-0007"
    assert format_number("F", d, 12345) == "F20261122-12345"
    assert sequence_key("P", d) == "receipt:P:20261122"
    assert parse_number("R20261122-0007") == ReceiptNumber("R", d, 7)
    assert parse_number(" r202611220007 ") == ReceiptNumber("R", d, 7)  # the barcode form
    assert barcode_data("R20261122-0007") == "R202611220007"
    for bad in ("", "X20261122-0001", "R20261322-0001", "R20261122-0000", "6901234567892", "R2026112-0001"):
        assert parse_number(bad) is None
    with pytest.raises(ValidationError):
        require_number("abc")
    with pytest.raises(ValueError):
        format_number("Z", d, 1)


@given(prefix=st.sampled_from("RPF"), day=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
       seq=st.integers(1, 99999))
def test_round_trip(prefix, day, seq):
    n = format_number(prefix, day, seq)
    assert str(parse_number(n)) == n
    assert str(parse_number(barcode_data(n))) == n
