from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record
from pos.db.types import Key, UTCDateTime

# pending: waiting (first time or after a failure) · sending: handed to the printer, no answer
# yet · printed: the printer took every byte · uncertain: was "sending" when the app stopped, so
# nobody knows whether it printed; only the partner decides (print again, or mark printed) ·
# failed: cannot be printed as stored (a document the renderer refuses); not retried by itself.
STATUSES = ("pending", "sending", "printed", "uncertain", "failed")


class PrintJob(Base, Record):
    """One receipt (or test page, or drawer kick) waiting for or sent to the printer.

    Stored before anything is sent: a crash or an offline printer never loses a job, and a
    reprint reads the same stored document.
    """

    __tablename__ = "print_job"
    # the queue's list, newest first (Settings, Printer): read in order, not sorted from the 30 days
    # of jobs kept (70,000 at a busy station: 60 ms at each opening of the tab)
    __table_args__ = (Index("ix_print_job_created_at", "created_at"),)

    kind: Mapped[str] = mapped_column(String(20), default="receipt")
    reference: Mapped[str] = mapped_column(String(60), default="", index=True)
    document: Mapped[str] = mapped_column(Text)  # pos.domain.receipt.Document JSON
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    printed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reprint_of: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # the counter whose printer prints it; None: a station from before counters (any counter takes it)
    counter_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("counter.id"), nullable=True, index=True)


class PrintDayCount(Base):
    """How many jobs of a kind a local day printed, for the days whose printed jobs were deleted
    (pos.services.hardware.print_retention): the county's daily counts (pos.sync.records.counts)
    add these to the jobs still stored, so a day's figures stay what they were."""

    __tablename__ = "print_day_count"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # the station's local date
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    jobs: Mapped[int] = mapped_column(Integer, default=0)
