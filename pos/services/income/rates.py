"""The station's income rates: a dated table kept as a setting, or the county's when linked.

Rates are never edited in place: the owner adds a rate with the first day it applies, and it
replaces the older one of the same kind from that day on, so the months before keep the figures
they had. A station linked to a county takes the county's table (its settings value "rates",
sent down with the other county settings) and may not change it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.income import Rate, parse_rate, parse_rates
from pos.domain.users import Operator
from pos.services import settings as st
from pos.services.parcels.county_settings import county_values

log = logging.getLogger(__name__)

RATES = st.SettingDef("income.rates", None)  # a JSON list of Rate.to_json(); None: no rates yet
COUNTY_KEY = "rates"  # the county settings value that holds its rate table


@dataclass(frozen=True)
class RateTable:
    rates: tuple[Rate, ...]
    set_by_county: bool  # the county's table: shown, not edited


def _local(db) -> tuple[Rate, ...]:
    stored = st.read(db, RATES)
    if stored is None:
        return ()
    try:
        return parse_rates(stored)
    except ValidationError:
        # a table the app itself wrote and checked: only a hand-edited database gets here
        log.error("the stored income rate table is not valid and is left out: %r", stored)
        return ()


def rate_table(db) -> RateTable:
    """The rates in force: the county's when it sends a table, else the station's own."""
    values = county_values(db)
    if COUNTY_KEY in values:
        try:
            return RateTable(parse_rates(values[COUNTY_KEY]), True)
        except ValidationError as e:
            log.warning("the county's income rates are refused, the station's own are used: %s", e)
    return RateTable(_local(db), False)


def add_rate(db, operator: Operator, fields: dict[str, Any]) -> Rate:
    """Add one dated rate to the station's table (the owner only; settings.save checks that and
    audits the change). ``fields`` as Rate.to_json: every field checked by the domain's parser."""
    if rate_table(db).set_by_county:
        raise DomainError(tr_noop("errors", "The county sets this station's income rates; they cannot be changed here."))
    rate = parse_rate(fields)
    table = _local(db)
    if any((r.source, r.key, r.event, r.valid_from) == (rate.source, rate.key, rate.event, rate.valid_from)
           for r in table):
        raise ValidationError(tr_noop("errors", "A rate for this already starts on {day}; rates are not changed in "
                                      "place: give the new rate a later start date."),
                              field="valid_from", day=rate.valid_from.isoformat())
    ordered = sorted(table + (rate,), key=lambda r: (r.source, r.key, r.event, r.valid_from))
    st.save(db, operator, {RATES: [r.to_json() for r in ordered]})
    return rate
