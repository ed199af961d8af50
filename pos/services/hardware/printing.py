"""The print queue as the pages see it: the jobs to list. Storing, claiming and settling jobs is
pos.db.print_jobs (the device hub and the print queue worker use it directly); a service that
prints in its own transaction calls ``enqueue`` there and the page then wakes the queue."""

from __future__ import annotations

from pos.db import print_jobs
from pos.db.print_jobs import PrintJobView, enqueue
from pos.db.unit_of_work import Database

__all__ = ["PrintJobView", "enqueue", "list_jobs"]


def list_jobs(db: Database, limit: int = 200, reference: str | None = None) -> list[PrintJobView]:
    with db.reader() as s:
        return print_jobs.list_jobs(s, limit, reference)
