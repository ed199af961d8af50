"""One wiring place: pos.wiring builds what pages and services need, and nothing defaults it."""

import dataclasses
import inspect

import pytest

from pos.domain.carriers import RuleFileError
from pos.services.pickup import delivery, handover
from pos.services.pickup.dues import BUILT_IN_DUE_SOURCES
from pos.services.purchases.links import PurchaseBalanceDue
from pos.wiring import StationWiring, station_due_sources, wire_station


def test_the_station_collects_the_purchase_balance_at_pickup():
    sources = station_due_sources()
    assert sources[: len(BUILT_IN_DUE_SOURCES)] == BUILT_IN_DUE_SOURCES
    assert any(isinstance(s, PurchaseBalanceDue) for s in sources)


def test_wire_station_reads_the_shipped_rules_or_the_given_file(tmp_path):
    shipped = wire_station()
    assert "SF" in shipped.rules.carriers
    assert isinstance(shipped.due_sources[-1], PurchaseBalanceDue)
    with pytest.raises(dataclasses.FrozenInstanceError):
        shipped.rules = None  # type: ignore[misc]
    broken = tmp_path / "carriers.toml"
    broken.write_text("not [ toml", encoding="utf-8")
    with pytest.raises(RuleFileError):
        wire_station(broken)


@pytest.mark.parametrize("fn", [handover.lookup, handover.hand_over, delivery.waiting, delivery.start_run,
                                delivery.run_sheet, delivery.record_delivered])
def test_no_pickup_or_delivery_service_defaults_its_due_sources(fn):
    # a default here once let a caller forget the purchase balance without noticing
    assert inspect.signature(fn).parameters["sources"].default is inspect.Parameter.empty


def test_the_app_context_needs_the_wiring():
    from pos.ui.context import AppContext

    field = {f.name: f for f in dataclasses.fields(AppContext)}["wiring"]
    assert field.type in (StationWiring, "StationWiring")
    assert field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
