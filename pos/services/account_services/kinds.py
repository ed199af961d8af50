"""The service kinds in force: the station's own (Settings → Services, the owner's), or the
county's ``service_kinds`` while the station is linked and the county sent a list."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.db.models import SyncState
from pos.db.unit_of_work import Database
from pos.domain.account_services import DEFAULT_KINDS, KIND_NAMES, ServiceKind, kinds_to_json, parse_kinds
from pos.domain.errors import NotFound, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.users import Operator
from pos.services import settings as st

log = logging.getLogger(__name__)

KINDS = st.SettingDef("services.kinds", None)  # None: DEFAULT_KINDS (a list cannot be a default here)
COUNTY_KEY = "service_kinds"  # the county's settings value (docs/county-sync.md)

STATION, COUNTY = "station", "county"


@dataclass(frozen=True)
class KindsInForce:
    kinds: tuple[ServiceKind, ...]
    source: str  # STATION | COUNTY
    county_error: str = ""  # the county sent a list the station could not read (its own is used)

    def enabled(self) -> tuple[ServiceKind, ...]:
        return tuple(k for k in self.kinds if k.enabled)

    def get(self, code: str) -> ServiceKind | None:
        return next((k for k in self.kinds if k.code == code), None)


def _county_list(session: Session) -> tuple[object | None, bool]:
    state = session.get(SyncState, 1)
    if state is None or not state.county_url:
        return None, False
    try:
        values = json.loads(state.settings_json or "{}")
    except ValueError:
        return None, False
    if not isinstance(values, dict) or COUNTY_KEY not in values:
        return None, False
    return values[COUNTY_KEY], True


def kinds_in(session: Session) -> KindsInForce:
    """The kinds in force, inside the caller's session."""
    raw, sent = _county_list(session)
    error = ""
    if sent:
        try:
            return KindsInForce(parse_kinds(raw), COUNTY)
        except ValidationError as e:
            # never stop the counter over a bad list from the county: say so and keep the station's
            log.warning("the county's service_kinds are refused (%s): the station's own are used", e)
            error = f"{e.field}: {e.message}"
    stored = st.get(session, KINDS)
    try:
        own = DEFAULT_KINDS if stored is None else parse_kinds(stored)
    except ValidationError as e:
        log.warning("the stored service kinds are refused (%s): the defaults are used", e)
        own = DEFAULT_KINDS
    return KindsInForce(own, STATION, error)


def kinds_in_force(db: Database) -> KindsInForce:
    with db.reader() as s:
        return kinds_in(s)


def save_kinds(db: Database, operator: Operator, kinds: list[ServiceKind] | tuple[ServiceKind, ...]) -> list[str]:
    """The owner's list (checked again here); refused while the county sets the list."""
    checked = parse_kinds(kinds_to_json(tuple(kinds)))
    with db.reader() as s:
        _raw, sent = _county_list(s)
    if sent:
        raise ValidationError(tr_noop("errors", "The county centre sets the services while this station is "
                                      "linked."), field="service_kinds")
    return st.save(db, operator, {KINDS: kinds_to_json(checked)})


def kind_name(kind: ServiceKind, translate) -> str:
    """The kind's name as the partner sees it: its own, or the app's translated name."""
    if kind.name:
        return kind.name
    english = KIND_NAMES.get(kind.code, kind.code)
    return translate("account_services", english)


def require_kind(force: KindsInForce, code: str) -> ServiceKind:
    kind = force.get(code)
    if kind is None or not kind.enabled:
        raise NotFound(tr_noop("errors", "The service '{code}' is not offered at this station."), code=code[:30])
    return kind
