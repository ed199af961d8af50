"""A serial device on a pty, reachable through a stable path like /dev/ttyUSB0: ``unplug`` closes
it and removes the path, ``plug`` creates a new pty under the same path (what a USB-serial adapter
does when its cable is pulled and pushed back)."""

from __future__ import annotations

import os
import select
import threading
import tty


class PtyDevice:
    def __init__(self, path: str) -> None:
        self.path = path
        self.master: int | None = None
        self.slave: int | None = None
        self.plug()

    def plug(self) -> None:
        m, s = os.openpty()
        tty.setraw(m)
        tty.setraw(s)
        os.set_blocking(m, False)
        self.master, self.slave = m, s
        if os.path.lexists(self.path):
            os.unlink(self.path)
        os.symlink(os.ttyname(s), self.path)

    def unplug(self) -> None:
        if self.master is None:
            return
        os.unlink(self.path)
        os.close(self.master)
        os.close(self.slave)
        self.master = self.slave = None

    def write(self, data: bytes) -> None:
        master = self.master
        if master is None:
            return
        try:
            os.write(master, data)
        except (BlockingIOError, OSError):
            pass  # nobody reads: a real device drops its frames too

    def read(self, timeout: float = 0.05) -> bytes:
        master = self.master
        if master is None:
            return b""
        try:
            ready, _, _ = select.select([master], [], [], timeout)
            return os.read(master, 4096) if ready else b""
        except OSError:
            return b""


class Repeater:
    """Sends ``frame()`` every ``period`` seconds on a thread, like a continuous-output scale."""

    def __init__(self, device: PtyDevice, frame: bytes, period: float = 0.03,
                 noise: bytes = b"", noise_every: int = 0) -> None:
        self.device = device
        self.frame = frame
        self.period = period
        self.noise = noise  # sent before every noise_every-th frame (a flaky cable)
        self.noise_every = noise_every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        n = 0
        while not self._stop.wait(self.period):
            n += 1
            noisy = self.noise_every and n % self.noise_every == 0
            self.device.write((self.noise if noisy else b"") + self.frame)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)
