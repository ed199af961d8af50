"""Where the app writes: everything lives under one data folder (``--data-dir`` moves it)."""

from __future__ import annotations

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
    def lock_file(self) -> Path:
        return self.root / "village-pos.lock"

    def ensure(self) -> None:
        for d in (self.root, self.logs, self.backups, self.receipts):
            d.mkdir(parents=True, exist_ok=True)
