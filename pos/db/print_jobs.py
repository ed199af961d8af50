"""The print queue's storage: enqueue, list, retry, reprint, and the worker's state changes.

Every transition is a conditional UPDATE on the job's current status, so two parties (the worker
and a button) can never both move one job: whoever changes it first wins, the other changes
nothing. That, and "sending" being written before the first byte leaves, is what keeps a receipt
from printing twice.

A job belongs to the counter whose unit of work stored it (``session.info["counter_id"]``, see
pos.db.unit_of_work): a counter's worker takes, recovers and retries only its own jobs, so a
receipt prints at the counter where the villager stands, and one PC starting up never touches the
job another PC is printing. A session without a counter (a station from before counters, a tool)
sees every job.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select, true, update
from sqlalchemy.orm import Session

from pos.db import direct
from pos.db.keys import new_key
from pos.db.models import Counter, PrintJob
from pos.db.plans import unindexed
from pos.db.rowcount import rowcount
from pos.db.types import utcnow
from pos.db.unit_of_work import session_counter
from pos.domain.errors import NotFound
from pos.domain.i18n import tr_noop
from pos.domain.receipt import Document

BACKOFF_S = (1, 2, 4, 8, 15, 30)  # then every 30 s: a printer switched back on is seen soon


@dataclass(frozen=True)
class PrintJobView:
    id: uuid.UUID
    kind: str
    reference: str
    status: str
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    printed_at: dt.datetime | None
    reprint_of: str | None
    counter_id: uuid.UUID | None = None
    counter_name: str = ""


def _view(j: PrintJob, counter_name: str = "") -> PrintJobView:
    return PrintJobView(
        j.id, j.kind, j.reference, j.status, j.attempts, j.last_error, j.created_at,
        j.printed_at, j.reprint_of, j.counter_id, counter_name,
    )


def _mine(session: Session):
    """The jobs this session's counter prints (all of them when it has none).

    Never through the counter's index: a station has one to three counters, so it selects a
    third of the jobs at best, where the status the queries ask with selects a handful."""
    counter = session_counter(session)
    return unindexed(PrintJob.counter_id) == counter if counter is not None else true()


def enqueue(
    session: Session, doc: Document, kind: str = "receipt", reference: str = "",
    reprint_of: str | None = None, counter_id: uuid.UUID | None = None, at_once: bool = False,
) -> uuid.UUID:
    """``counter_id``: the counter that prints it; by default the one storing it. ``at_once``:
    stored now by one INSERT (pos.db.direct.insert), for the check-in's hot path."""
    job = PrintJob(
        id=new_key(), kind=kind, reference=reference[:60], document=doc.to_json(),
        status="pending", attempts=0, reprint_of=reprint_of,
        counter_id=counter_id if counter_id is not None else session_counter(session),
    )
    if at_once:
        direct.insert(session, job)
        return job.id
    # no flush of its own: the key is made here, and the commit (or the next query) stores it
    # with whatever else the unit of work holds
    session.add(job)
    return job.id


def list_jobs(session: Session, limit: int = 200, reference: str | None = None) -> list[PrintJobView]:
    """Every counter's jobs, newest first, each with its counter's name."""
    q = (select(PrintJob, Counter.name).outerjoin(Counter, Counter.id == PrintJob.counter_id)
         .order_by(PrintJob.created_at.desc()).limit(limit))
    if reference:
        q = q.where(PrintJob.reference == reference)
    return [_view(j, name or "") for j, name in session.execute(q)]


def get_job(session: Session, job_id: uuid.UUID) -> PrintJob:
    job = session.get(PrintJob, job_id)
    if job is None:
        raise NotFound(tr_noop("errors", "Print job {id} does not exist"), id=str(job_id))
    return job


def reprint(session: Session, job_id: uuid.UUID, at_original: bool = False) -> uuid.UUID:
    """A new job with the stored document: the original keeps its own history. It prints at this
    session's counter, or with ``at_original`` at the counter that printed the original (the
    partner was asked, see pos.ui.device_settings_panel)."""
    old = get_job(session, job_id)
    counter = old.counter_id if at_original else None
    return enqueue(session, Document.from_json(old.document), old.kind, old.reference, str(old.id), counter)


def retry(session: Session, job_id: uuid.UUID) -> bool:
    """Send now. For an "uncertain" job this is the partner saying: it did not print."""
    res = session.execute(
        update(PrintJob)
        .where(PrintJob.id == job_id, PrintJob.status.in_(("pending", "uncertain", "failed")))
        .values(status="pending", next_attempt_at=None, updated_at=utcnow())
    )
    return rowcount(res) == 1


