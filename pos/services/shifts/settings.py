"""Shift settings: above which variance the owner must close (or approve) the shift."""

from __future__ import annotations

from typing import Any

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.services.settings import SettingDef

DEFAULT_VARIANCE_LIMIT_FEN = 1000  # ¥10
MAX_VARIANCE_LIMIT_FEN = 1_000_000

VARIANCE_OWNER_LIMIT = SettingDef("shifts.variance_owner_limit_fen", DEFAULT_VARIANCE_LIMIT_FEN)


def check_variance_limit(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VARIANCE_LIMIT_FEN:
        raise ValidationError(
            tr_noop("errors", "The variance limit must be between {low} and {high}."),
            field="variance_limit", low="¥0.00", high="¥10000.00",
        )
    return value


def variance_limit_or_default(value: Any) -> int:
    try:
        return check_variance_limit(value)
    except ValidationError:
        return DEFAULT_VARIANCE_LIMIT_FEN
