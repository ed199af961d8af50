"""One serial port owned by one worker thread: what the scanner, the scale and the modem share.

The thread opens the port and hands it to the device's ``session`` (read lines, decode frames,
talk AT) until the session returns or the port fails; then it closes the port, says so, and
opens it again, waiting ``retry_s`` after a failed open and twice as long after each further one
up to ``max_retry_s`` (a device that stays away is not hammered; one that comes back is in use
again within ``max_retry_s``). ``on_status(connected)`` is called on the thread at each change:
once when the port opens, once when it is missing or lost.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator

import serial

log = logging.getLogger(__name__)

try:  # a pty or tty that vanished fails in tcflush with termios.error, which is no OSError
    from termios import error as _TermiosError

    PORT_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError, _TermiosError)
except ImportError:  # Windows
    PORT_ERRORS = (serial.SerialException, OSError)
# serial_for_url refuses a malformed URL or setting with ValueError
OPEN_ERRORS = (*PORT_ERRORS, ValueError)

READ_TIMEOUT_S = 0.1

Session = Callable[[serial.SerialBase], None]


def open_port(
    port: str,
    baudrate: int,
    bytesize: int = 8,
    parity: str = "N",
    stopbits: float = 1,
    write_timeout: float | None = None,
) -> serial.SerialBase:
    # serial_for_url takes device names (/dev/ttyACM0, COM3) and URLs (loop://) alike
    return serial.serial_for_url(
        port,
        baudrate=baudrate,
        bytesize=bytesize,
        parity=parity,
        stopbits=stopbits,
        timeout=READ_TIMEOUT_S,
        write_timeout=write_timeout,
    )


class SerialLink:
    def __init__(
        self,
        name: str,
        port: str,
        opener: Callable[[], serial.SerialBase],
        session: Session,
        on_status: Callable[[bool], None],
        *,
        retry_s: float = 0.5,
        max_retry_s: float = 1.5,
        lost_errors: tuple[type[BaseException], ...] = PORT_ERRORS,
        pause: Callable[[float], object] | None = None,
    ) -> None:
        """``name`` is for the log and the thread; ``lost_errors`` end a session as an unplug
        does; ``pause(seconds)`` waits between attempts (tests note the waits instead)."""
        self.name = name
        self.port = port
        self._opener = opener
        self._session = session
        self._on_status = on_status
        self.retry_s = retry_s
        self.max_retry_s = max_retry_s
        self._lost_errors = lost_errors
        self.stopping = threading.Event()
        self._pause = pause or self.stopping.wait
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self.stopping.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self.stopping.set()
        if self._thread:
            self._thread.join(timeout)
            self._thread = None

    def chunks(self, port: serial.SerialBase) -> Iterator[bytes]:
        """What the port sends, as it comes, until stopped; b"" after READ_TIMEOUT_S of silence."""
        while not self.stopping.is_set():
            yield port.read(port.in_waiting or 1)

    def _run(self) -> None:
        connected: bool | None = None  # nothing said yet
        wait = self.retry_s
        while not self.stopping.is_set():
            try:
                port = self._opener()
            except OPEN_ERRORS as exc:
                if connected is not False:
                    log.info("%s port %s not available: %s", self.name, self.port, exc)
                    connected = False
                    self._on_status(False)
                self._pause(wait)
                wait = min(wait * 2, self.max_retry_s)
                continue
            wait = self.retry_s
            connected = True
            self._on_status(True)
            try:
                self._session(port)
            except self._lost_errors as exc:
                log.warning("%s port %s lost: %s", self.name, self.port, exc)
            finally:
                try:
                    port.close()
                except PORT_ERRORS:
                    pass
            if not self.stopping.is_set():
                connected = False
                self._on_status(False)
                self._pause(wait)
