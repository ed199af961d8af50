"""Fakes for tests and demos.

``FakePrinter``: printer transports, one that works, one that raises, one that hangs, one that
vanishes halfway through a job. A fake can change behaviour while running, which is how tests
switch a printer "off" and "back on".

``FakeDevices``: the whole device interface (pos.services.ports.Devices) without threads or
hardware: it keeps what would have been printed.
"""

from __future__ import annotations

import threading
import uuid
from typing import Callable, NamedTuple

from PySide6.QtCore import QObject, Signal
from sqlalchemy import select

from pos.db import print_jobs
from pos.db.models import PrintJob
from pos.devices import drawer
from pos.devices.modem import FakeModem
from pos.devices.scale import FakeScale
from pos.devices.speech import FakeSpeaker, speech_status_text
from pos.devices.transports import OFFLINE, ONLINE
from pos.domain.devices.config import DeviceConfig
from pos.domain.errors import DeviceError
from pos.domain.i18n import tr_noop
from pos.domain.receipt import Document

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


class Printed(NamedTuple):
    kind: str
    reference: str
    doc: Document


class FakeDevices(QObject):
    """Stands in for pos.devices.hub.DeviceHub. ``printed`` lists every document in the order it
    was queued. With a database it stores jobs as the hub does, and ``queued`` picks up those a
    service stored in its own transaction (a check-in's label), so pages take the app's path;
    without one, ``print_document`` only records."""

    scanned = Signal(str)
    scanner_status = Signal(str)
    printer_status = Signal(str)
    preview_ready = Signal(object)
    jobs_changed = Signal()
    scale_status = Signal(str)
    modem_status = Signal(str)
    sms_changed = Signal()
    scale: FakeScale | None = None
    modem: FakeModem | None = None
    printer_status_text = ""  # the last printer_status text, for a screen opened later

    def __init__(self, db=None, config: DeviceConfig | None = None, parent: QObject | None = None,
                 scale: bool = True, modem: bool = True, voice: bool = True) -> None:
        """``scale``/``modem``: a FakeScale / FakeModem is there (else None, as without one);
        ``voice``: the FakeSpeaker has a voice. ``said`` is what speak() said."""
        super().__init__(parent)
        self.scale = FakeScale(parent=self) if scale else None
        self.modem = FakeModem(parent=self) if modem else None
        self.speaker = FakeSpeaker(available=voice)
        self.sms_wakes = 0
        if self.modem is not None:
            self.modem.start()
        self._db = db
        self.config = config or DeviceConfig()
        self.printer_status_text = ""
        self.printed: list[Printed] = []
        self.wakes = 0  # how often the queue was told to send
        self.settings_applied = 0
        self._seen: set[uuid.UUID] = set()

    def kinds(self) -> list[str]:
        return [p.kind for p in self.printed]

    # the device interface ------------------------------------------------------------------------
    def print_document(self, doc: Document, kind: str = "receipt", reference: str = "") -> uuid.UUID:
        job_id = uuid.uuid4()
        if self._db is not None:
            with self._db.unit_of_work() as s:
                job_id = print_jobs.enqueue(s, doc, kind, reference)
        self._seen.add(job_id)
        self.printed.append(Printed(kind, reference, doc))
        self._woken()
        return job_id

    def queued(self) -> None:
        self.sms_wakes += 1
        if self._db is not None:
            with self._db.reader() as s:
                jobs = s.scalars(select(PrintJob).where(PrintJob.status == "pending")
                                 .order_by(PrintJob.created_at, PrintJob.id)).all()
                for job in jobs:
                    if job.id not in self._seen:
                        self._seen.add(job.id)
                        self.printed.append(Printed(job.kind, job.reference, Document.from_json(job.document)))
        self._woken()

    def kick_drawer(self) -> uuid.UUID:
        return self.print_document(drawer.drawer_document(), "drawer", "")

    def open_drawer_without_sale(self, require_owner: Callable[[str], object | None],
                                 audit: Callable[[str, str], None]) -> uuid.UUID | None:
        return drawer.open_without_sale(require_owner, audit, self.print_document)

    def test_print(self) -> uuid.UUID:
        return self.print_document(Document().text("test"), "test", "")

    def retry(self, job_id: uuid.UUID) -> bool:
        return self._change(print_jobs.retry, job_id)

    def retry_all(self) -> int:
        if self._db is None:
            return 0
        with self._db.unit_of_work() as s:
            n = print_jobs.retry_all(s)
        self._woken()
        return n

    def reprint(self, job_id: uuid.UUID, at_original: bool = False) -> uuid.UUID:
        if self._db is None:
            return uuid.uuid4()
        with self._db.unit_of_work() as s:
            new_id = print_jobs.reprint(s, job_id, at_original)
        self.queued()
        return new_id

    def mark_printed(self, job_id: uuid.UUID) -> bool:
        return self._change(print_jobs.mark_printed_by_hand, job_id)

    def apply_settings(self) -> None:
        self.settings_applied += 1

    def sms_queued(self) -> None:
        self.sms_wakes += 1
        self.sms_changed.emit()

    def speak(self, text: str) -> None:
        if self.config.speech_enabled:
            self.speaker.say(text)

    @property
    def said(self) -> list[str]:
        return self.speaker.said

    def speech_status(self) -> str:
        return speech_status_text(self.speaker)

    def _change(self, change, job_id: uuid.UUID) -> bool:
        if self._db is None:
            return False
        with self._db.unit_of_work() as s:
            ok = change(s, job_id)
        self._woken()
        return ok

    def _woken(self) -> None:
        self.wakes += 1
        self.jobs_changed.emit()
