"""The status bar: station, operator, printer, scanner, date and time (local)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QLocale, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

if TYPE_CHECKING:
    from pos.domain.users import Operator


class StationStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = QLabel()
        self.operator = QLabel()
        self.printer = QLabel()
        self.scanner = QLabel()
        self.clock = QLabel()
        self.county = QLabel()  # the last successful sync with the county centre; empty unlinked
        for w in (self.station, self.operator, self.printer, self.scanner, self.county):
            self.addWidget(w)
        self.addPermanentWidget(self.clock)
        self.set_operator(None)
        self.set_printer_status(self.tr("preview (no printer)"))
        self.set_scanner_status(self.tr("keyboard scanner"))
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._tick()

    def set_station(self, name: str) -> None:
        self.station.setText(self.tr("Station: {name}").format(name=name))

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
        self.clock.setText(QLocale().toString(now, "yyyy-MM-dd ddd HH:mm:ss"))
