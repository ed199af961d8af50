"""Shared by the reliability tests: a station in a data folder, a scanner on a pty, DB checks."""

from __future__ import annotations

import os
import sqlite3
import tty
from pathlib import Path

from pos.cli import main
from pos.paths import DataPaths

STATION, OWNER, PIN = "清水村服务站", "王小明", "1234"


def init_station(data_dir: Path) -> DataPaths:
    argv = ["--data-dir", str(data_dir), "init", "--station-name", STATION, "--owner-name", OWNER,
            "--owner-pin", PIN]
    assert main(argv) == 0
    return DataPaths(data_dir)


def sqlite_rows(db_file: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db_file, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def integrity(db_file: Path) -> str:
    return sqlite_rows(db_file, "PRAGMA integrity_check")[0][0]


class PtyPort:
    """A serial device on a pty pair reachable under a stable path (like /dev/ttyACM0):
    ``unplug`` closes both ends and removes the path, ``plug`` makes a new pty under it."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.master: int | None = None
        self.slave: int | None = None
        self.plug()

    def plug(self) -> None:
        m, s = os.openpty()
        tty.setraw(m)
        tty.setraw(s)
        self.master, self.slave = m, s
        if os.path.lexists(self.path):
            os.unlink(self.path)
        os.symlink(os.ttyname(s), self.path)

    def unplug(self) -> None:
        if self.master is None:
            return
        if os.path.lexists(self.path):
            os.unlink(self.path)
        os.close(self.master)
        os.close(self.slave)
        self.master = self.slave = None

    def send(self, data: bytes) -> None:
        os.write(self.master, data)
