"""One counter as its own process, for tests/counters/test_three_counters.py.

    python -m tests.counters.counter_child PLAN.json

Runs its plan (check-ins, handovers, sales) against the database URL (through the test's TCP
proxy), prints its own print jobs to a sink file (one line per job: the job's id and its counter),
and logs every operation's outcome as a JSON line: committed, or refused with the message the
partner would read. An operation refused because the server cannot be reached is tried again, as
the partner would once the banner goes; one whose commit was cut (in doubt) is looked up first.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import select

from pos.db import print_jobs
from pos.db.engine import make_engine
from pos.db.models import Parcel, PrintJob, Sale
from pos.db.unit_of_work import ConnectionLost, Database
from pos.domain.cart import Cart, CartLine, Tender
from pos.domain.errors import DomainError
from pos.domain.receipt import Document
from pos.domain.users import Operator, Role
from pos.services.clock import system_clock
from pos.services.parcels import checkin
from pos.services.parcels.checkin import Recipient
from pos.services.parcels.labels import LabelWording
from pos.services.pickup import handover
from pos.services.sales import checkout
from pos.wiring import station_due_sources, wire_station

GIVE_UP_S = 90  # the line is back within seconds in the test; a minute and a half means a bug


def main(plan_path: str) -> int:
    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    db = Database(make_engine(plan["url"]), counter_id=uuid.UUID(plan["counter_id"]))
    op = Operator(uuid.UUID(plan["operator_id"]), plan["operator"], Role.OWNER)
    rules = wire_station().rules
    sources = station_due_sources()
    log = open(plan["log"], "a", encoding="utf-8")
    sink = open(plan["sink"], "a", encoding="utf-8")
    with db.unit_of_work() as s:
        print_jobs.recover_after_crash(s)
    product = plan["product"]

    def outcome(kind: str, key: str, status: str, **more) -> None:
        log.write(json.dumps({"op": kind, "key": key, "outcome": status, **more}, ensure_ascii=False) + "\n")
        log.flush()

    def already_done(kind: str, key: str):
        with db.reader() as s:
            if kind == "checkin":
                return s.scalar(select(Parcel.pickup_code).where(Parcel.waybill == key))
            if kind == "handover":
                return s.scalar(select(Parcel.id).where(Parcel.id == uuid.UUID(key), Parcel.status == "picked_up"))
            return s.scalar(select(Sale.number).where(Sale.note == key))

    def do(kind: str, key: str):
        if kind == "checkin":
            r = checkin.check_in(db, op, system_clock, rules, waybill=key, carrier="ZTO",
                                 recipient=Recipient(f"139{abs(hash(key)) % 10**8:08d}"), label=LabelWording())
            return {"code": r.parcel.pickup_code}
        if kind == "handover":
            pid = uuid.UUID(key)
            handover.hand_over(db, op, system_clock, [pid], scanned=[pid], sources=sources)
            return {}
        # a retry after the cut took the receipt's connection: the sale itself is already in
        number = already_done("sale", key)
        if number is None:
            cart = Cart()
            cart.add(CartLine(uuid.UUID(product["id"]), product["name"], product["price_fen"], 1, "", False, None))
            number = checkout.complete_sale(db, op, system_clock, cart, [Tender("cash", product["price_fen"])],
                                            note=key).number
        with db.unit_of_work() as s:  # the receipt, as the page queues it after the sale
            if s.scalar(select(PrintJob.id).where(PrintJob.reference == number)) is None:
                print_jobs.enqueue(s, Document().text(number), "receipt", number)
        return {"number": number}

    for kind, key in plan["ops"]:
        started = time.monotonic()
        while True:
            try:
                outcome(kind, key, "committed", **do(kind, key))
                break
            except ConnectionLost as e:
                outcome(kind, key, "attempt_refused", message=str(e),
                        in_doubt=e.in_doubt)
                time.sleep(0.5)
                if time.monotonic() - started > GIVE_UP_S:
                    outcome(kind, key, "refused", message=str(e))
                    break
                try:
                    if e.in_doubt and already_done(kind, key):
                        outcome(kind, key, "committed", resolved_after_doubt=True)
                        break
                except ConnectionLost:
                    continue
            except DomainError as e:
                outcome(kind, key, "refused", message=str(e))
                break
        drain(db, sink, plan["counter_id"])
    deadline = time.monotonic() + GIVE_UP_S
    while time.monotonic() < deadline:
        try:
            if not drain(db, sink, plan["counter_id"]):
                break
        except ConnectionLost:
            time.sleep(0.5)
    log.close()
    sink.close()
    db.dispose()
    return 0


def drain(db: Database, sink, counter_id: str) -> int:
    """The print worker's loop, with a file for a printer: claim (committed), print, settle."""
    printed = 0
    while True:
        try:
            with db.unit_of_work() as s:
                job = print_jobs.next_due(s, system_clock())
                if job is None:
                    return printed
                job_id = job.id
                if not print_jobs.claim(s, job_id):
                    continue
        except ConnectionLost:
            return printed
        sink.write(f"{job_id} {counter_id}\n")
        sink.flush()
        printed += 1
        for _ in range(400):  # it is on paper: say so as soon as the server listens again
            try:
                with db.unit_of_work() as s:
                    print_jobs.mark_printed(s, job_id)
                break
            except ConnectionLost:
                time.sleep(0.25)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
