"""Parcel check-in settings: the shelves, the notice template, the station's short name, and the
carrier each ambiguous number family was assigned to at this station.

Values are checked here (not only in the settings tab) so the command line, the demo and any later
import cannot store a layout that would produce pickup codes nobody can find.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from pos.domain.carriers import CARRIER_CODES
from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.services.settings import SettingDef

DEFAULT_LAYOUT = {"shelves": ["A", "B", "C", "D"], "layers": 5, "capacity": 30}
# The Chinese text villagers receive; the partner edits it in Settings. The placeholders are
# filled per villager per day: with one parcel it reads exactly like a Cainiao station's SMS.
DEFAULT_TEMPLATE = "【{station}】您的{carriers}已到站，取件码{codes}，请尽快到服务站领取。"

# SettingDef is hashed (settings.save takes {SettingDef: value}), so a dict cannot be a default:
# None stands for DEFAULT_LAYOUT and for "no remembered choices"; read through layout_or_default
# and clean_preferences.
SHELVES = SettingDef("parcels.shelves", None)
NOTICE_TEMPLATE = SettingDef("parcels.notice_template", DEFAULT_TEMPLATE)
STATION_SHORT_NAME = SettingDef("parcels.station_short_name", "")
CARRIER_PREFERENCES = SettingDef("parcels.carrier_preferences", None)
# A code is not given again until this many days after its last parcel left: an old SMS or
# WeChat message may still name it, and a villager who shows it must not collect a stranger's parcel.
CODE_REST_DAYS = SettingDef("parcels.code_rest_days", 90)
# The village WeChat group is public: by default its text names surname, phone tail and the number
# of parcels, and the pickup code only reaches the villager (SMS, per-person list).
WECHAT_SHOWS_CODES = SettingDef("parcels.wechat_shows_codes", False)
MAX_REST_DAYS = 365

PLACEHOLDERS = ("station", "name", "carriers", "codes", "count")
MAX_SHELVES = 26
MAX_LAYERS = 20
MAX_CAPACITY = 999
MAX_TEMPLATE = 300
MAX_SHORT_NAME = 30
# A shelf name goes into a code such as A-3-0127, so no dash and nothing a label cannot print.
_SHELF_NAME = re.compile(r"[A-Z0-9]{1,3}")


@dataclass(frozen=True)
class ShelfLayout:
    shelves: tuple[str, ...]
    layers: int
    capacity: int

    def slots(self) -> list[tuple[str, int]]:
        """Every (shelf, layer), in the order ties for 'emptiest' are broken."""
        return [(s, layer) for s in self.shelves for layer in range(1, self.layers + 1)]

    @property
    def total(self) -> int:
        return len(self.shelves) * self.layers * self.capacity

    def to_data(self) -> dict[str, Any]:
        return {"shelves": list(self.shelves), "layers": self.layers, "capacity": self.capacity}


def parse_shelf_names(text: str) -> list[str]:
    """'A B C D', 'a,b,c,d' or 'A，B' (full-width comma from an input method) -> ['A', 'B', ...]."""
    return [p for p in re.split(r"[\s,，、;；]+", (text or "").upper()) if p]


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_layout(data: Any) -> ShelfLayout:
    """The layout from stored or typed data, or ValidationError saying what is wrong."""
    if not isinstance(data, dict):
        raise ValidationError(tr_noop("errors", "The shelf layout is not readable."), field="shelves")
    shelves = data.get("shelves")
    if isinstance(shelves, str):
        shelves = parse_shelf_names(shelves)
    if not isinstance(shelves, list) or not shelves:
        raise ValidationError(tr_noop("errors", "Name at least one shelf, for example A B C D."), field="shelves")
    names = [str(s).strip().upper() for s in shelves]
    for name in names:
        if not _SHELF_NAME.fullmatch(name):
            raise ValidationError(
                tr_noop("errors", "'{shelf}' cannot name a shelf: use 1 to 3 letters or digits, such as A or B2."),
                field="shelves", shelf=name[:10],
            )
    if len(set(names)) != len(names):
        raise ValidationError(tr_noop("errors", "Each shelf needs its own name."), field="shelves")
    if len(names) > MAX_SHELVES:
        raise ValidationError(tr_noop("errors", "At most {max} shelves."), field="shelves", max=MAX_SHELVES)
    layers = _whole(data.get("layers"))
    if layers is None or not 1 <= layers <= MAX_LAYERS:
        raise ValidationError(
            tr_noop("errors", "A shelf has 1 to {max} layers."), field="layers", max=MAX_LAYERS
        )
    capacity = _whole(data.get("capacity"))
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError(
            tr_noop("errors", "A layer holds 1 to {max} parcels."), field="capacity", max=MAX_CAPACITY
        )
    return ShelfLayout(tuple(names), layers, capacity)


def layout_or_default(data: Any) -> ShelfLayout:
    """The stored layout; the default when none is stored, or when one no longer passes the
    checks (check-in must keep working; the owner fixes it in Settings)."""
    if data is None:
        return check_layout(DEFAULT_LAYOUT)
    try:
        return check_layout(data)
    except ValidationError:
        return check_layout(DEFAULT_LAYOUT)


def check_template(text: Any) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(tr_noop("errors", "The notice text is empty."), field="template")
    text = text.strip()
    if len(text) > MAX_TEMPLATE:
        raise ValidationError(
            tr_noop("errors", "The notice text is too long ({max} characters at most)."),
            field="template", max=MAX_TEMPLATE,
        )
    try:
        fields = [f for _, f, spec, conv in string.Formatter().parse(text) if f is not None]
    except ValueError:
        fields = None
    known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    if fields is None or any(f not in PLACEHOLDERS for f in fields):
        raise ValidationError(
            tr_noop("errors", "The notice text may only use these placeholders: {known}. "
                    "Write {{ and }} for a brace."),
            field="template", known=known,
        )
    if "codes" not in fields:
        raise ValidationError(
            tr_noop("errors", "The notice text must contain {{codes}}: villagers need their pickup codes."),
            field="template",
        )
    return text


def template_or_default(text: Any) -> str:
    try:
        return check_template(text)
    except ValidationError:
        return DEFAULT_TEMPLATE


def check_short_name(text: Any) -> str:
    name = " ".join(str(text or "").split())
    if len(name) > MAX_SHORT_NAME:
        raise ValidationError(
            tr_noop("errors", "The short name is too long ({max} characters at most)."),
            field="short_name", max=MAX_SHORT_NAME,
        )
    return name


def rest_days(value: Any) -> int:
    """The stored rest period, or the default when it is missing or unreadable."""
    days = _whole(value)
    return days if days is not None and 0 <= days <= MAX_REST_DAYS else CODE_REST_DAYS.default


def check_rest_days(value: Any) -> int:
    days = _whole(value)
    if days is None or not 0 <= days <= MAX_REST_DAYS:
        raise ValidationError(tr_noop("errors", "A pickup code rests 0 to {max} days."),
                              field="code_rest_days", max=MAX_REST_DAYS)
    return days


def clean_preferences(data: Any) -> dict[str, str]:
    """Remembered carrier choices; entries for unknown carriers are dropped."""
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str) and v in CARRIER_CODES}
