"""Fake printer transports for tests and demos: one that works, one that raises, one that
hangs, one that vanishes halfway through a job. A fake can change behaviour while running, which
is how tests switch a printer "off" and "back on"."""

from __future__ import annotations

import threading

from pos.devices.transports import OFFLINE, ONLINE
from pos.domain.errors import DeviceError
from pos.domain.i18n import tr_noop

OK, RAISE, HANG, VANISH = "ok", "raise", "hang", "vanish"


class FakePrinter:
    wants_preview = False

    def __init__(self, mode: str = OK) -> None:
        self.mode = mode
        self.completed: list[bytes] = []  # jobs the "paper" received whole
        self.partial: list[bytes] = []  # what a vanishing printer got before it went
        self.calls = 0
        self._release = threading.Event()
        self.hang_result = OK  # what a hung send does once released: OK or RAISE
        self.hanging = threading.Event()
        self._lock = threading.Lock()

    # control from the test -----------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        self.mode = mode

    def release(self, result: str = OK) -> None:
        """Let a hung send finish: it completes (OK) or fails (RAISE)."""
        self.hang_result = result
        self._release.set()

    # transport -----------------------------------------------------------------------------
    def send(self, data: bytes) -> None:
        with self._lock:
            self.calls += 1
            mode = self.mode
        if mode == RAISE:
            raise DeviceError(tr_noop("errors", "Printer is off or unplugged"))
        if mode == VANISH:
            self.partial.append(data[: len(data) // 2])
            raise DeviceError(tr_noop("errors", "Printer is off or unplugged"))
        if mode == HANG:
            self.hanging.set()
            self._release.wait()
            self._release.clear()
            self.hanging.clear()
            if self.hang_result == RAISE:
                raise DeviceError(tr_noop("errors", "Printer is off or unplugged"))
        with self._lock:
            self.completed.append(data)

    def status(self) -> str:
        return ONLINE if self.mode == OK else OFFLINE

    def close(self) -> None:
        pass
