"""The print queue against fake printers: raising, hanging, vanishing; printed exactly once."""

import time

import pytest

from pos.db.models import PrintJob
from pos.devices.fakes import HANG, OK, RAISE, VANISH, FakePrinter
from pos.devices.print_queue import NOT_RESPONDING, PrintQueueWorker
from pos.devices.transports import ONLINE, UNKNOWN
from pos.devices.render_common import RenderOptions
from pos.domain.receipt import Document
from pos.db import print_jobs as printing
from tests.polling import wait_for


def doc(n: int = 1) -> Document:
    return Document().title(f"小票 {n}").text("合计 ￥4.00").cut()


def enqueue(database, n: int = 1):
    with database.unit_of_work() as s:
        return printing.enqueue(s, doc(n), "receipt", f"R-{n}")


def job(database, job_id) -> PrintJob:
    with database.reader() as s:
        return s.get(PrintJob, job_id)


@pytest.fixture
def printer():
    return FakePrinter(OK)


@pytest.fixture
def worker(database, printer):
    w = PrintQueueWorker(database, lambda: printer, RenderOptions(), send_timeout=0.3, poll_interval=0.2)
    states = []
    w.state_changed.connect(lambda *a: states.append(a))
    w.states = states
    yield w
    if printer.hanging.is_set():
        printer.release(RAISE)
    w.stop()


def test_job_is_stored_before_anything_is_sent(database):
    job_id = enqueue(database)
    j = job(database, job_id)
    assert j.status == "pending" and j.attempts == 0
    assert Document.from_json(j.document) == doc(1)


def test_ok_printer_prints_each_job_once(database, printer, worker):
    ids = [enqueue(database, n) for n in range(3)]
    worker.start()
    assert wait_for(lambda: all(job(database, i).status == "printed" for i in ids))
    time.sleep(0.3)
    assert len(printer.completed) == 3
    assert printer.completed[0] != printer.completed[1]
    assert "小票 0".encode("gb18030") in printer.completed[0]  # in the order they came
    assert job(database, ids[0]).printed_at is not None


def test_raising_printer_keeps_the_job_and_prints_once_when_back(database, printer, worker):
    printer.set_mode(RAISE)
    job_id = enqueue(database)
    worker.start()
    assert wait_for(lambda: job(database, job_id).attempts >= 2 and job(database, job_id).status == "pending")
    j = job(database, job_id)
    assert j.status == "pending" and "off or unplugged" in j.last_error
    assert printer.completed == []
    printer.set_mode(OK)
    with database.unit_of_work() as s:  # the Retry button
        printing.retry(s, job_id)
    worker.wake()
    assert wait_for(lambda: job(database, job_id).status == "printed")
    time.sleep(0.5)
    assert len(printer.completed) == 1


def test_vanishing_mid_job_reprints_whole_once(database, printer, worker):
    printer.set_mode(VANISH)
    job_id = enqueue(database)
    worker.start()
    assert wait_for(lambda: len(printer.partial) >= 1)
    assert wait_for(lambda: job(database, job_id).status == "pending")
    printer.set_mode(OK)
    worker.wake()
    assert wait_for(lambda: job(database, job_id).status == "printed", timeout=6)
    time.sleep(0.4)
    assert len(printer.completed) == 1
    assert printer.completed[0].startswith(b"\x1b@")  # the whole job, from the start


def test_hanging_printer_times_out_and_never_prints_twice(database, printer, worker, qapp):
    printer.set_mode(HANG)
    first, second = enqueue(database, 1), enqueue(database, 2)
    worker.start()
    assert printer.hanging.wait(2)
    assert wait_for(lambda: any(s[0] == NOT_RESPONDING for s in worker.states) or worker.state == NOT_RESPONDING)
    assert job(database, first).status == "sending"
    assert job(database, second).status == "pending"
    time.sleep(0.5)
    assert printer.calls == 1  # nothing else is pushed at a printer that does not answer
    printer.set_mode(OK)
    printer.release(OK)  # the printer wakes up and finishes the job it had
    assert wait_for(lambda: job(database, second).status == "printed")
    assert job(database, first).status == "printed"
    time.sleep(0.4)
    assert len(printer.completed) == 2


def test_hang_that_ends_in_error_is_retried_once(database, printer, worker):
    printer.set_mode(HANG)
    job_id = enqueue(database)
    worker.start()
    assert printer.hanging.wait(2)
    printer.set_mode(OK)
    printer.release(RAISE)
    assert wait_for(lambda: job(database, job_id).status == "printed", timeout=6)
    time.sleep(0.3)
    assert len(printer.completed) == 1


def test_enqueue_does_not_wait_for_a_hanging_printer(database, printer, worker):
    printer.set_mode(HANG)
    worker.start()
    enqueue(database, 1)
    assert printer.hanging.wait(2)
    # the printer hangs until released: had enqueue or wake waited for it, we would not be here
    enqueue(database, 2)
    worker.wake()
    assert printer.hanging.is_set() and len(printer.completed) == 0


