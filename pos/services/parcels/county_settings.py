"""Settings the county centre sets for a linked station, which the station may not change itself:
the notice wording (applied to the station's notice template) and the commission rates (kept for
the county's partner payments, part 2 of issue 17)."""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy.orm import Session

from pos.db.models import SyncState
from pos.domain.errors import ValidationError
from pos.services import settings as st
from pos.services.parcels.settings import NOTICE_TEMPLATE, check_template

log = logging.getLogger(__name__)

# the county's key -> the station setting it decides (both spellings county staff may use)
NOTICE_KEYS = ("notice_template", "notice_wording")


def apply(session: Session, values: dict[str, Any]) -> list[str]:
    """Put the county's values into force in ``session``; the station settings it changed. A
    notice wording the station could not send (bad placeholders) is logged and left out."""
    changed: list[str] = []
    for key in NOTICE_KEYS:
        text = values.get(key)
        if isinstance(text, str) and text.strip():
            try:
                if st.put(session, NOTICE_TEMPLATE, check_template(text)):
                    changed.append(NOTICE_TEMPLATE.key)
            except ValidationError as e:
                log.warning("the county's notice wording is refused: %s", e)
            break
    return changed


def county_values(db) -> dict[str, Any]:
    """What the county set for this station; {} when it is not linked."""
    with db.reader() as s:
        state = s.get(SyncState, 1)
        if state is None or not state.county_url:
            return {}
        return json.loads(state.settings_json or "{}")


def notice_set_by_county(db) -> bool:
    """The notice wording comes from the county: the station may not edit it while linked."""
    values = county_values(db)
    return any(isinstance(values.get(k), str) and values.get(k, "").strip() for k in NOTICE_KEYS)
