"""A serial scale read by pyserial on a worker thread, and a fake one for tests and the demo.

The thread owns the port (pos.devices.serial_link, as the serial scanner's does): it opens it,
feeds what it reads to the protocol's decoder, and when the port vanishes (cable out, adapter
re-enumerating) closes it and tries again. ``reading`` is emitted only when the reading changes (scales
send 5 to 20 frames a second); it crosses to the GUI thread queued, since its receivers live
there. ``stable_weight()`` may be called from any thread.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

import serial
from PySide6.QtCore import QCoreApplication, QObject, Signal

from pos.devices.serial_link import SerialLink, open_port
from pos.domain.errors import DeviceError
from pos.domain.i18n import tr_noop
from pos.domain.scale_protocols import StableHold, Weight, make_decoder
from pos.domain.devices.scale_spec import ScaleSpec, SerialLine

RETRY_S = 0.5
# a reading older than this is not the weight on the plate (scale switched off, cable cut
# on the scale's side of a USB adapter that stays plugged in)
STALE_S = 2.0


class ScaleBase(QObject):
    """What the real and the fake scale share: the latest reading, the hold rule and the tare."""

    reading = Signal(object)  # Weight (net of the tare) on change; None when the scale went away
    status_changed = Signal(str)

    def __init__(self, frames: int = 3, min_span_s: float = 0.5, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connected = False
        self._clock = clock
        self._lock = threading.Lock()
        self._hold = StableHold(frames, min_span_s)
        self._latest: Weight | None = None
        self._latest_at = 0.0
        self._tare = 0

    # readings -------------------------------------------------------------------------------
    def _take(self, gross: Weight) -> None:
        now = self._clock()
        with self._lock:
            self._hold.add(gross, now)
            changed = gross != self._latest
            self._latest, self._latest_at = gross, now
            tare = self._tare
        if changed:
            self.reading.emit(gross.less_tare(tare))

    def latest(self) -> Weight | None:
        """The last reading (net of the tare), steady or not; None when none is recent."""
        with self._lock:
            if self._latest is None or self._clock() - self._latest_at > STALE_S:
                return None
            return self._latest.less_tare(self._tare)

    def _held_gross(self) -> Weight:
        with self._lock:
            latest, at, held = self._latest, self._latest_at, self._hold.held()
        if not self.connected:
            raise DeviceError(tr_noop("errors", "The scale is not connected"))
        if latest is None or self._clock() - at > STALE_S:
            raise DeviceError(tr_noop("errors", "The scale sends no weight: is it switched on?"))
        if latest.overload:
            raise DeviceError(tr_noop("errors", "The scale is overloaded or out of range"))
        if held is None:
            raise DeviceError(tr_noop("errors", "The weight is not stable yet"))
        return held

    def stable_weight(self) -> Weight:
        """The weight to charge for: the same steady reading held for N frames, net of the tare.
        Raises DeviceError (not connected, no data, overload, moving, below zero)."""
        with self._lock:
            tare = self._tare
        weight = self._held_gross().less_tare(tare)
        if weight.grams < 0:
            raise DeviceError(tr_noop("errors", "The weight is below zero: take the tare again"))
        return weight

    # tare -----------------------------------------------------------------------------------
    @property
    def tare_grams(self) -> int:
        with self._lock:
            return self._tare

    def take_tare(self) -> int:
        """The steady weight on the plate (an empty basket) becomes the tare; returns it."""
        gross = self._held_gross()
        self.set_tare(max(gross.grams, 0))
        return gross.grams

    def set_tare(self, grams: int) -> None:
        with self._lock:
            self._tare = int(grams)
            latest = self._latest
        if latest is not None:
            self.reading.emit(latest.less_tare(int(grams)))

    def clear_tare(self) -> None:
        self.set_tare(0)

    def _set_status(self, connected: bool, port: str) -> None:
        was_reading = False
        self.connected = connected
        if not connected:
            with self._lock:
                self._hold.reset()
                was_reading, self._latest = self._latest is not None, None
        if was_reading:
            self.reading.emit(None)  # the display shows no weight rather than the last one
        if connected:
            text = QCoreApplication.translate("devices", "Scale connected ({port})")
        else:
            text = QCoreApplication.translate("devices", "Scale not found on {port}, reconnecting…")
        self.status_changed.emit(text.format(port=port))


class SerialScale(ScaleBase):
    def __init__(
        self,
        spec: ScaleSpec,
        frames: int = 3,
        min_span_s: float = 0.5,
        parent: QObject | None = None,
        opener: Callable[[], serial.SerialBase] | None = None,
    ) -> None:
        """``opener`` replaces opening the spec's port (tests hand in a loop:// port)."""
        super().__init__(frames, min_span_s, parent=parent)
        assert spec.line is not None
        self.spec = spec
        self.line: SerialLine = spec.line
        self._link = SerialLink("serial-scale", self.line.port, opener or self._open, self._read_loop,
                                lambda connected: self._set_status(connected, self.line.port), retry_s=RETRY_S)

    def start(self) -> None:
        self._link.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._link.stop(timeout)

    def _open(self) -> serial.SerialBase:
        line = self.line
        return open_port(line.port, line.baudrate, line.bytesize, line.parity, line.stopbits)

    def _read_loop(self, port: serial.SerialBase) -> None:
        # a fresh decoder per connection: the bytes before a replug belong to no frame
        decoder = make_decoder(self.spec.protocol, self.spec.unit)
        for chunk in self._link.chunks(port):
            if chunk:
                for weight in decoder.feed(chunk):
                    self._take(weight)


class FakeScale(ScaleBase):
    """A scale the tests and the demo put weights on by hand: ``put(Weight(1234))`` is one frame;
    ``put_steady`` sends enough equal frames for the hold rule."""

    def __init__(self, frames: int = 3, min_span_s: float = 0.0, parent: QObject | None = None) -> None:
        super().__init__(frames, min_span_s, parent=parent)
        self.connected = True

    def start(self) -> None:
        self._set_status(True, "fake")

    def stop(self) -> None:
        self.connected = False

    def put(self, weight: Weight) -> None:
        self._take(weight)

    def put_steady(self, grams: int) -> None:
        for _ in range(self._hold.frames):
            self._take(Weight(grams))


def make_scale(spec: ScaleSpec, parent: QObject | None = None) -> ScaleBase:
    if spec.kind == "fake":
        return FakeScale(parent=parent)
    return SerialScale(spec, parent=parent)
