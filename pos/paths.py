"""Where the app writes: everything lives under one data folder (``--data-dir`` moves it).

The folder holds every villager's phone number and the PIN hashes, so it and everything the app
writes are readable by the station's own user only (0700 folders, 0600 files on Linux).
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "VillageStationPOS"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "station.sqlite3"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "village-pos.log"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def receipts(self) -> Path:
        return self.root / "receipts"

    @property
    def counter_file(self) -> Path:
        """Which counter of the station this PC is (pos.services.station.counters)."""
        return self.root / "counter.json"

    @property
    def lock_file(self) -> Path:
        return self.root / "village-pos.lock"

    def ensure(self) -> None:
        keep_private()
        for d in (self.root, self.logs, self.backups, self.receipts):
            d.mkdir(mode=0o700, parents=True, exist_ok=True)
        make_private(self)


_PRIVATE = 0o077  # the group and other bits


def keep_private() -> None:
    """Whatever this process writes from now on (database and its -wal/-shm, backups, USB copies,
    .part files, logs, receipts, CSV exports) is created for its user only.

    On Windows the data folder is under the user's own profile (%LOCALAPPDATA%), whose ACL
    already keeps other users out, and the umask means little there: nothing to do."""
    if os.name == "posix":
        os.umask(_PRIVATE)


def make_private(paths: DataPaths) -> None:
    """Take group and other access off a data folder made before the rule (0755/0644 then).

    Only the folder itself, the files directly in it and the app's own subfolders: ``--data-dir``
    could name a folder holding other things. Write bits are left as they are (a folder made
    read-only stays read-only). A folder already private is left alone, so a normal start costs
    one stat."""
    if os.name != "posix":
        return  # see keep_private
    root = paths.root
    try:
        if stat.S_IMODE(root.stat().st_mode) & _PRIVATE == 0:
            return
        inside = [e for e in os.scandir(root)]
    except OSError:
        return
    ours = {paths.logs.name, paths.backups.name, paths.receipts.name}
    for entry in inside:
        if entry.is_dir(follow_symlinks=False):
            if entry.name in ours:
                for folder, dirs, files in os.walk(entry.path):
                    for name in dirs + files:
                        _restrict(os.path.join(folder, name))
                _restrict(entry.path)
        elif entry.is_file(follow_symlinks=False):
            _restrict(entry.path)
    _restrict(str(root))  # last: a start cut short does it all again


def _restrict(path: str) -> None:
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode) or stat.S_IMODE(st.st_mode) & _PRIVATE == 0:
            return
        os.chmod(path, stat.S_IMODE(st.st_mode) & ~_PRIVATE)
    except OSError as e:  # a read-only disk: the start goes on and says what it can
        logging.getLogger(__name__).warning("cannot make %s private: %s", path, e)