def test_job_sending_at_a_crash_becomes_uncertain_not_resent(database, printer):
    job_id = enqueue(database)
    with database.unit_of_work() as s:
        assert printing.claim(s, job_id)  # sent, then the power went
    w = PrintQueueWorker(database, lambda: printer, RenderOptions(), send_timeout=0.3, poll_interval=0.2)
    w.start()
    try:
        time.sleep(0.5)
        assert job(database, job_id).status == "uncertain"
        assert printer.completed == []
        with database.unit_of_work() as s:  # the partner says: it did not come out
            assert printing.retry(s, job_id)
        w.wake()
        assert wait_for(lambda: job(database, job_id).status == "printed")
        assert len(printer.completed) == 1
    finally:
        w.stop()


def test_uncertain_job_can_be_marked_printed_by_hand(database):
    job_id = enqueue(database)
    with database.unit_of_work() as s:
        printing.claim(s, job_id)
        assert printing.recover_after_crash(s) == 1
        assert printing.mark_printed_by_hand(s, job_id)
        assert not printing.retry(s, job_id)  # printed jobs are reprinted, never retried


def test_reprint_makes_a_new_job_from_the_stored_document(database, printer, worker):
    job_id = enqueue(database)
    worker.start()
    assert wait_for(lambda: job(database, job_id).status == "printed")
    with database.unit_of_work() as s:
        again = printing.reprint(s, job_id)
    worker.wake()
    assert wait_for(lambda: job(database, again).status == "printed")
    assert printer.completed[0] == printer.completed[1]
    assert job(database, again).reprint_of == str(job_id)
    with database.reader() as s:
        assert len(printing.list_jobs(s)) == 2


def test_claim_is_exclusive(database):
    job_id = enqueue(database)
    with database.unit_of_work() as s:
        assert printing.claim(s, job_id)
        assert not printing.claim(s, job_id)
        assert printing.mark_printed(s, job_id)
        assert not printing.mark_printed(s, job_id)
        assert not printing.mark_retry(s, job_id, "late error", 1)


def test_unrenderable_job_fails_without_blocking_the_queue(database, printer, worker):
    with database.unit_of_work() as s:
        bad = PrintJob(kind="receipt", reference="X", document='[{"kind": "nope"}]', status="pending", attempts=0)
        s.add(bad)
        s.flush()
        bad_id = bad.id
    good = enqueue(database, 2)
    worker.start()
    assert wait_for(lambda: job(database, good).status == "printed")
    assert job(database, bad_id).status == "failed"


def test_settings_change_during_a_hang_leaves_the_job_uncertain(database, printer, worker):
    printer.set_mode(HANG)
    job_id = enqueue(database)
    worker.start()
    assert printer.hanging.wait(2)
    other = FakePrinter(OK)
    worker.reconfigure(lambda: other, RenderOptions(paper_mm=80))
    assert wait_for(lambda: job(database, job_id).status == "uncertain")
    printer.release(OK)  # the old printer finishing late changes nothing
    time.sleep(0.4)
    assert job(database, job_id).status == "uncertain"
    assert other.completed == []


class AskablePrinter(FakePrinter):
    """A network printer: takes bytes even when hung (the socket buffers them); only its answer to
    a status query tells. ``answers`` False: silent."""

    def __init__(self, answers: bool = True) -> None:
        super().__init__(OK)
        self.answers = answers

    def status(self) -> str:
        return ONLINE if self.answers else UNKNOWN


def test_a_printer_that_answered_and_falls_silent_is_not_responding_even_when_sends_go_through(database):
    printer = AskablePrinter()
    w = PrintQueueWorker(database, lambda: printer, RenderOptions(), send_timeout=0.3, poll_interval=0.1)
    w.start()
    try:
        assert wait_for(lambda: w.state == ONLINE)
        printer.answers = False  # hung: the socket still takes the bytes
        enqueue(database)
        assert wait_for(lambda: w.state == NOT_RESPONDING)
        time.sleep(0.3)
        assert w.state == NOT_RESPONDING  # never "ready" again until it answers
        printer.answers = True
        assert wait_for(lambda: w.state == ONLINE)
    finally:
        w.stop()


def test_a_printer_that_cannot_be_asked_keeps_what_the_last_send_showed(database):
    printer = AskablePrinter(answers=False)
    w = PrintQueueWorker(database, lambda: printer, RenderOptions(), send_timeout=0.3, poll_interval=0.05)
    w.start()
    try:
        enqueue(database)
        assert wait_for(lambda: w.state == ONLINE)
        for _ in range(8):  # several polls, each "unknown": no flip
            time.sleep(0.05)
            assert w.state == ONLINE
    finally:
        w.stop()
