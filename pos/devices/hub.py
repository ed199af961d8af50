"""DeviceHub: the scanner, the print queue, the scale, the modem (with its SMS queue) and the
voice behind one QObject, created once by pos.app.

Everything here returns at once: printing stores a job and wakes the queue worker; scanner,
printer, scale and modem I/O happen on worker threads, and their news arrives as signals on the
GUI thread; ``speak`` hands the text to the voice's own thread.
"""

from __future__ import annotations

import logging
import uuid
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal

from pos.db import print_jobs
from pos.devices import drawer
from pos.devices.print_queue import NOT_RESPONDING, PrintQueueWorker
from pos.devices.modem import ModemBase, make_modem
from pos.devices.scale import ScaleBase, make_scale
from pos.devices.scanner import make_scanner
from pos.devices.sms_queue import SmsOutcome, SmsQueueWorker
from pos.devices.speech import Speaker, make_speaker, speech_status_text
from pos.devices.test_page import build_test_page
from pos.devices.transports import OFFLINE, ONLINE, PAPER_LOW, PAPER_OUT, UNKNOWN, Transport, open_transport
from pos.domain.devices.config import DeviceConfig, with_overrides
from pos.domain.devices.printer_spec import PrinterSpec, parse_printer_spec
from pos.domain.devices.scale_spec import parse_modem_spec, parse_scale_spec
from pos.domain.devices.scanner_spec import parse_scanner_spec
from pos.domain.receipt import Document
from pos.paths import DataPaths

log = logging.getLogger(__name__)

PREVIEW_FILE = "preview-escpos.bin"
TransportFactory = Callable[[PrinterSpec, DeviceConfig], Transport]


