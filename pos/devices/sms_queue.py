"""The SMS queue worker: sends stored parcel-notice messages through the modem, off the GUI thread.

Once only, as pos.devices.print_queue does it for receipts:
1. A message is in the database before the modem is asked (pos.db.sms_messages.enqueue, in the
   check-in's own transaction or by "send by SMS").
2. The worker commits pending -> "sending" before the modem is asked, and "sent" (with the
   modem's message references) after the modem answered. A refusal that may pass (no network,
   modem busy or unplugged: ``SmsError.retry``) puts it back to pending after a growing pause;
   any other refusal (no such number, barred, no SMS service) fails it at once with the reason.
3. One left "sending" when the app stopped becomes "uncertain" at the next start and is not
   resent by itself: the villager may have it already. Its notice is marked failed with that
   reason, so the partner sees it and may send it again by hand.
4. One message every ``interval_s`` at most: operators block SIM cards that send in bursts.
5. While the modem is unplugged or has no usable SIM nothing is claimed, so waiting for the
   partner to fix it costs no attempts.
Each message's end (sent, or failed with the reason) is handed to ``outcome`` so that the notice
records it (the devices layer knows no services; pos.app passes the notices service).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal

from pos.db import sms_messages
from pos.db.types import utcnow
from pos.devices.modem import ModemBase
from pos.domain import modem_status as ms
from pos.domain.errors import DomainError
from pos.domain.modem_status import SmsError
from pos.i18n import error_text

log = logging.getLogger(__name__)

# notice id, sent?, the reason when not
SmsOutcome = Callable[[uuid.UUID | None, bool, str], None]


def error_text_of(message: str) -> str:
    return QCoreApplication.translate("errors", message)


class SmsQueueWorker(QObject):
    changed = Signal()  # a message changed state

    def __init__(self, db, modem: ModemBase, outcome: SmsOutcome | None = None, interval_s: float = 3.0,
                 poll_s: float = 5.0, now: Callable[[], dt.datetime] = utcnow,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._modem = modem
        self._outcome = outcome
        self.interval_s = interval_s
        self.poll_s = poll_s
        self._now = now
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_send = -1e9
        self.sends = 0  # modem.send calls, for tests

    def start(self) -> None:
        with self._db.unit_of_work() as s:
            uncertain = sms_messages.recover_after_crash(s)
        if uncertain:
            log.warning("%d SMS were being sent when the app stopped: marked uncertain", len(uncertain))
        for notice_id, reason in uncertain:  # the notice shows it failed and why: resent by hand only
            self._tell(notice_id, False, error_text_of(reason))
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sms-queue", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        self._wake.set()

    # worker thread -------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if not self._send_next():
                    self._idle()
            except Exception:  # a bug here must not end sending for the day
                log.exception("SMS queue worker error")
                self._stop.wait(1.0)

    def _ready(self) -> bool:
        st = self._modem.status
        return st.connected and st.sim == ms.SIM_READY

    def _send_next(self) -> bool:
        if not self._ready():
            return False
        pause = self.interval_s - (time.monotonic() - self._last_send)
        if pause > 0:
            self._stop.wait(pause)
            return True
        with self._db.unit_of_work() as s:
            msg = sms_messages.next_due(s, self._now())
            if msg is None:
                return False
            msg_id, notice_id, phone, text = msg.id, msg.notice_id, msg.phone, msg.text
            if not sms_messages.claim(s, msg_id):
                return True
        self.changed.emit()
        self._last_send = time.monotonic()
        self.sends += 1
        try:
            refs = self._modem.send(phone, text)
        except SmsError as exc:
            reason = error_text(exc)
            log.warning("SMS %s not sent: %s", msg_id, reason)
            with self._db.unit_of_work() as s:
                again = exc.retry and sms_messages.mark_retry(s, msg_id, reason, self._now())
                if not exc.retry:
                    sms_messages.mark_failed(s, msg_id, reason, self._now())
            if not again:
                self._tell(notice_id, False, reason)
        except DomainError as exc:  # a number or text that cannot go (ValidationError)
            reason = error_text(exc)
            with self._db.unit_of_work() as s:
                sms_messages.mark_failed(s, msg_id, reason, self._now())
            self._tell(notice_id, False, reason)
        except Exception as exc:  # noqa: BLE001 - failed with its reason rather than sent twice
            log.exception("SMS %s: modem error", msg_id)
            reason = str(exc) or type(exc).__name__
            with self._db.unit_of_work() as s:
                sms_messages.mark_failed(s, msg_id, reason, self._now())
            self._tell(notice_id, False, reason)
        else:
            with self._db.unit_of_work() as s:
                sms_messages.mark_sent(s, msg_id, refs, self._now())
            self._tell(notice_id, True, "")
        self.changed.emit()
        return True

    def _tell(self, notice_id: uuid.UUID | None, sent: bool, reason: str) -> None:
        if self._outcome is None:
            return
        try:
            self._outcome(notice_id, sent, reason)
        except Exception:  # noqa: BLE001 - the message's own state is stored already
            log.exception("recording the SMS outcome on notice %s failed", notice_id)

    def _idle(self) -> None:
        with self._db.reader() as s:
            due = sms_messages.next_wakeup(s)
        wait = self.poll_s
        if due is not None and self._ready():
            wait = min(wait, max(0.05, (due - self._now()).total_seconds()))
        self._wake.wait(wait)
        self._wake.clear()
