"""A serial (USB-CDC / VCOM / RS-232) scanner read by pyserial on a worker thread.

The thread owns the port: it opens it, reads lines ended by CR, LF or CRLF, and when the port
vanishes (cable out, scanner re-enumerating) closes it and tries again every RETRY_S seconds,
so a scanner that comes back is in use again well within 3 s. Signals cross to the GUI thread
queued, since their receivers live there.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable

import serial
from PySide6.QtCore import QCoreApplication, QObject, Signal

from pos.devices.scan_normalise import decode, normalise, split_lines

log = logging.getLogger(__name__)

RETRY_S = 0.5
READ_TIMEOUT_S = 0.1
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
        self._opener = opener or self._open
        self.baudrate = baudrate
        self.connected = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # lifecycle -----------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="serial-scanner", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)
            self._thread = None

    # worker thread -------------------------------------------------------------------------
    def _open(self) -> serial.SerialBase:
        # serial_for_url takes device names (/dev/ttyACM0, COM3) and URLs (loop://) alike
        return serial.serial_for_url(
            self.port, baudrate=self.baudrate, bytesize=8, parity="N", stopbits=1,
            timeout=READ_TIMEOUT_S,
        )

    def _run(self) -> None:
        announced_missing = False
        while not self._stop.is_set():
            try:
                port = self._opener()
            except (serial.SerialException, OSError, ValueError) as exc:
                if not announced_missing:
                    log.info("scanner port %s not available: %s", self.port, exc)
                    self._set_status(False)
                    announced_missing = True
                self._stop.wait(RETRY_S)
                continue
            announced_missing = False
            self._set_status(True)
            try:
                self._read_loop(port)
            except (serial.SerialException, OSError) as exc:
                log.warning("scanner port %s lost: %s", self.port, exc)
            finally:
                try:
                    port.close()
                except (serial.SerialException, OSError):
                    pass
            if not self._stop.is_set():
                self._set_status(False)
                announced_missing = True
                self._stop.wait(RETRY_S)

    def _read_loop(self, port) -> None:
        pending = b""
        last_byte = time.monotonic()
        while not self._stop.is_set():
            chunk = port.read(port.in_waiting or 1)
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
