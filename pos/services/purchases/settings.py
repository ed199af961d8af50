"""Settings of assisted purchases: expected arrival, when an order is late, price limit."""

from __future__ import annotations

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.services.settings import SettingDef

EXPECTED_DAYS = SettingDef("purchases.expected_days", 3)
LATE_DAYS = SettingDef("purchases.late_days", 7)
MAX_UNIT_PRICE_FEN = SettingDef("purchases.max_unit_price_fen", 2_000_000)  # ¥20,000
DEFAULT_FEE_FEN = SettingDef("purchases.default_fee_fen", 0)

ALL = (EXPECTED_DAYS, LATE_DAYS, MAX_UNIT_PRICE_FEN, DEFAULT_FEE_FEN)


def validate(expected_days: int, late_days: int, max_unit_price_fen: int, default_fee_fen: int) -> None:
    if not 1 <= expected_days <= 60:
        raise ValidationError(tr_noop("errors", "Expected arrival must be 1 to 60 days."), field="expected_days")
    if not 1 <= late_days <= 90:
        raise ValidationError(tr_noop("errors", "An order can be late after 1 to 90 days."), field="late_days")
    if late_days < expected_days:
        raise ValidationError(tr_noop("errors", "An order cannot be late before it is expected."), field="late_days")
    if not 100 <= max_unit_price_fen <= 10_000_000:
        raise ValidationError(tr_noop("errors", "The price limit must be from ¥1.00 to ¥100000.00."),
                              field="max_unit_price")
    if not 0 <= default_fee_fen <= 100_000:
        raise ValidationError(tr_noop("errors", "The service fee must be from {low} to {high}."),
                              field="service_fee", low="¥0.00", high="¥1000.00")


def read_int(session_get, d: SettingDef) -> int:
    """A stored setting as int, the default when someone stored something odd."""
    try:
        return int(session_get(d))
    except (TypeError, ValueError):
        return int(d.default)
