"""The print queue's list (Settings, Printer) reads its newest jobs in order: a busy station keeps
30 days of jobs, about 70,000, and sorting them all for the newest 200 took 60 ms at each
opening of the tab. Plans do not depend on the row count without statistics (the app never runs
ANALYZE), so a plan read here is a busy station's."""

from __future__ import annotations

from pos.db import print_jobs
from pos.domain.receipt import Document, Text
from tests.query_plans import statements


def test_the_queues_list_is_read_newest_first_from_the_index(database):
    with database.unit_of_work() as s:
        for n in range(3):
            print_jobs.enqueue(s, Document([Text(f"第{n}张")]), "receipt", f"R{n}")
    with statements(database.engine, lambda sql: "FROM print_job" in sql) as seen:
        with database.reader() as s:
            listed = print_jobs.list_jobs(s)
    with database.engine.connect() as conn:
        steps = [row[-1] for sql, params in seen for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)]
    assert "SCAN print_job USING INDEX ix_print_job_created_at" in steps and not any("TEMP B-TREE" in x for x in steps)
    assert [j.reference for j in listed] == ["R2", "R1", "R0"]
