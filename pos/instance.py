"""One running instance per data folder: two would fight over the printer and the database."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout


class AlreadyRunning(Exception):
    pass


def acquire_instance_lock(lock_file: Path) -> FileLock:
    # an OS-level lock: a killed or crashed process releases it by itself, so no stale lock
    lock = FileLock(str(lock_file), timeout=0)
    try:
        lock.acquire()
    except Timeout as e:
        raise AlreadyRunning(str(lock_file)) from e
    return lock
