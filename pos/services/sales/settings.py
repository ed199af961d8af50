"""Counter-sale limits: the discount an assistant may give alone, and the highest price."""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.errors import PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.users import Operator
from pos.services import settings as st
from pos.services.settings import SettingDef

# a discount above this percentage of what it applies to needs the owner's PIN
DISCOUNT_LIMIT_PERCENT = SettingDef("sales.discount_limit_percent", 10)
# a price above this (fen) is refused as a typing slip (an extra zero)
MAX_PRICE_FEN = SettingDef("sales.max_price_fen", 500_000)
MAX_PRICE_CEILING_FEN = 100_000_000  # ¥1,000,000: what the setting itself may be
# a mobile payment from this amount (fen) needs the transaction number read off the phone
MOBILE_REFERENCE_FROM_FEN = SettingDef("sales.mobile_reference_from_fen", 5_000)


@dataclass(frozen=True)
class SalesSettings:
    discount_limit_percent: int = DISCOUNT_LIMIT_PERCENT.default
    max_price_fen: int = MAX_PRICE_FEN.default
    mobile_reference_from_fen: int = MOBILE_REFERENCE_FROM_FEN.default


def load(db) -> SalesSettings:
    with db.reader() as s:
        return load_in(s)


def load_in(session) -> SalesSettings:
    limit = st.get(session, DISCOUNT_LIMIT_PERCENT)
    max_price = st.get(session, MAX_PRICE_FEN)
    if not isinstance(limit, int) or not 0 <= limit <= 100:
        limit = DISCOUNT_LIMIT_PERCENT.default
    if not isinstance(max_price, int) or not 1 <= max_price <= MAX_PRICE_CEILING_FEN:
        max_price = MAX_PRICE_FEN.default
    reference_from = st.get(session, MOBILE_REFERENCE_FROM_FEN)
    if not isinstance(reference_from, int) or not 0 <= reference_from <= MAX_PRICE_CEILING_FEN:
        reference_from = MOBILE_REFERENCE_FROM_FEN.default
    return SalesSettings(limit, max_price, reference_from)


def validate(values: SalesSettings) -> None:
    if not 0 <= values.discount_limit_percent <= 100:
        raise ValidationError(
            tr_noop("errors", "The discount limit is a percentage from 0 to 100."), field="discount_limit"
        )
    if not 100 <= values.max_price_fen <= MAX_PRICE_CEILING_FEN:
        raise ValidationError(
            tr_noop("errors", "The highest price must be between {low} and {high}."), field="max_price",
            low=str(Money(100)), high=str(Money(MAX_PRICE_CEILING_FEN)),
        )
    if not 0 <= values.mobile_reference_from_fen <= MAX_PRICE_CEILING_FEN:
        raise ValidationError(
            tr_noop("errors", "The amount from which a mobile payment needs its transaction number must be "
                    "between {low} and {high}."), field="mobile_reference_from",
            low=str(Money(0)), high=str(Money(MAX_PRICE_CEILING_FEN)),
        )


def save(db, operator: Operator, values: SalesSettings) -> list[str]:
    if not operator.is_owner:
        raise PermissionDenied(tr_noop("errors", "Only the owner can change the sales settings."))
    validate(values)
    return st.save(db, operator, {
        DISCOUNT_LIMIT_PERCENT: values.discount_limit_percent,
        MAX_PRICE_FEN: values.max_price_fen,
        MOBILE_REFERENCE_FROM_FEN: values.mobile_reference_from_fen,
    })
