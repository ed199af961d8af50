"""One running instance per data folder: two would fight over the printer and the database.

An OS-level lock on a file in the data folder (flock on Linux, a byte-range lock on Windows): the
kernel drops it when the process ends in any way, so a killed or crashed app (or a power cut)
never leaves a stale lock, and no process IDs are compared. Written here rather than with the
filelock package because it is taken before the login window is painted and filelock's import
alone (inspect, decimal, asyncio support) costs about 45 ms there; the part used is these lines.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path


class AlreadyRunning(Exception):
    pass


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as e:
            if e.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class InstanceLock:
    """Held from ``acquire_instance_lock`` until ``release`` (or the process's end)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def is_locked(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            # the file stays: removing a locked file would let a second process lock a new one
            os.close(fd)


def acquire_instance_lock(lock_file: Path) -> InstanceLock:
    """Raises AlreadyRunning when another process holds the folder, OSError when it cannot be written."""
    fd = os.open(str(lock_file), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        locked = _try_lock(fd)
    except BaseException:
        os.close(fd)
        raise
    if not locked:
        os.close(fd)
        raise AlreadyRunning(str(lock_file))
    return InstanceLock(Path(lock_file), fd)
