"""How an event's details are stored: compact JSON without the fields that say nothing.

A five-year station keeps two million parcel events; the handover's empty fields ("reason": "",
"dues": [] ...) and JSON's spaces were about half of their details. Readers take a missing
field as empty, as they took the empty one.
"""

from __future__ import annotations

import json
from typing import Any

_EMPTY: tuple[Any, ...] = ("", None, [], {})


def details_json(fields: dict[str, Any]) -> str:
    """'' when nothing is left; False and 0 are kept (they say something: a handover without
    a scan, nothing due)."""
    kept = {k: v for k, v in fields.items() if v not in _EMPTY}
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":"), default=str) if kept else ""