def retry_all(session: Session) -> int:
    res = session.execute(
        update(PrintJob)
        .where(PrintJob.status == "pending", _mine(session))
        .values(next_attempt_at=None, updated_at=utcnow())
    )
    return rowcount(res)


def mark_printed_by_hand(session: Session, job_id: uuid.UUID) -> bool:
    """The partner saw an "uncertain" job on paper: close it without printing again."""
    now = utcnow()
    res = session.execute(
        update(PrintJob)
        .where(PrintJob.id == job_id, PrintJob.status == "uncertain")
        .values(status="printed", printed_at=now, updated_at=now)
    )
    return rowcount(res) == 1


def waiting(session: Session) -> int:
    """This counter's jobs still to print (pending or being sent)."""
    from sqlalchemy import func

    q = select(func.count()).where(PrintJob.status.in_(("pending", "sending")), _mine(session))
    return session.scalar(q) or 0


# the worker's side --------------------------------------------------------------------------
def recover_after_crash(session: Session) -> int:
    """Jobs left "sending" by a previous run may or may not be on paper: never resend them
    on our own; the partner looks and decides. Only this counter's: another PC's "sending" job
    is being printed right now over there."""
    res = session.execute(
        update(PrintJob)
        .where(PrintJob.status == "sending", _mine(session))
        .values(
            status="uncertain", updated_at=utcnow(),
            last_error=tr_noop("errors", "The app stopped while this was printing; check the paper"),
        )
    )
    return rowcount(res)


def next_due(session: Session, now: dt.datetime) -> PrintJob | None:
    q = (
        select(PrintJob)
        .where(PrintJob.status == "pending", _mine(session))
        .where((PrintJob.next_attempt_at.is_(None)) | (PrintJob.next_attempt_at <= now))
        .order_by(PrintJob.created_at, PrintJob.id)
        .limit(1)
    )
    return session.scalars(q).first()


def next_wakeup(session: Session) -> dt.datetime | None:
    q = select(PrintJob.next_attempt_at).where(PrintJob.status == "pending", _mine(session)).order_by(
        PrintJob.next_attempt_at.is_not(None), PrintJob.next_attempt_at
    )
    return session.scalars(q.limit(1)).first()


def claim(session: Session, job_id: uuid.UUID) -> bool:
    """pending -> sending, committed by the caller before any byte goes out; never another
    counter's job."""
    now = utcnow()
    res = session.execute(
        update(PrintJob)
        .where(PrintJob.id == job_id, PrintJob.status == "pending", _mine(session))
        .values(status="sending", attempts=PrintJob.attempts + 1, sent_at=now, updated_at=now)
    )
    return rowcount(res) == 1


def mark_printed(session: Session, job_id: uuid.UUID) -> bool:
    now = utcnow()
    res = session.execute(
        update(PrintJob)
        .where(PrintJob.id == job_id, PrintJob.status == "sending")
        .values(status="printed", printed_at=now, last_error=None, updated_at=now)
    )
    return rowcount(res) == 1


def mark_retry(session: Session, job_id: uuid.UUID, error: str, attempts: int) -> bool:
    """sending -> pending after the printer refused it, to be tried again after a pause."""
    now = utcnow()
    delay = BACKOFF_S[min(max(attempts - 1, 0), len(BACKOFF_S) - 1)]
    res = session.execute(
        update(PrintJob)
        .where(PrintJob.id == job_id, PrintJob.status == "sending")
        .values(
            status="pending", last_error=error[:500], updated_at=now,
            next_attempt_at=now + dt.timedelta(seconds=delay),
        )
    )
    return rowcount(res) == 1


def mark_failed(session: Session, job_id: uuid.UUID, error: str) -> bool:
    res = session.execute(
        update(PrintJob)
        .where(PrintJob.id == job_id, PrintJob.status.in_(("pending", "sending")))
        .values(status="failed", last_error=error[:500], updated_at=utcnow())
    )
    return rowcount(res) == 1


def note_error(session: Session, job_id: uuid.UUID, error: str) -> None:
    """Record why a job is stuck while it is still out (a printer that stopped answering)."""
    session.execute(
        update(PrintJob).where(PrintJob.id == job_id).values(last_error=error[:500], updated_at=utcnow())
    )
