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
    scale_status: Any  # Signal(str): the scale's state as text ("" when none is set up)
    modem_status: Any  # Signal(str): the modem's state (SIM, signal) as text ("" when none)
    sms_changed: Any  # Signal(): the SMS queue changed, notice lists should refresh

    # pos.devices.scale.ScaleBase (``reading`` signal, ``stable_weight()``, tare), None without
    # a scale; pos.devices.modem.ModemBase (``status``, ``send``), None without a modem
    scale: Any
    modem: Any

    config: DeviceConfig  # the device settings in use (paper width, drawer, ...)
    printer_status_text: str  # the last printer_status text: a screen opened later shows the same

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

    def sms_queued(self) -> None:
        """A service stored SMS messages in its own transaction ("send by SMS"): send them."""
        ...

    def speak(self, text: str) -> None:
        """Say ``text`` aloud when spoken feedback is on and a voice exists; never waits."""
        ...

    def speech_status(self) -> str:
        """Which voice speaks, or that the app beeps for want of one (for Settings)."""
        ...

    def apply_settings(self) -> None:
        """Re-read the saved device settings (after they were saved)."""
        ...
