"""The print queue finds a counter's jobs through the status index, never the counter's: a
station has one to three counters, so ``counter_id = ?`` selects a third of the last 30 days'
jobs at best. Without planner statistics SQLite took the counter's index for
``status = 'pending' AND counter_id = ?``: each of the worker's three questions per printed job
took 30-40 ms at five years (72,000 jobs kept), 1 ms through the status index. Plans do not
depend on the row count without statistics, so a plan read here is a five-year station's."""

from __future__ import annotations

from pos.db import print_jobs
from pos.db.unit_of_work import Database
from pos.domain.receipt import Document
from pos.services.station import counters
from tests.query_plans import plan_steps, statements


def test_the_workers_questions_never_walk_a_counters_jobs(database, clock):
    front = counters.register(database, "收银台1", clock, hostname="pc-front")
    counters.register(database, "收银台2", clock, hostname="pc-back")
    mine = Database(database.engine, counter_id=front.id)
    with mine.unit_of_work() as s:
        job = print_jobs.enqueue(s, Document().text("标签"), kind="label", reference="P1")

    def keep(sql: str) -> bool:  # the worker's questions and moves, not the job's own INSERT
        return "print_job" in sql and not sql.lstrip().upper().startswith("INSERT")

    with statements(database.engine, keep) as seen:
        with mine.unit_of_work() as s:
            print_jobs.recover_after_crash(s)
            due = print_jobs.next_due(s, clock())
            assert due is not None and due.id == job
            assert print_jobs.claim(s, job)
            assert print_jobs.waiting(s) == 1
            print_jobs.next_wakeup(s)
            print_jobs.retry_all(s)
    plans = plan_steps(database.engine, seen)
    assert len(seen) >= 5
    assert [p for p in plans if "ix_print_job_counter_id" in p[1]] == []
    assert any("ix_print_job_status" in p[1] for p in plans)


def test_waiting_counts_only_this_counters_unprinted_jobs(database, clock):
    front = counters.register(database, "收银台1", clock, hostname="pc-front")
    back = counters.register(database, "收银台2", clock, hostname="pc-back")
    mine, theirs = (Database(database.engine, counter_id=c.id) for c in (front, back))
    with mine.unit_of_work() as s:
        jobs = [print_jobs.enqueue(s, Document().text(str(n))) for n in range(3)]
    with theirs.unit_of_work() as s:
        print_jobs.enqueue(s, Document().text("后台"))
    with mine.unit_of_work() as s:
        assert print_jobs.claim(s, jobs[0])  # sending: still waiting
        assert print_jobs.mark_printed(s, jobs[0]) and print_jobs.claim(s, jobs[1])
    with mine.unit_of_work() as s:
        assert print_jobs.waiting(s) == 2
    with theirs.unit_of_work() as s:
        assert print_jobs.waiting(s) == 1
    with database.unit_of_work() as s:  # a session without a counter sees every job
        assert print_jobs.waiting(s) == 3
