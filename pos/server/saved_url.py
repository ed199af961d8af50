"""The database a data folder uses when no --db is given: a paired counter's server URL.

Kept in the data folder (0600: it holds the password). A folder with this file never falls back
to its own SQLite file: a counter of a shared station must not start on an empty database when
the main PC is off.
"""

from __future__ import annotations

from pathlib import Path

from pos.server.private_file import write_private

FILE_NAME = "station-db.url"


def url_file(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def read_url(data_dir: Path) -> str | None:
    try:
        text = url_file(data_dir).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return text or None


def save_url(data_dir: Path, url: str) -> None:
    Path(data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
    write_private(url_file(data_dir), url + "\n")


def forget_url(data_dir: Path) -> None:
    url_file(data_dir).unlink(missing_ok=True)