class DeviceHub(QObject):
    scanned = Signal(str)
    scanner_status = Signal(str)
    printer_status = Signal(str)
    preview_ready = Signal(object)  # PIL.Image of a receipt the preview printer printed
    jobs_changed = Signal()  # the print queue changed: lists should refresh
    scale_status = Signal(str)  # "" when no scale is set up
    modem_status = Signal(str)  # "" when no modem is set up
    sms_changed = Signal()  # the SMS queue changed: notice lists should refresh
    scale: ScaleBase | None = None  # None: no scale set up
    modem: ModemBase | None = None  # None: no modem set up
    printer_status_text = ""  # the last printer_status text, for a screen opened later

    def __init__(
        self,
        db,
        paths: DataPaths,
        scanner_spec: str | None = None,
        printer_spec: str | None = None,
        parent: QObject | None = None,
        transport_factory: TransportFactory | None = None,
        send_timeout: float = 10.0,
        *,
        load_config: Callable[[], DeviceConfig],
        scale_spec: str | None = None,
        modem_spec: str | None = None,
        sms_outcome: SmsOutcome | None = None,
        speaker_factory: Callable[[int], Speaker] = make_speaker,
        sms_interval_s: float = 3.0,
    ) -> None:
        """``load_config`` reads the saved device settings (pos.services.hardware.device_settings
        .loader: the hub does not know how settings are stored).
        ``scanner_spec``/``printer_spec``: --scanner/--printer, used until settings are saved.
        ``scale_spec``/``modem_spec``: --scale/--modem, likewise.
        ``transport_factory`` replaces real printers (tests, demo mode).
        ``sms_outcome`` is told each message's end (sent or failed, with the modem's reason) so
        that the notice records it (pos.services.parcels.sms_notices.recorder; the hub knows no
        services). ``speaker_factory`` finds the voice (tests hand in a FakeSpeaker)."""
        super().__init__(parent)
        self._db = db
        self._read_config = load_config
        self._paths = paths
        self._overrides = (scanner_spec, printer_spec, scale_spec, modem_spec)
        self._sms_outcome = sms_outcome
        self._speaker_factory = speaker_factory
        self._sms_interval_s = sms_interval_s
        self.speaker: Speaker | None = None
        self._scale_key = ""
        self._modem_key = ""
        self._sms: SmsQueueWorker | None = None
        self._transport_factory = transport_factory or self._open_transport
        self._send_timeout = send_timeout
        self._scanner = None
        self._scanner_key: tuple | None = None
        self._worker: PrintQueueWorker | None = None
        self.config = self._load_config()
        # one text for every screen (status bar, settings), kept until the printer says otherwise
        self.printer_status_text = status_text(UNKNOWN, "", 0, self.config.printer)

    # lifecycle -----------------------------------------------------------------------------
    def start(self) -> None:
        self._start_scanner()
        cfg = self.config
        self._worker = PrintQueueWorker(
            self._db, self._make_transport_factory(cfg), cfg.render_options(),
            send_timeout=self._send_timeout, parent=self,
        )
        self._worker.state_changed.connect(self._on_printer_state)
        self._worker.job_changed.connect(lambda _id: self.jobs_changed.emit())
        self._worker.preview_ready.connect(self.preview_ready)
        self._worker.start()
        self._start_scale()
        self._start_modem()
        self._start_speaker()

    def stop(self) -> None:
        self._stop_scale()
        self._stop_modem()
        if self.speaker is not None:
            self.speaker.stop()
            self.speaker = None
        if self._scanner is not None:
            self._scanner.stop()
            self._scanner = None
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    def apply_settings(self) -> None:
        """Re-read the saved settings (after Save on the Settings page); overrides end here."""
        self._overrides = (None, None, None, None)
        self.config = self._load_config()
        self._start_scanner()
        self._on_printer_state(UNKNOWN, "", 0)  # a new printer: nothing known of it yet
        if self._worker is not None:  # started: the scale, modem and voice follow the settings
            self._start_scale()
            self._start_modem()
            self._start_speaker()
        if self._worker is not None:
            self._worker.reconfigure(self._make_transport_factory(self.config), self.config.render_options())

    # printing ------------------------------------------------------------------------------
    def print_document(self, doc: Document, kind: str = "receipt", reference: str = "") -> uuid.UUID:
        with self._db.unit_of_work() as s:
            job_id = print_jobs.enqueue(s, doc, kind, reference)
        self._after_queue_change()
        return job_id

    def queued(self) -> None:
        """A caller stored jobs in its own transaction (a check-in queues its label with the
        parcel, pos.services.parcels.checkin): send them now."""
        self._after_queue_change()
        self.sms_queued()

    def sms_queued(self) -> None:
        """A service stored SMS messages (a check-in's notice, "send by SMS"): send them."""
        if self._sms is not None:
            self._sms.wake()
        self.sms_changed.emit()

    # the voice -----------------------------------------------------------------------------
    def speak(self, text: str) -> None:
        """Say ``text`` on the voice's thread, when spoken feedback is on and a voice exists;
        returns at once (a newer text replaces one not yet spoken)."""
        if self.config.speech_enabled and self.speaker is not None and self.speaker.available():
            self.speaker.say(text)

    def speech_status(self) -> str:
        if self.speaker is None:
            self._start_speaker()
        assert self.speaker is not None
        return speech_status_text(self.speaker)

    def test_print(self) -> uuid.UUID:
        cfg = self.config
        return self.print_document(build_test_page(cfg.render_options(), cfg.printer), "test", "")

    def kick_drawer(self) -> uuid.UUID:
        """The bare pulse. Callers other than a cash sale go through open_drawer_without_sale."""
        return self.print_document(drawer.drawer_document(), "drawer", "")

    def open_drawer_without_sale(self, require_owner, audit) -> uuid.UUID | None:
        return drawer.open_without_sale(require_owner, audit, self.print_document)

    def retry(self, job_id: uuid.UUID) -> bool:
        with self._db.unit_of_work() as s:
            ok = print_jobs.retry(s, job_id)
        self._after_queue_change()
        return ok

    def retry_all(self) -> int:
        with self._db.unit_of_work() as s:
            n = print_jobs.retry_all(s)
        self._after_queue_change()
        return n

    def reprint(self, job_id: uuid.UUID, at_original: bool = False) -> uuid.UUID:
        with self._db.unit_of_work() as s:
            new_id = print_jobs.reprint(s, job_id, at_original)
        self._after_queue_change()
        return new_id

    def mark_printed(self, job_id: uuid.UUID) -> bool:
        with self._db.unit_of_work() as s:
            ok = print_jobs.mark_printed_by_hand(s, job_id)
        self.jobs_changed.emit()
        return ok

    def _after_queue_change(self) -> None:
        if self._worker is not None:
            self._worker.wake()
        self.jobs_changed.emit()

    # internals -----------------------------------------------------------------------------
    def _load_config(self) -> DeviceConfig:
        scanner, printer, scale, modem = self._overrides
        return with_overrides(self._read_config(), scanner, printer, scale, modem)

    def _start_scale(self) -> None:
        spec = self.config.scale
        if self.scale is not None and spec == self._scale_key:
            return
        self._stop_scale()
        self._scale_key = spec
        if not spec:
            self.scale_status.emit("")
            return
        self.scale = make_scale(parse_scale_spec(spec), parent=self)
        self.scale.status_changed.connect(self.scale_status)
        self.scale.start()

    def _stop_scale(self) -> None:
        if self.scale is not None:
            self.scale.stop()
            self.scale.deleteLater()
            self.scale = None

    def _start_modem(self) -> None:
        spec = self.config.modem
        if self.modem is not None and spec == self._modem_key:
            return
        self._stop_modem()
        self._modem_key = spec
        if not spec:
            self.modem_status.emit("")
            return
        self.modem = make_modem(parse_modem_spec(spec), parent=self)
        self.modem.status_text_changed.connect(self.modem_status)
        self.modem.start()
        self._sms = SmsQueueWorker(self._db, self.modem, self._sms_outcome,
                                   interval_s=self._sms_interval_s, parent=self)
        self._sms.changed.connect(self.sms_changed)
        self._sms.start()

    def _stop_modem(self) -> None:
        if self._sms is not None:
            self._sms.stop()
            self._sms = None
        if self.modem is not None:
            self.modem.stop()
            self.modem.deleteLater()
            self.modem = None

    def _start_speaker(self) -> None:
        if self.speaker is None:
            self.speaker = self._speaker_factory(self.config.speech_volume)
        self.speaker.volume = self.config.speech_volume

    def _start_scanner(self) -> None:
        cfg = self.config
        key = (cfg.scanner, cfg.wedge_gap_ms, cfg.wedge_min_length)
        if self._scanner is not None and key == self._scanner_key:
            return
        if self._scanner is not None:
            self._scanner.stop()
            self._scanner.deleteLater()
        self._scanner = make_scanner(
            parse_scanner_spec(cfg.scanner), cfg.wedge_gap_ms, cfg.wedge_min_length, parent=self
        )
        self._scanner_key = key
        self._scanner.scanned.connect(self.scanned)
        self._scanner.status_changed.connect(self.scanner_status)
        self._scanner.start()

    def _make_transport_factory(self, cfg: DeviceConfig) -> Callable[[], Transport]:
        spec = parse_printer_spec(cfg.printer)
        factory = self._transport_factory
        return lambda: factory(spec, cfg)

    def _open_transport(self, spec: PrinterSpec, cfg: DeviceConfig) -> Transport:
        return open_transport(spec, cfg.profile, self._paths.receipts / PREVIEW_FILE)

    def _on_printer_state(self, state: str, reason: str, waiting: int) -> None:
        self.printer_status_text = status_text(state, reason, waiting, self.config.printer)
        self.printer_status.emit(self.printer_status_text)


def status_text(state: str, reason: str, waiting: int, spec: str) -> str:
    if spec == "preview" and state in (ONLINE, UNKNOWN):  # nothing to ask: it always "prints"
        text = QCoreApplication.translate("devices", "preview (no printer)")
    elif state == ONLINE:
        text = QCoreApplication.translate("devices", "ready")
    elif state == OFFLINE:
        text = QCoreApplication.translate("devices", "offline")
    elif state == PAPER_LOW:
        text = QCoreApplication.translate("devices", "paper low")
    elif state == PAPER_OUT:
        text = QCoreApplication.translate("devices", "out of paper")
    elif state == NOT_RESPONDING:
        text = QCoreApplication.translate("devices", "not responding")
    else:
        text = QCoreApplication.translate("devices", "status unknown")
    if waiting:
        text += QCoreApplication.translate("devices", ", {n} job(s) waiting").format(n=waiting)
    if reason and state != ONLINE:
        text += f" ({reason})"
    return text
