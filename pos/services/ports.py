"""What services and pages need from the counter's devices, as one interface.

pos.devices.hub.DeviceHub is the real one (scanner and print queue worker threads);
pos.devices.fakes.FakeDevices stands in for it in tests and tools. Pages hold it as
``AppContext.devices`` (None when no devices are wired).

Printing never waits for paper: a job is stored first (by ``print_document``, or by a service in
its own transaction, after which ``queued`` wakes the sender) and sent by the queue. The signals
are Qt signals; they are typed loosely here because services know nothing of Qt.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable, Protocol, runtime_checkable

from pos.domain.devices.config import DeviceConfig
from pos.domain.receipt import Document


@runtime_checkable
class Devices(Protocol):
    scanned: Any  # Signal(str): a scanned code, on the GUI thread
    scanner_status: Any  # Signal(str): the scanner's state as text for the status bar
    printer_status: Any  # Signal(str): the printer's state (and jobs waiting) as text
    preview_ready: Any  # Signal(object): the picture of a receipt the preview printer printed
    jobs_changed: Any  # Signal(): the print queue changed, lists should refresh

    config: DeviceConfig  # the device settings in use (paper width, drawer, ...)

    def print_document(self, doc: Document, kind: str = "receipt", reference: str = "") -> uuid.UUID:
        """Store a print job and wake the queue; returns the job's id."""
        ...

    def queued(self) -> None:
        """A service stored print jobs in its own transaction (a check-in's label): send them."""
        ...

    def kick_drawer(self) -> uuid.UUID:
        """The bare drawer pulse, for a cash movement the caller already recorded."""
        ...

    def open_drawer_without_sale(self, require_owner: Callable[[str], object | None],
                                 audit: Callable[[str, str], None]) -> uuid.UUID | None:
        ...

    def test_print(self) -> uuid.UUID:
        ...

    def retry(self, job_id: uuid.UUID) -> bool:
        ...

    def retry_all(self) -> int:
        ...

    def reprint(self, job_id: uuid.UUID, at_original: bool = False) -> uuid.UUID:
        """Print a stored job again: here, or with ``at_original`` at the counter that made it."""
        ...

    def mark_printed(self, job_id: uuid.UUID) -> bool:
        ...

    def apply_settings(self) -> None:
        """Re-read the saved device settings (after they were saved)."""
        ...
