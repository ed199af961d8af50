"""Product barcodes sold at the counter: EAN-13, EAN-8 and UPC-A (GS1 GTINs).

All three share one check digit rule (GS1 mod 10), so the arithmetic is written once and the
symbologies differ only in length. UPC-E is not handled: the counter's scanners are set up for
EAN-13 (see the research notes), and goods that carry UPC-E are rare in a Chinese village shop.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

Symbology = Literal["EAN13", "EAN8", "UPCA"]
Category = Literal["retail", "in_store", "book", "coupon"]

_LENGTHS: dict[int, Symbology] = {13: "EAN13", 12: "UPCA", 8: "EAN8"}
_DIGITS = re.compile(r"^[0-9]+$")


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for ``body`` (the code without its last digit).

    Weights alternate 3, 1, ... starting from the rightmost digit of the body, which is why the
    same function serves every GTIN length.
    """
    if not isinstance(body, str) or not _DIGITS.match(body):
        raise ValueError(f"a GTIN body is digits only, got {body!r}")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def _checked(body: str, length: int) -> str:
    if len(body) != length - 1:
        raise ValueError(f"expected {length - 1} digits before the check digit, got {len(body)}")
    return body + str(gtin_check_digit(body))


def ean13_check_digit(first12: str) -> int:
    return int(_checked(first12, 13)[-1])


def ean8_check_digit(first7: str) -> int:
    return int(_checked(first7, 8)[-1])


def upca_check_digit(first11: str) -> int:
    return int(_checked(first11, 12)[-1])


def with_check_digit(body: str) -> str:
    """``body`` followed by its check digit: 12 digits give an EAN-13, 7 an EAN-8, 11 a UPC-A."""
    if len(body) + 1 not in _LENGTHS:
        raise ValueError(f"no product barcode has {len(body) + 1} digits")
    return _checked(body, len(body) + 1)


def has_valid_check_digit(code: str) -> bool:
    """True for an EAN-13, EAN-8 or UPC-A whose last digit is right; False for anything else."""
    if not isinstance(code, str) or len(code) not in _LENGTHS or not _DIGITS.match(code):
        return False
    return gtin_check_digit(code[:-1]) == int(code[-1])


def is_valid_ean13(code: str) -> bool:
    return isinstance(code, str) and len(code) == 13 and has_valid_check_digit(code)


def is_valid_ean8(code: str) -> bool:
    return isinstance(code, str) and len(code) == 8 and has_valid_check_digit(code)


def is_valid_upca(code: str) -> bool:
    return isinstance(code, str) and len(code) == 12 and has_valid_check_digit(code)


def is_china_gs1_prefix(code: str) -> bool:
    """690-699 is the GS1 China prefix range, the one on almost all goods a village shop sells."""
    return len(code) == 13 and code.startswith("69")


@dataclass(frozen=True, slots=True)
class ProductBarcode:
    """A product barcode that passed its check digit."""

    code: str  # the digits as scanned
    symbology: Symbology
    category: Category

    @property
    def gtin14(self) -> str:
        """The GS1 key: the same product scanned as UPC-A or as EAN-13 (leading 0) gets one key."""
        return self.code.zfill(14)

    @property
    def china(self) -> bool:
        return is_china_gs1_prefix(self.gtin14[1:])


def _category(gtin13: str) -> Category:
    # GS1 General Specifications, prefix list: 020-029, 040-049 and 200-299 are for in-store
    # numbering such as weighed goods (their price may be inside the code, so they never name a
    # product across shops); 978/979 are books; 050-059, 981-984 and 99 are coupons.
    if gtin13[:3] in ("978", "979"):
        return "book"
    if gtin13[:2] in ("99", "05") or gtin13[:3] in ("981", "982", "983", "984"):
        return "coupon"
    if gtin13[0] == "2" or gtin13[:2] in ("02", "04"):
        return "in_store"
    return "retail"


def parse_product_barcode(raw: str) -> ProductBarcode:
    """Check a scanned or typed product barcode and say what kind it is.

    Full-width digits (typed with a Chinese input method on) and surrounding white space are
    accepted; anything else that is not a digit is refused.
    """
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(text.split())
    if not text:
        raise ValidationError(tr_noop("errors", "The product barcode is empty."), field="barcode")
    shown = text[:30]
    bad = sorted({c for c in text if not ("0" <= c <= "9")})
    if bad:
        raise ValidationError(
            tr_noop("errors", "'{code}' contains characters a product barcode does not use: {chars}."),
            field="barcode",
            code=shown,
            chars=" ".join(bad[:10]),
        )
    symbology = _LENGTHS.get(len(text))
    if symbology is None:
        raise ValidationError(
            tr_noop("errors", "'{code}' has {length} digits; a product barcode has 8, 12 or 13."),
            field="barcode",
            code=shown,
            length=len(text),
        )
    if not has_valid_check_digit(text):
        raise ValidationError(
            tr_noop(
                "errors",
                "The check digit of barcode '{code}' is wrong; scan it again or type it carefully.",
            ),
            field="barcode",
            code=shown,
        )
    if symbology == "EAN8":
        # GS1: EAN-8 numbers starting 0 or 2 are restricted circulation (RCN-8), shop-internal.
        category: Category = "in_store" if text[0] in "02" else "retail"
    else:
        category = _category(text.zfill(13))
    return ProductBarcode(code=text, symbology=symbology, category=category)
