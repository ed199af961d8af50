"""The status bar: counter, operator, the devices, the other counters, date and time (local); the
station is in the window title.

The devices (printer, scanner, and the scale and the modem when set up) sit in one compact area:
each a short chip ("打印机：就绪", "Scale connect…") no wider than CHIP_PX, its whole line on
hover and for screen readers. So a station with all four devices still shows the clock whole on
a 1024 px screen, however long a device's line (a port name, "reconnecting…")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QEvent, QLocale, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStatusBar, QWidget

if TYPE_CHECKING:
    from pos.domain.users import Operator


CHIP_PX = 120  # four chips, the operator and the clock fit 1024 px with room to spare


class DeviceChip(QLabel):
    """One device's state, shortened to CHIP_PX; ``line()`` and the tool tip have it whole."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._line = ""
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    def show_line(self, line: str) -> None:
        self._line = line
        shown = self.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, CHIP_PX)
        self.setText(shown)
        self.setToolTip(line)
        self.setAccessibleName(line)
        self.setFixedWidth(self.sizeHint().width())  # never squeezed below its own short text
        self.setVisible(bool(line))

    def line(self) -> str:
        return self._line

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        # the app's style sheet or font arrives after the first line: measure it again
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self._line:
            self.show_line(self._line)


class StationStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = QLabel()
        self.counter = QLabel()
        self.others = QLabel()  # the station's other counters: on or off, their open shift
        self.operator = QLabel()
        self.printer = DeviceChip("printer")
        self.scanner = DeviceChip("scanner")
        self.scale = DeviceChip("scale")
        self.modem = DeviceChip("modem")
        self.devices = QWidget()
        row = QHBoxLayout(self.devices)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        for chip in (self.printer, self.scanner, self.scale, self.modem):
            row.addWidget(chip)
        self.clock = QLabel()
        self.county = QLabel()  # the last successful sync with the county centre; empty unlinked
        # the station's name is in the window title; here it would push the clock off a 1024 px screen
        for w in (self.counter, self.operator, self.others, self.county):
            # a line may give way (cut at its end) when the bar is full; the clock never does
            w.setMinimumWidth(40)
        for w in (self.counter, self.operator, self.devices, self.others, self.county):
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
        self.printer.show_line(self.tr("Printer: {status}").format(status=text))

    def set_scanner_status(self, text: str) -> None:
        self.scanner.show_line(self.tr("Scanner: {status}").format(status=text))

    def set_scale_status(self, text: str) -> None:
        """The devices' own line ("Scale not found on COM3, reconnecting…"); hidden without a scale."""
        self.scale.show_line(text)

    def set_modem_status(self, text: str) -> None:
        self.modem.show_line(text)

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
