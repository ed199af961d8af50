"""The `village-pos` command: the app by default, subcommands for scripted station work."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pos import __version__
from pos.paths import default_data_dir


def _common_options(p: argparse.ArgumentParser, *, sub: bool) -> None:
    # On a subcommand the defaults are suppressed so `village-pos --data-dir D init ...` and
    # `village-pos init --data-dir D ...` both work without one overwriting the other.
    d = argparse.SUPPRESS if sub else None
    p.add_argument(
        "--data-dir",
        type=Path,
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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="village-pos",
        description="Village Station POS: parcels, assisted purchases, counter sales and receipts "
        "for a rural e-commerce service station. Without a subcommand the app window opens.",
    )
    p.add_argument("--version", action="version", version=f"village-pos {__version__}")
    _common_options(p, sub=False)
    p.add_argument(
        "--demo",
        action="store_true",
        help="on an empty data folder, create a demo station with realistic data (owner PIN 1234)",
    )
    subs = p.add_subparsers(dest="command", metavar="COMMAND")

    init = subs.add_parser(
        "init",
        help="create the station and its owner (refuses if the data folder has a station)",
        description="Create the station and its owner without the set-up window.",
    )
    _common_options(init, sub=True)
    init.add_argument("--station-name", required=True, metavar="NAME", help="the station's name")
    init.add_argument("--owner-name", required=True, metavar="NAME", help="the owner's (partner's) name")
    init.add_argument("--owner-pin", required=True, metavar="PIN", help="the owner's PIN, 4 to 8 digits")
    init.add_argument("--address", default="", metavar="A", help="the station's address")
    init.add_argument("--phone", default="", metavar="P", help="the station's phone number")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "init":
        from pos.commands.init import run_init

        return run_init(args)
    from pos.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
