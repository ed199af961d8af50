"""The options every subcommand takes (--data-dir, --db, --lang), shared by pos.cli and the
subcommand groups of pos.commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from pos.paths import default_data_dir


def _folder(text: str) -> Path:
    # an empty --data-dir would be Path("") = the current folder: never the intent
    if not text.strip():
        raise argparse.ArgumentTypeError("the folder name is empty")
    return Path(text)


def common_options(p: argparse.ArgumentParser, *, sub: bool) -> None:
    # On a subcommand the defaults are suppressed so `village-pos --data-dir D init ...` and
    # `village-pos init --data-dir D ...` both work without one overwriting the other.
    d = argparse.SUPPRESS if sub else None
    p.add_argument(
        "--data-dir",
        type=_folder,
        default=d,
        metavar="DIR",
        help=f"folder for everything the app writes: database, logs, backups, receipts "
        f"(default: {default_data_dir()})",
    )
    p.add_argument(
        "--db",
        default=d,
        metavar="URL",
        help="SQLAlchemy database URL instead of the SQLite file in the data folder, "
        "e.g. postgresql+psycopg://pos:secret@127.0.0.1/station",
    )
    p.add_argument(
        "--lang",
        choices=["zh_CN", "en"],
        default=d,
        help="language of the interface and messages (default: the saved setting, else zh_CN)",
    )
