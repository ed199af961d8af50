"""Power cuts: a counter PC checking in parcels from a serial scanner as fast as it can, killed
with SIGKILL at random moments, restarted on the same data folder each time.

The child (powercut_child.py) prints ``ACK <waybill> <code>`` only after the check-in committed,
so an ACK is what the partner saw on screen. After every kill the database must hold every
acknowledged check-in with the code that was shown, pass PRAGMA integrity_check, and hold no
waybill or pickup code twice; the next start must not be blocked by the dead process's lock.
A last, clean life rescans everything that was never answered and closes the day.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pos.db.engine import sqlite_url
from pos.db.opening import open_database
from pos.services import settings as st
from pos.services.parcels.settings import SHELVES
from pos.services.villagers.csv_io import station_owner

from .helpers import PtyPort, init_station, integrity, sqlite_rows

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(os, "openpty"),
                                reason="needs POSIX fork and ptys")

CHILD = Path(__file__).with_name("powercut_child.py")
KILLS = 24  # every sixth while the database is being opened
SEED = 20261122
IN_FLIGHT = 4  # scans sent ahead of the answers, like a partner working through a pile
IN_STATION = "('awaiting_phone', 'in_stock', 'out_for_delivery')"


class Child:
    """The fork server and the lines every life prints."""

    def __init__(self, data_dir: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, str(CHILD), "--serve", str(data_dir)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines.put), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr.append), daemon=True).start()

    @staticmethod
    def _pump(stream, put) -> None:
        for line in stream:
            put(line.rstrip("\n"))

    def run(self, pty_path: str) -> None:
        self.proc.stdin.write(f"RUN {pty_path}\n")
        self.proc.stdin.flush()

    def next_line(self, timeout: float) -> str | None:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def expect(self, prefix: str, timeout: float = 20.0) -> str:
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            line = self.next_line(left)
            if line is not None and line.startswith(prefix):
                return line
            assert line is None or not line.startswith(("LOCKED", "EXIT")), (line, self.stderr)
        raise AssertionError(f"no {prefix} within {timeout}s; stderr: {''.join(self.stderr)[-2000:]}")

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Counter:
    """What the partner has scanned and what the screen answered."""

    def __init__(self, rng: random.Random) -> None:
        self.next_number = rng.randrange(10**9, 10**11)
        self.shown: dict[str, str] = {}  # waybill -> pickup code the screen showed (ACK or HERE)
        self.unanswered: list[str] = []  # scanned, no answer before the cut: rescanned next life
        self.refused: list[str] = []
        self.acks = 0

    def new_waybill(self) -> str:
        self.next_number += 1
        return f"SF1{self.next_number:012d}"  # SF's own format: recognised without asking

    def answer(self, line: str) -> None:
        kind, *rest = line.split(" ")
        if kind in ("ACK", "HERE"):
            waybill, code = rest
            assert self.shown.get(waybill, code) == code, f"{waybill} shown as {self.shown[waybill]}, then {code}"
            self.shown[waybill] = code
            self.acks += kind == "ACK"
            self.unanswered.remove(waybill)
        elif kind == "REFUSED":
            self.refused.append(line)
            self.unanswered.remove(rest[0])


def check_database(db_file: Path, counter: Counter) -> None:
    assert integrity(db_file) == "ok"
    stored = dict(sqlite_rows(db_file, f"SELECT waybill, pickup_code FROM parcel WHERE status IN {IN_STATION}"))
    missing = {w: c for w, c in counter.shown.items() if stored.get(w) != c}
    assert not missing, f"acknowledged check-ins lost or changed: {missing}"
    assert sqlite_rows(db_file, "SELECT waybill FROM parcel GROUP BY waybill HAVING count(*) > 1") == []
    assert sqlite_rows(db_file, f"SELECT pickup_code FROM parcel WHERE status IN {IN_STATION} "
                                "GROUP BY pickup_code HAVING count(*) > 1") == []
    # nothing half-written: every parcel is shelved with a code, its event and its notice
    assert sqlite_rows(db_file, "SELECT waybill FROM parcel WHERE status != 'in_stock' OR pickup_code = '' "
                                "OR shelf = '' OR phone = ''") == []
    assert sqlite_rows(db_file, "SELECT p.waybill FROM parcel p WHERE NOT EXISTS (SELECT 1 FROM parcel_event e "
                                "WHERE e.parcel_id = p.id AND e.kind = 'checked_in') OR NOT EXISTS (SELECT 1 FROM "
                                "notice_parcel n WHERE n.parcel_id = p.id)") == []
    # ... and its label queued with it: one print job, waiting to be sent, named in its history
    assert sqlite_rows(db_file, "SELECT p.waybill FROM parcel p WHERE (SELECT count(*) FROM print_job j "
                                "WHERE j.kind = 'shelf_label' AND j.reference = p.pickup_code AND j.status = "
                                "'pending') != 1 OR NOT EXISTS (SELECT 1 FROM parcel_event e WHERE e.parcel_id = p.id "
                                "AND e.kind = 'checked_in' AND replace(e.details, '-', '') LIKE '%' || (SELECT lower(hex(j.id)) "
                                "FROM print_job j WHERE j.reference = p.pickup_code) || '%')") == []
    # the counter never goes back: a code is never handed out twice, even after a cut
    [(counter_value,)] = sqlite_rows(db_file, "SELECT value FROM sequence WHERE key = 'parcel.pickup_code'") or [(0,)]
    [(parcels,)] = sqlite_rows(db_file, "SELECT count(*) FROM parcel")
    assert counter_value >= parcels


def big_shelves(data_dir: Path) -> None:
    """Room for every parcel the test can scan (the default 600 places could fill up)."""
    from pos.paths import DataPaths

    paths = DataPaths(data_dir)
    db = open_database(sqlite_url(paths.database), paths.backups)
    try:
        st.save(db, station_owner(db), {SHELVES: {"shelves": list("ABCDEFGH"), "layers": 10, "capacity": 999}})
    finally:
        db.dispose()


def one_life(child: Child, counter: Counter, port: PtyPort, run_for: float | None, early: bool = False) -> None:
    """Scan until ``run_for`` seconds after the start (then the power goes), or, with None,
    until everything scanned has an answer (then the scanner's cable is pulled: a clean end).
    ``early``: the power goes ``run_for`` seconds after the process started, maybe while it is
    still opening the database."""
    child.run(port.path)
    pid = int(child.expect("FORK").split()[1])
    if early:
        time.sleep(run_for)
        os.kill(pid, signal.SIGKILL)
        assert child.expect("EXIT").split()[1] == str(pid)
        return
    assert int(child.expect("READY").split()[1]) == pid
    to_scan = list(counter.unanswered)  # the partner rescans what never showed a code
    counter.unanswered.clear()
    cut_at = None if run_for is None else time.monotonic() + run_for
    while True:
        if cut_at is None and not to_scan and not counter.unanswered:
            break
        if cut_at is not None and time.monotonic() >= cut_at:
            break
        while len(counter.unanswered) < IN_FLIGHT and (to_scan or cut_at is not None):
            waybill = to_scan.pop(0) if to_scan else counter.new_waybill()
            counter.unanswered.append(waybill)
            port.send(waybill.encode() + b"\r\n")
        wait = 0.5 if cut_at is None else max(0.0, cut_at - time.monotonic())
        line = child.next_line(min(wait, 0.5))
        if line is not None:
            counter.answer(line)
    if cut_at is not None:
        os.kill(pid, signal.SIGKILL)
    else:
        port.unplug()
    while (line := child.expect("")) and not line.startswith("EXIT"):
        if line != "BYE":
            counter.answer(line)  # answers printed before the cut are still in the pipe
    status = int(line.split()[2])
    if cut_at is not None:
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    else:
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, child.stderr
    counter.unanswered.extend(to_scan)


def test_acknowledged_check_ins_survive_sigkill(tmp_path):
    data = tmp_path / "data"
    paths = init_station(data)
    big_shelves(data)
    rng = random.Random(SEED)
    counter = Counter(rng)
    child = Child(data)
    t0 = time.monotonic()
    try:
        for n in range(KILLS):
            port = PtyPort(tmp_path / "ttyACM0")
            try:
                if n % 6 == 5:
                    one_life(child, counter, port, rng.uniform(0.0, 0.15), early=True)
                else:
                    one_life(child, counter, port, rng.uniform(0.05, 0.5))
            finally:
                port.unplug()
            check_database(paths.database, counter)
        port = PtyPort(tmp_path / "ttyACM0")
        one_life(child, counter, port, None)
    finally:
        child.close()
    check_database(paths.database, counter)
    assert not counter.unanswered and not counter.refused, counter.refused
    [(parcels,)] = sqlite_rows(paths.database, "SELECT count(*) FROM parcel")
    assert parcels == len(counter.shown)  # every scan ever sent is on the shelf exactly once
    assert counter.acks >= KILLS, f"only {counter.acks} check-ins in {KILLS} lives"
    print(f"{KILLS} kills, {counter.acks} check-ins acknowledged, {parcels} parcels, "
          f"{time.monotonic() - t0:.1f}s")
