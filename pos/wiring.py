"""What the station's services and pages are wired with, built once at start-up.

pos.app (and the command line, benchmarks, tests) call ``wire_station`` once and hand the result
down: the carrier rules are read from the file once, and every pickup and delivery gets the same
list of what is due, and every income statement the same sources of income. Services and pages
take these as required arguments, never as defaults, so a caller that forgets the wiring fails at
once instead of quietly leaving out the purchase balance at pickup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pos.domain.carriers import RuleSet, load_rules
from pos.services import account_services
from pos.services.income.facts import BUILT_IN_INCOME_SOURCES, IncomeSource
from pos.services.pickup.dues import BUILT_IN_DUE_SOURCES, DueSource
from pos.services.purchases.links import PurchaseBalanceDue


@dataclass(frozen=True)
class StationWiring:
    rules: RuleSet  # the carrier rule file, read once
    due_sources: tuple[DueSource, ...]  # what a villager pays when a parcel leaves
    income_sources: tuple[IncomeSource, ...]  # what the partner earns from, as income facts


def station_due_sources() -> tuple[DueSource, ...]:
    """Everything due when a parcel leaves this station: the parcel's fees and an assisted
    purchase's balance."""
    return BUILT_IN_DUE_SOURCES + (PurchaseBalanceDue(),)


def station_income_sources() -> tuple[IncomeSource, ...]:
    """Every record the partner earns from: parcels, assisted purchases and counter-sale margin
    (pos.services.income.facts), and each feature's own (service payments)."""
    return BUILT_IN_INCOME_SOURCES + (account_services.income_facts,)


def wire_station(rules_path: Path | str | None = None) -> StationWiring:
    """Read the carrier rules (the shipped file unless ``rules_path``) and list the due sources.

    A broken rule file raises RuleFileError (a DomainError): the station cannot recognise a
    waybill without it, so start-up stops and says why."""
    return StationWiring(rules=load_rules(rules_path), due_sources=station_due_sources(),
                         income_sources=station_income_sources())
