"""A serial (USB-CDC / VCOM / RS-232) scanner read by pyserial on a worker thread.

The thread owns the port (pos.devices.serial_link): it opens it, reads lines ended by CR, LF
or CRLF, and when the port vanishes (cable out, scanner re-enumerating) closes it and tries
again, at most 1.5 s apart, so a scanner that comes back is in use again well within 3 s.
Signals cross to the GUI thread queued, since their receivers live there.
"""

from __future__ import annotations

import time
from typing import Callable

import serial
from PySide6.QtCore import QCoreApplication, QObject, Signal

from pos.devices.scan_normalise import decode, normalise, split_lines
from pos.devices.serial_link import SerialLink, open_port

RETRY_S = 0.5
# a scanner set up without a suffix still ends its code with silence
IDLE_END_S = 0.3


class SerialScanner(QObject):
    scanned = Signal(str)
    status_changed = Signal(str)

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        parent: QObject | None = None,
        opener: Callable[[], serial.SerialBase] | None = None,
    ) -> None:
        """``opener`` replaces opening ``port`` (tests hand in a loop:// port they write to)."""
        super().__init__(parent)
        self.port = port
        self.baudrate = baudrate
        self.connected = False
        self._link = SerialLink("serial-scanner", port, opener or self._open, self._read_loop, self._set_status,
                                retry_s=RETRY_S)

    def start(self) -> None:
        self._link.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._link.stop(timeout)

    # worker thread -------------------------------------------------------------------------
    def _open(self) -> serial.SerialBase:
        return open_port(self.port, self.baudrate)

    def _read_loop(self, port: serial.SerialBase) -> None:
        pending = b""
        last_byte = time.monotonic()
        for chunk in self._link.chunks(port):
            now = time.monotonic()
            if chunk:
                last_byte = now
                lines, pending = split_lines(pending + chunk)
                for line in lines:
                    self._emit(line)
            elif pending and now - last_byte >= IDLE_END_S:
                self._emit(pending)
                pending = b""

    def _emit(self, raw: bytes) -> None:
        code = normalise(decode(raw))
        if code:
            self.scanned.emit(code)

    def _set_status(self, connected: bool) -> None:
        self.connected = connected
        if connected:
            text = QCoreApplication.translate("devices", "connected ({port})")
        else:
            text = QCoreApplication.translate("devices", "not found on {port}, reconnecting…")
        self.status_changed.emit(text.format(port=self.port))
