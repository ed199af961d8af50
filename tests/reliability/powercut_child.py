"""The counter PC for the power-cut test: checks in every waybill a serial scanner sends.

    python tests/reliability/powercut_child.py DATA_DIR PTY      one life: scan, check in, repeat
    python tests/reliability/powercut_child.py --serve DATA_DIR  a fork server (see below)

One life opens the data folder as the app does (instance lock, then pos.db.opening.open_database,
which checks the file and migrates it), prints ``READY <pid>``, then reads the scanner port with
pyserial and the project's own scan framing (pos.devices.scan_normalise), and checks each waybill
in through pos.services.parcels.checkin.check_in with a phone, so a pickup code is allocated, and with
its shelf label, queued in the same transaction as the app's check-in page does. Only after
the unit of work has committed does it print ``ACK <waybill> <pickup code>``: that line is the
partner seeing the code on screen. ``HERE <waybill> <code>`` answers a waybill already on the
shelf (rescanned after the cut), ``REFUSED <text>`` anything the rules refuse. When the port goes
away for good (the test closes the pty) the life ends with ``BYE``.

Importing SQLAlchemy, Alembic and the services takes about two seconds, which twenty restarts
would spend twenty times; ``--serve`` imports once and forks one life per ``RUN <pty>`` line
on stdin, answering ``FORK <pid>`` at once and ``EXIT <pid> <status>`` when the life has
ended (killed or not). Every life still opens the database, takes the lock and allocates codes
on its own, after the fork.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import serial  # noqa: E402
from sqlalchemy import select  # noqa: E402

from pos.db.engine import sqlite_url  # noqa: E402
from pos.db.models import Parcel  # noqa: E402
from pos.db.models.parcel import IN_STATION  # noqa: E402
from pos.db.opening import open_database  # noqa: E402
from pos.devices.scan_normalise import decode, normalise, split_lines  # noqa: E402
from pos.domain.carriers import load_rules  # noqa: E402
from pos.domain.errors import DomainError  # noqa: E402
from pos.domain.waybill import recognise  # noqa: E402
from pos.instance import AlreadyRunning, acquire_instance_lock  # noqa: E402
from pos.paths import DataPaths  # noqa: E402
from pos.services.parcels import checkin
from pos.services.clock import system_clock  # noqa: E402
from pos.services.parcels.labels import LabelWording  # noqa: E402
from pos.services.villagers.csv_io import station_owner  # noqa: E402

RULES = load_rules()


def say(line: str) -> None:
    # one write() per line, well under PIPE_BUF: a kill never leaves half a line in the pipe
    os.write(1, (line + "\n").encode("utf-8"))


def phone_for(waybill: str) -> str:
    return "139" + waybill[-8:]


label = LabelWording()  # the label queued with the parcel, as the check-in page does


def check_in_one(db, operator, code: str) -> None:
    try:
        rec = recognise(code, RULES, {})
        result = checkin.check_in(db, operator, system_clock, RULES, waybill=rec.number, carrier=rec.carrier,
                                  recipient=checkin.Recipient(phone=phone_for(rec.number)), label=label)
    except checkin.AlreadyInStation:
        with db.reader() as s:
            here = s.scalar(select(Parcel).where(Parcel.waybill == code, Parcel.status.in_(IN_STATION)))
        say(f"HERE {code} {here.pickup_code}")
        return
    except DomainError as e:
        say(f"REFUSED {code} {e}")
        return
    say(f"ACK {result.parcel.waybill} {result.parcel.pickup_code}")


def life(data_dir: Path, port_path: str) -> int:
    paths = DataPaths(data_dir)
    try:
        lock = acquire_instance_lock(paths.lock_file)
    except AlreadyRunning:
        say("LOCKED")
        return 3
    db = open_database(sqlite_url(paths.database), paths.backups)
    operator = station_owner(db)
    port = serial.Serial(port_path, 9600, timeout=0.05)
    say(f"READY {os.getpid()}")
    pending = b""
    try:
        while True:
            chunk = port.read(port.in_waiting or 1)
            lines, pending = split_lines(pending + chunk)
            for raw in lines:
                code = normalise(decode(raw))
                if code:
                    check_in_one(db, operator, code)
    except (serial.SerialException, OSError):
        pass  # the test closed the scanner's pty: the day is over
    finally:
        db.dispose()
        lock.release()
    say("BYE")
    return 0


def serve(data_dir: Path) -> int:
    while line := sys.stdin.readline():
        cmd, _, arg = line.strip().partition(" ")
        if cmd != "RUN":
            continue
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = life(data_dir, arg)
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        say(f"FORK {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"EXIT {pid} {status}")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        sys.exit(serve(Path(sys.argv[2])))
    sys.exit(life(Path(sys.argv[1]), sys.argv[2]))
