"""What every screen needs, handed down from pos.app (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from pos.db.unit_of_work import Database
from pos.domain.users import Operator
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.services.ports import Devices
from pos.services.station.auth import AuthService
from pos.wiring import StationWiring


class SessionState(QObject):
    """Who is at the counter; screens listen for changes."""

    operator_changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.operator: Operator | None = None

    def set_operator(self, op: Operator | None) -> None:
        self.operator = op
        self.operator_changed.emit(op)


@dataclass
class AppContext:
    db: Database
    paths: DataPaths
    auth: AuthService
    wiring: StationWiring = field(kw_only=True)  # carrier rules and due sources, built once by pos.app
    translations: Translations
    session: SessionState = field(default_factory=SessionState)
    devices: Devices | None = None  # pos.devices.hub.DeviceHub when devices are wired
    on_language_changed: Callable[[str], None] | None = None
    # asks for an open shift (with its float) before money is taken: pos.ui.shift_prompt, wired by
    # pos.app; None (tests, tools) lets the page go on and the service still refuses without a shift
    money_gate: Callable[[Any], bool] | None = None
    # this PC's counter (pos.services.station.counters.CounterView); its id is also on ``db``, so
    # services see it in every unit of work. None: tests and tools that run without counters
    counter: Any = None
    county_sync: Any = None  # pos.ui.county_sync.CountySync when the app runs background sync

    def allow_money(self, parent: Any = None) -> bool:
        """True when money may be taken now (a shift is open, or was opened on the spot)."""
        return self.money_gate(parent) if self.money_gate is not None else True

    @property
    def operator(self) -> Operator | None:
        return self.session.operator
