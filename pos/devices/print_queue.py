"""The print queue worker: takes stored jobs one at a time and sends them, off the GUI thread.

Exactly once, as far as software can know it:
1. A job is in the database before anything is sent (pos.db.print_jobs.enqueue).
2. The worker commits pending -> "sending" before the first byte goes out, and "printed" only
   after the transport took every byte. A send that raises (printer off, cable out, gone
   halfway through) puts the job back to pending with a growing pause, and it is sent again in
   full: a half-printed receipt is not a receipt.
3. A send that does not return within the timeout is left running: the job stays "sending",
   nothing else is sent, and the status says the printer is not responding. When the call ends,
   its own outcome decides (printed, or pending again), so a printer that wakes up and finishes
   the old job does not get it a second time.
4. A job still "sending" when the app stopped (crash, power cut, or quitting during a hang)
   becomes "uncertain" at the next start and is NOT resent on its own: only the partner knows
   whether it came out. The queue list offers "Retry" (print it) and "Mark printed".
   The same happens when the printer settings change while a send hangs.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import uuid
from typing import Any, Callable, NamedTuple

from PySide6.QtCore import QObject, Signal

from pos.db import print_jobs
from pos.db.types import utcnow
from pos.devices.transports import OFFLINE, ONLINE, UNKNOWN, IoCall, Transport
from pos.domain.devices.render_options import RenderOptions
from pos.domain.i18n import tr_noop
from pos.domain.receipt import Document
from pos.i18n import error_text

log = logging.getLogger(__name__)

NOT_RESPONDING = "not_responding"


class _Renderers(NamedTuple):
    render_escpos: Callable[[Document, RenderOptions], bytes]
    render_preview: Callable[[Document, RenderOptions], Any]


@functools.cache
def _renderers() -> _Renderers:
    """The renderers, imported on the worker thread when first needed. With python-escpos,
    barcode, qrcode, PIL and yaml behind them they took 0.28 s to import, a third of the start
    from the painted login to the open records (#20, goal 6b), for a printer with nothing to
    print yet."""
    from pos.devices.escpos_render import render_escpos
    from pos.devices.preview_render import render_preview

    return _Renderers(render_escpos, render_preview)


class PrintQueueWorker(QObject):
    # state (online/offline/paper_low/paper_out/unknown/not_responding), reason, jobs waiting
    state_changed = Signal(str, str, int)
    job_changed = Signal(str)
    preview_ready = Signal(object)  # a PIL image of a receipt the preview printer "printed"

    def __init__(
        self,
        db,
        transport_factory: Callable[[], Transport],
        options: RenderOptions,
        send_timeout: float = 10.0,
        poll_interval: float = 5.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._factory = transport_factory
        self._options = options
        self.send_timeout = send_timeout
        self.poll_interval = poll_interval
        self._transport: Transport | None = None
        self._inflight: tuple[uuid.UUID, IoCall, object] | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._reconfig: tuple[Callable[[], Transport], RenderOptions] | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._last_poll = 0.0
        self._answers = False  # the printer has answered a status query since it was set up
        self.state = UNKNOWN

    # control from the GUI thread ---------------------------------------------------------
    def start(self) -> None:
        with self._db.unit_of_work() as s:
            n = print_jobs.recover_after_crash(s)
        if n:
            log.warning("%d print job(s) were being sent when the app stopped: marked uncertain", n)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="print-queue", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)
            self._thread = None
        if self._transport is not None and self._inflight is None:
            IoCall(self._transport.close, "printer-close").wait(1.0)

    def wake(self) -> None:
        self._wake.set()

    def reconfigure(self, transport_factory: Callable[[], Transport], options: RenderOptions) -> None:
        with self._lock:
            self._reconfig = (transport_factory, options)
        self._wake.set()

    # worker thread -------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._apply_reconfig()
                if self._inflight is not None:
                    self._watch_inflight()
                    continue
                if self._send_next():
                    continue
                self._idle()
            except Exception:  # a bug here must not end printing for the day
                log.exception("print queue worker error")
                self._stop.wait(1.0)

    def _apply_reconfig(self) -> None:
        with self._lock:
            change, self._reconfig = self._reconfig, None
        if change is None:
            return
        self._factory, self._options = change
        if self._inflight is not None:
            job_id, _call, _ = self._inflight
            with self._db.unit_of_work() as s:
                print_jobs.recover_after_crash(s)  # the hung job: uncertain, the partner decides
            self._inflight = None
            self.job_changed.emit(str(job_id))
        self._drop_transport()
        self._last_poll = 0.0
        self._answers = False

    def _send_next(self) -> bool:
        with self._db.unit_of_work() as s:
            job = print_jobs.next_due(s, utcnow())
            if job is None:
                return False
            job_id, document = job.id, job.document
            if not print_jobs.claim(s, job_id):
                return True
        self.job_changed.emit(str(job_id))
        options = self._options
        try:
            doc = Document.from_json(document)
            data = _renderers().render_escpos(doc, options)
        except Exception as exc:
            log.exception("print job %s cannot be rendered", job_id)
            with self._db.unit_of_work() as s:
                print_jobs.mark_failed(s, job_id, str(exc))
            self.job_changed.emit(str(job_id))
            return True
        try:
            transport = self._get_transport()
        except Exception as exc:
            self._settle(job_id, exc, None)
            return True
        call = IoCall(lambda: transport.send(data))
        if call.wait(self.send_timeout):
            self._settle(job_id, call.error, (doc, options) if transport.wants_preview else None)
        else:
            self._inflight = (job_id, call, (doc, options) if transport.wants_preview else None)
            with self._db.unit_of_work() as s:
                print_jobs.note_error(s, job_id, tr_noop("errors", "Printer is not responding"))
            self._emit_state(NOT_RESPONDING, "")
        return True

    def _watch_inflight(self) -> None:
        job_id, call, preview = self._inflight
        if call.wait(0.25):
            self._inflight = None
            self._settle(job_id, call.error, preview)

    def _settle(self, job_id: uuid.UUID, error: BaseException | None, preview) -> None:
        if error is None:
            with self._db.unit_of_work() as s:
                print_jobs.mark_printed(s, job_id)
            self.job_changed.emit(str(job_id))
            if preview is not None:
                doc, options = preview
                try:
                    self.preview_ready.emit(_renderers().render_preview(doc, options))
                except Exception:
                    log.exception("receipt preview failed")
            if self._answers:
                # a network printer takes bytes into the socket even when hung: only its answer
                # says it is ready, so ask it now rather than claim so
                self._last_poll = 0.0
                self._emit_state(self.state, "")
                return
            self._emit_state(ONLINE, "")
            return
        reason = error_text(error) or type(error).__name__
        log.warning("print job %s not printed: %s", job_id, reason)
        with self._db.unit_of_work() as s:
            attempts = print_jobs.get_job(s, job_id).attempts
            print_jobs.mark_retry(s, job_id, reason, attempts)
        self.job_changed.emit(str(job_id))
        self._drop_transport()
        self._emit_state(OFFLINE, reason)

    def _idle(self) -> None:
        with self._db.reader() as s:
            due = print_jobs.next_wakeup(s)
        wait = self.poll_interval
        if due is not None:
            wait = min(wait, max(0.05, (due - utcnow()).total_seconds()))
        if time.monotonic() - self._last_poll >= self.poll_interval:
            self._poll_status()
        self._wake.wait(wait)
        self._wake.clear()
        if not self._stop.is_set():
            _renderers()  # after the first wait: the first label does not wait for them

    def _poll_status(self) -> None:
        self._last_poll = time.monotonic()
        try:
            transport = self._get_transport()
        except Exception as exc:
            self._emit_state(OFFLINE, error_text(exc))
            return
        call = IoCall(transport.status, "printer-status")
        if not call.wait(3.0):
            self._emit_state(NOT_RESPONDING, "")
            return
        state = call.result if call.error is None else OFFLINE
        if state not in (UNKNOWN, OFFLINE):
            self._answers = True
        elif state == UNKNOWN and self._answers:
            state = NOT_RESPONDING  # it answered before and is silent now: hung, not "unknown"
        elif state == UNKNOWN and self.state in (ONLINE, NOT_RESPONDING, OFFLINE):
            # a printer that cannot be asked: what the last send showed stands, no flip to unknown
            return
        self._emit_state(state, "" if call.error is None else str(call.error))

    def _get_transport(self) -> Transport:
        if self._transport is None:
            self._transport = self._factory()
        return self._transport

    def _drop_transport(self) -> None:
        t, self._transport = self._transport, None
        if t is not None:
            IoCall(t.close, "printer-close")  # not awaited: closing a hung device may hang too

    def _emit_state(self, state: str, reason: str) -> None:
        self.state = state
        with self._db.reader() as s:
            waiting = print_jobs.waiting(s)
        self.state_changed.emit(state, reason, waiting)
