"""The status bar: counter, operator, printer, scanner, scale and modem (when set up), the other
counters, date and time (local); the station is in the window title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

if TYPE_CHECKING:
    from pos.domain.users import Operator


DEVICE_LINE_PX = 130


class StationStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = QLabel()
        self.counter = QLabel()
        self.others = QLabel()  # the station's other counters: on or off, their open shift
        self.operator = QLabel()
        self.printer = QLabel()
        self.scanner = QLabel()
        self.scale = QLabel()
        self.modem = QLabel()
        self.clock = QLabel()
        self.county = QLabel()  # the last successful sync with the county centre; empty unlinked
        # the station's name is in the window title; here it would push the clock off a 1024 px screen
        for w in (self.counter, self.operator, self.printer, self.scanner, self.scale, self.modem, self.others, self.county):
            # a line may give way (cut at its end) when the bar is full; the clock never does
            w.setMinimumWidth(40)
            self.addWidget(w)
        self.counter.hide()
        self.others.hide()
        self.addPermanentWidget(self.clock)
        self.set_operator(None)
        self.set_printer_status(self.tr("preview (no printer)"))
        self.set_scanner_status(self.tr("keyboard scanner"))
        self.set_scale_status("")
        self.set_modem_status("")
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._tick()

    def set_station(self, name: str) -> None:
        self.station.setText(self.tr("Station: {name}").format(name=name))

    def set_counter(self, name: str) -> None:
        self.counter.setText(self.tr("Counter: {name}").format(name=name))
        self.counter.show()

    def set_other_counters(self, counters: list, own_id: object) -> None:
        """Each other counter: online (a heartbeat in the last minute) or off, and its open shift."""
        parts = []
        for c in counters:
            if c.id == own_id:
                continue
            state = self.tr("online") if c.online else self.tr("off")
            shift = self.tr("shift {number}").format(number=c.open_shift) if c.open_shift else self.tr("no shift")
            parts.append(self.tr("{name}: {state}, {shift}").format(name=c.name, state=state, shift=shift))
        self.others.setText(self.tr("Other counters: {list}").format(list="; ".join(parts)) if parts else "")
        self.others.setVisible(bool(parts))

    def set_operator(self, op: Operator | None) -> None:
        if op is None:
            self.operator.setText(self.tr("Not logged in"))
        else:
            role = self.tr("owner") if op.is_owner else self.tr("assistant")
            self.operator.setText(self.tr("Operator: {name} ({role})").format(name=op.name, role=role))

    def set_printer_status(self, text: str) -> None:
        self.printer.setText(self.tr("Printer: {status}").format(status=text))

    def set_scanner_status(self, text: str) -> None:
        self.scanner.setText(self.tr("Scanner: {status}").format(status=text))

    def set_scale_status(self, text: str) -> None:
        """The devices' own line ("Scale not found on COM3, reconnecting…"); hidden without a scale."""
        self._device_line(self.scale, text)

    def set_modem_status(self, text: str) -> None:
        self._device_line(self.modem, text)

    def _device_line(self, label: QLabel, text: str) -> None:
        # the scale's and the modem's lines are shortened (whole on hover) so that on a 1024 px
        # screen the clock at the right stays visible
        shown = label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, DEVICE_LINE_PX)
        label.setText(shown)
        label.setToolTip(text if shown != text else "")
        label.setVisible(bool(text))

    def set_county_status(self, text: str) -> None:
        self.county.setText(text)
        self.county.setVisible(bool(text))

    def show_alert(self, text: str, ms: int = 8000) -> None:
        """A message the partner must notice (a refused scan, a printer problem)."""
        self.setStyleSheet("QStatusBar { background: #fde2e1; color: #8a1c1c; font-weight: bold; }")
        self.showMessage(text, ms)
        self.messageChanged.connect(self._clear_alert_style)

    def _clear_alert_style(self, text: str) -> None:
        if not text:
            self.setStyleSheet("")
            self.messageChanged.disconnect(self._clear_alert_style)

    def _tick(self) -> None:
        now = QDateTime.currentDateTime()  # local time, for the partner
        self.clock.setText(QLocale().toString(now, "MM-dd ddd HH:mm"))
