"""Printed jobs are not kept forever: the record they were made from is.

A print job is how a document reaches the paper, not the record of anything: the sale, the
parcel with its ``label_printed`` event, the handover with its ``picked_up`` event stay, and a
reprint is built again from them (sales: pos.services.sales.receipts.reprint_document; shelf
labels: pos.services.parcels.checkin.print_label). So a job that printed more than
DOCUMENT_DAYS ago is deleted with its document. Over five years the jobs with their documents
would take about as much room as every other record together (BENCHMARKS.md, "Size").

Kept: every job not printed (pending, sending, uncertain, failed: the partner still has to
decide about them), and every printed job of the last DOCUMENT_DAYS, which the queue's list
shows and reprints as it was. Run at shift close (pos.services.shifts.drawer.close_shift), a
batch at a time so that a station that has never pruned catches up over some closes instead of
one long wait.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import delete, select

from pos.db.key_lists import chunks
from pos.db.models import PrintDayCount, PrintJob
from pos.db.unit_of_work import Database
from pos.services.clock import Clock
from pos.services.local_days import local_day

DOCUMENT_DAYS = 30
BATCH = 50_000


def prune_printed(db: Database, clock: Clock, days: int = DOCUMENT_DAYS, batch: int = BATCH) -> int:
    """Delete up to ``batch`` jobs printed more than ``days`` ago, oldest first; returns how many.
    Each day's count by kind goes into print_day_count first, in the same transaction (the
    county's daily figures, pos.sync.records.counts). The pages freed go back to SQLite's free
    list, reused by the next records, so the file stops growing; where the file was made with
    auto_vacuum=INCREMENTAL they go back to the disk."""
    cutoff = clock() - dt.timedelta(days=days)
    with db.unit_of_work() as s:
        rows = s.execute(select(PrintJob.id, PrintJob.created_at, PrintJob.kind)
                         .where(PrintJob.status == "printed", PrintJob.printed_at < cutoff)
                         .order_by(PrintJob.printed_at).limit(batch)).all()
        if not rows:
            return 0
        per_day = Counter((local_day(created), kind) for _id, created, kind in rows)
        for (day, kind), n in sorted(per_day.items()):
            kept = s.get(PrintDayCount, (day, kind))
            if kept is None:
                s.add(PrintDayCount(day=day, kind=kind, jobs=n))
            else:
                kept.jobs += n
        ids = [r[0] for r in rows]
        for chunk in chunks(ids):
            s.execute(delete(PrintJob).where(PrintJob.id.in_(chunk)))
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            if conn.exec_driver_sql("PRAGMA auto_vacuum").scalar() == 2:
                conn.exec_driver_sql("PRAGMA incremental_vacuum")
    return len(rows)


def oldest_printed(db: Database) -> dt.datetime | None:
    with db.reader() as s:
        return s.scalar(select(PrintJob.printed_at).where(PrintJob.status == "printed")
                        .order_by(PrintJob.printed_at).limit(1))
