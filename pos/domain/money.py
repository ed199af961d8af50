"""Money as integer fen (1 yuan = 100 fen). Never a float."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

_AMOUNT = re.compile(r"^\s*([+-])?\s*[¥￥]?\s*(\d{1,9})(?:\.(\d{1,2}))?\s*(元)?\s*$")


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount in fen. ``Money(1230)`` formats as ``¥12.30``."""

    fen: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.fen, bool) or not isinstance(self.fen, int):
            raise TypeError(f"Money needs integer fen, got {type(self.fen).__name__}")

    # construction -------------------------------------------------------------------------
    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def from_yuan(cls, yuan: int) -> Money:
        if isinstance(yuan, bool) or not isinstance(yuan, int):
            raise TypeError("from_yuan takes whole yuan as int; parse text with Money.parse")
        return cls(yuan * 100)

    @classmethod
    def parse(cls, text: str) -> Money:
        """Parse what a partner types: ``12``, ``12.3``, ``12.30``, ``¥12.30``, ``-5``, ``8元``."""
        if text is not None and not isinstance(text, str):
            raise TypeError(f"Money.parse takes text, got {type(text).__name__}")
        m = _AMOUNT.match(text or "")
        if not m:
            raise ValidationError(
                tr_noop("errors", "'{text}' is not an amount of money (for example 12.50)"),
                field="amount",
                text=(text or "").strip()[:20],
            )
        sign, whole, frac, _ = m.groups()
        fen = int(whole) * 100 + int((frac or "0").ljust(2, "0"))
        return cls(-fen if sign == "-" else fen)

    # arithmetic ---------------------------------------------------------------------------
    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.fen + other.fen)

    def __radd__(self, other: int | Money) -> Money:
        # lets sum() start from 0 (the int, not 0.0 or False)
        if type(other) is int and other == 0:
            return self
        if isinstance(other, Money):
            return self.__add__(other)
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.fen - other.fen)

    def __neg__(self) -> Money:
        return Money(-self.fen)

    def __mul__(self, quantity: int) -> Money:
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            return NotImplemented
        return Money(self.fen * quantity)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.fen != 0

    def is_negative(self) -> bool:
        return self.fen < 0

    # presentation -------------------------------------------------------------------------
    def yuan_text(self) -> str:
        """``12.30`` or ``-0.05``: the export format of *_yuan columns."""
        sign = "-" if self.fen < 0 else ""
        whole, frac = divmod(abs(self.fen), 100)
        return f"{sign}{whole}.{frac:02d}"

    def format(self, symbol: str = "¥") -> str:
        sign = "-" if self.fen < 0 else ""
        whole, frac = divmod(abs(self.fen), 100)
        return f"{sign}{symbol}{whole}.{frac:02d}"

    def __str__(self) -> str:
        return self.format()
