"""An amount owed when a parcel leaves, as the pickup screen and receipt show it.

Pure data, so that every feature that adds a due (storage fees, an assisted purchase's balance)
can make one without importing the pickup services that total them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DueLine:
    """One amount owed on one parcel. ``label`` is English marked with tr_noop("pickup", ...)
    and formatted with ``params``; the screen and the receipt translate it."""

    kind: str
    label: str
    amount_fen: int
    params: tuple[tuple[str, Any], ...] = ()
    reference: str = ""  # the source's own key (e.g. a purchase order number)

    def text(self, translate=None) -> str:
        template = translate("pickup", self.label) if translate else self.label
        try:
            return template.format(**dict(self.params))
        except (KeyError, IndexError, ValueError):
            return template
