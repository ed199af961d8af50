"""Printer transports: one ``send(bytes)`` per job, ``status()``, ``close()``.

Any of them may block (a USB printer out of paper stops taking bytes, a network printer that
lost power leaves the socket hanging), so callers run them through ``IoCall`` with a timeout and
never on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Callable, Protocol

from pos.domain.devices.printer_spec import PrinterSpec
from pos.domain.errors import DeviceError
from pos.domain.i18n import tr_noop

log = logging.getLogger(__name__)

ONLINE, OFFLINE, PAPER_LOW, PAPER_OUT, UNKNOWN = "online", "offline", "paper_low", "paper_out", "unknown"
DLE_EOT_PRINTER, DLE_EOT_PAPER = b"\x10\x04\x01", b"\x10\x04\x04"
IO_TIMEOUT_S = 5


class Transport(Protocol):
    wants_preview: bool

    def send(self, data: bytes) -> None: ...

    def status(self) -> str: ...

    def close(self) -> None: ...


class IoCall:
    """Runs one blocking device call on a daemon thread so the caller can stop waiting.

    A call that never returns keeps its thread; being a daemon, it cannot hold up quitting.
    """

    def __init__(self, fn: Callable[[], object], name: str = "printer-io") -> None:
        self._done = threading.Event()
        self.result: object = None
        self.error: BaseException | None = None
        self._fn = fn
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.result = self._fn()
        except BaseException as exc:  # handed to the waiting side, which decides
            self.error = exc
        finally:
            self._done.set()

    def wait(self, timeout: float | None) -> bool:
        return self._done.wait(timeout)

    @property
    def done(self) -> bool:
        return self._done.is_set()


def decode_status(printer_byte: bytes, paper_byte: bytes) -> str:
    """DLE EOT 1 and 4 replies. A real reply has bits 1 and 4 set and bits 0 and 7 clear;
    anything else (nothing, line noise) is not taken as good news."""

    def valid(b: bytes) -> bool:
        return len(b) >= 1 and (b[0] & 0x93) == 0x12

    if not valid(printer_byte):
        return UNKNOWN
    if printer_byte[0] & 0x08:
        return OFFLINE
    if not valid(paper_byte):
        return ONLINE
    if paper_byte[0] & 0x60:
        return PAPER_OUT
    if paper_byte[0] & 0x0C:
        return PAPER_LOW
    return ONLINE


class AppendFileTransport:
    """``file:PATH`` and the preview printer: bytes appended (also fits /dev/usb/lp0)."""

    def __init__(self, path: Path, wants_preview: bool = False) -> None:
        self.path = Path(path)
        self.wants_preview = wants_preview

    def send(self, data: bytes) -> None:
        if self.wants_preview:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(self.path, "ab") as fh:
                fh.write(data)
                fh.flush()
        except OSError as exc:
            raise DeviceError(
                tr_noop("errors", "Cannot write to printer {path}: {reason}"),
                path=str(self.path), reason=exc.strerror or str(exc),
            ) from exc

    def status(self) -> str:
        return ONLINE if self.wants_preview else UNKNOWN

    def close(self) -> None:
        pass


class EscposTransport:
    """A python-escpos printer object; opened lazily, dropped after any error so the next job
    starts from a fresh connection."""

    wants_preview = False

    def __init__(self, factory: Callable[[], object], close_per_job: bool, can_ask: bool) -> None:
        self._factory = factory
        self._close_per_job = close_per_job  # Win32Raw/CUPS release the job only on close()
        self._can_ask = can_ask
        self._printer = None
        self._lock = threading.Lock()

    def _connected(self):
        if self._printer is None:
            p = self._factory()
            p.open()
            self._printer = p
        return self._printer

    def send(self, data: bytes) -> None:
        with self._lock:
            try:
                p = self._connected()
                p._raw(data)
                if self._close_per_job:
                    self._drop()
            except DeviceError:
                self._drop()
                raise
            except Exception as exc:
                self._drop()
                raise DeviceError(
                    tr_noop("errors", "Printer did not take the job: {reason}"),
                    reason=str(exc) or type(exc).__name__,
                ) from exc

    def status(self) -> str:
        if not self._can_ask:
            return UNKNOWN
        with self._lock:
            try:
                p = self._connected()
                return decode_status(_ask(p, DLE_EOT_PRINTER), _ask(p, DLE_EOT_PAPER))
            except Exception as exc:
                log.info("printer status query failed: %s", exc)
                self._drop()
                return OFFLINE

    def _drop(self) -> None:
        p, self._printer = self._printer, None
        if p is not None:
            try:
                p.close()
            except Exception:  # closing a vanished device fails in many creative ways
                pass

    def close(self) -> None:
        with self._lock:
            self._drop()


def _ask(p, query: bytes) -> bytes:
    dev = p.device
    if hasattr(dev, "reset_input_buffer"):  # pyserial
        dev.reset_input_buffer()
        dev.write(query)
        return dev.read(1)
    p._raw(query)
    try:
        return p._read()
    except (TimeoutError, OSError):
        return b""


def open_transport(spec: PrinterSpec, profile: str, preview_file: Path) -> Transport:
    if spec.kind == "preview":
        return AppendFileTransport(preview_file, wants_preview=True)
    if spec.kind == "file":
        return AppendFileTransport(Path(spec.target))
    from escpos import printer as ep

    kind = spec.kind
    classes = {"usb": ep.Usb, "serial": ep.Serial, "net": ep.Network, "win32": ep.Win32Raw, "cups": ep.CupsPrinter}
    cls = classes[kind]
    if not cls.is_usable():
        extra = {"usb": "pyusb", "win32": "pywin32", "cups": "pycups"}.get(kind, kind)
        raise DeviceError(
            tr_noop("errors", "This computer cannot use '{kind}' printers: {package} is not installed"),
            kind=kind, package=extra,
        )
    if kind == "usb":
        factory = lambda: ep.Usb(spec.vid, spec.pid, timeout=IO_TIMEOUT_S * 1000, profile=profile)  # noqa: E731
    elif kind == "serial":
        # dsrdtr off: many printers never drive DSR and the port would wait forever
        factory = lambda: ep.Serial(spec.target, spec.baudrate, timeout=1, dsrdtr=False, profile=profile)  # noqa: E731
    elif kind == "net":
        factory = lambda: ep.Network(spec.target, spec.port, timeout=IO_TIMEOUT_S, profile=profile)  # noqa: E731
    elif kind == "win32":
        factory = lambda: ep.Win32Raw(spec.target, profile=profile)  # noqa: E731
    else:
        factory = lambda: ep.CupsPrinter(spec.target, profile=profile)  # noqa: E731
    return EscposTransport(factory, close_per_job=kind in ("win32", "cups"), can_ask=kind in ("usb", "serial", "net"))
