"""Produce sold by weight (称重商品): a price per 斤 (500 g) or per kg times a weight in grams.

The line's amount is price × weight rounded to the fen, half a fen up (0.5 fen and more is a fen):
what a market scale's price display does, and never in the station's favour by more than half
a fen. A weighed line is one cart line of quantity 1 whose unit price is that amount.
"""

from __future__ import annotations

from pos.domain.cart import CartLine
from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money

PIECE, JIN, KG = "piece", "jin", "kg"
UNITS = (PIECE, JIN, KG)
UNIT_GRAMS = {JIN: 500, KG: 1000}
MAX_WEIGHED_GRAMS = 100_000  # 100 kg on a counter scale
UNIT_SIGNS = {JIN: "斤", KG: "kg"}


def check_unit(unit: str) -> str:
    if unit not in UNITS:
        raise ValidationError(tr_noop("errors", "A product is sold by piece, by jin or by kg."), field="unit")
    return unit


def is_weighed(unit: str) -> bool:
    return unit in UNIT_GRAMS


def check_weighed_grams(grams: int) -> int:
    if isinstance(grams, bool) or not isinstance(grams, int) or not 0 < grams <= MAX_WEIGHED_GRAMS:
        raise ValidationError(tr_noop("errors", "A weight is more than 0 and at most {max} kg."),
                              field="weight", max=MAX_WEIGHED_GRAMS // 1000)
    return grams


def weighed_amount_fen(price_per_unit_fen: int, grams: int, unit: str) -> int:
    """price per unit × weight, half a fen up."""
    per = UNIT_GRAMS[unit]
    check_weighed_grams(grams)
    return (2 * price_per_unit_fen * grams + per) // (2 * per)


def quantity_text(grams: int, unit: str) -> str:
    """``1.234kg`` or ``2.47斤``: the weight in the unit the price is given in."""
    per = UNIT_GRAMS[unit]
    places = 3 if unit == KG else 2
    scaled = (grams * 10**places * 2 + per) // (2 * per)
    whole, frac = divmod(scaled, 10**places)
    return f"{whole}.{frac:0{places}d}{UNIT_SIGNS[unit]}"


def measure_text(grams: int, unit: str, price_per_unit_fen: int) -> str:
    """``1.234kg x 12.00/kg``: weight, unit price and unit, as the cart and receipt show it."""
    return f"{quantity_text(grams, unit)} x {Money(price_per_unit_fen).yuan_text()}/{UNIT_SIGNS[unit]}"


def parse_typed_weight(text: str, unit: str, limit_grams: int = MAX_WEIGHED_GRAMS) -> int:
    """A weight typed in the product's unit (``1.25`` kg, ``2.5`` 斤) as grams, half a gram up."""
    raw = (text or "").strip().replace("，", ".").replace(",", ".")
    whole, _, frac = raw.partition(".")
    if not raw or not (whole or frac) or not (whole + frac).isascii() or not (whole + frac).isdigit() \
            or len(frac) > 3:
        raise ValidationError(tr_noop("errors", "'{text}' is not a weight: type it like 1.25."), field="weight",
                              text=raw[:12])
    per = UNIT_GRAMS.get(unit, 1000)
    thousandths = int(whole or "0") * 1000 + int((frac + "000")[:3])
    grams = (2 * thousandths * per + 1000) // 2000
    if not 0 < grams <= limit_grams:
        raise ValidationError(tr_noop("errors", "A weight is more than 0 and at most {max} kg."),
                              field="weight", max=limit_grams // 1000)
    return grams


def weighed_cart_line(product_id: object, description: str, category: str, price_per_unit_fen: int, unit: str,
                      grams: int) -> CartLine:
    """One weighing as a cart line: quantity 1 at price × weight (half a fen up)."""
    amount = weighed_amount_fen(price_per_unit_fen, grams, unit)
    return CartLine(product_id, description, amount, 1, category, False, None, None,
                    weight_grams=grams, weight_unit=unit, price_per_unit_fen=price_per_unit_fen)


def price_text(price_fen: int, unit: str) -> str:
    """``3.00/斤`` for a product sold by weight, ``3.00`` for one sold by the piece."""
    sign = UNIT_SIGNS.get(unit)
    return f"{Money(price_fen).yuan_text()}/{sign}" if sign else Money(price_fen).yuan_text()
