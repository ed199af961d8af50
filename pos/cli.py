"""The `village-pos` command: the app by default, subcommands for scripted station work."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from pos import __version__
from pos.commands.options import common_options as _common_options


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
    p.add_argument(
        "--scanner",
        metavar="SPEC",
        help="barcode scanner for this start: 'wedge' (USB keyboard mode, the default) or "
        "'serial:PORT[@BAUD]' (e.g. serial:/dev/ttyACM0, serial:COM3@9600, serial:loop://); "
        "saving the device settings replaces it",
    )
    p.add_argument(
        "--printer",
        metavar="SPEC",
        help="receipt printer for this start: 'preview' (on screen, the default), 'file:PATH', "
        "'usb:VID:PID', 'serial:PORT[@BAUD]', 'net:HOST[:PORT]', 'win32:QUEUE', 'cups:QUEUE'; "
        "saving the device settings replaces it",
    )
    p.add_argument(
        "--scale",
        metavar="SPEC",
        help="electronic scale for this start: 'serial:PORT[@BAUD][,7E1][,PROTOCOL]' with PROTOCOL "
        "stgs (the default), toledo, xk3190-stx or xk3190-eq (e.g. serial:/dev/ttyUSB0@9600,toledo), "
        "or 'fake'; saving the device settings replaces it",
    )
    p.add_argument(
        "--modem",
        metavar="SPEC",
        help="USB 4G modem that sends parcel notices as SMS, for this start: 'serial:PORT[@BAUD]' "
        "(its AT port, e.g. serial:/dev/ttyUSB2, serial:COM5) or 'fake'; saving the device settings "
        "replaces it",
    )
    p.add_argument(
        "--counter",
        metavar="NAME",
        help="which counter (PC) of the station this is, e.g. 收银台2; remembered in the data "
        "folder (counter.json). Without it, a PC sharing a PostgreSQL database asks on its first start",
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

    rep = subs.add_parser(
        "report",
        help="write the daily report or the monthly statement as PDF",
        description="Write the daily station report (--date, default today) or the monthly "
        "statement (--month) as a PDF with the Chinese font embedded.",
    )
    _common_options(rep, sub=True)
    rep.add_argument("kind", choices=["daily", "monthly"],
                     help="daily: one day's station report; monthly: the statement of a month")
    rep.add_argument("--date", metavar="YYYY-MM-DD", help="daily: the local day to report (default: today)")
    rep.add_argument("--month", metavar="YYYY-MM", help="monthly: the month to report (required)")
    rep.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help="the PDF file to write")

    from pos.commands.registry import EXPORTS, GROUPS, IMPORTS

    for module in dict.fromkeys(GROUPS.values()):  # a module may serve several commands
        importlib.import_module(module).add_parser(subs)
    if EXPORTS:
        exp = subs.add_parser(
            "export",
            help=f"write {', '.join(sorted(EXPORTS))} as CSV (UTF-8 with BOM, ISO 8601 times)",
            description="Export records as CSV for Excel: UTF-8 with BOM, times in ISO 8601 with "
            "their UTC offset, amounts in yuan with two decimals in *_yuan columns.",
        )
        _common_options(exp, sub=True)
        exp.add_argument("kind", choices=sorted(EXPORTS), help="what to export")
        exp.add_argument("--out", required=True, type=Path, metavar="FILE.csv", help="the CSV file to write")
        exp.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first local day to include")
        exp.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last local day to include")
    if IMPORTS:
        imp = subs.add_parser(
            "import",
            help=f"read {', '.join(sorted(IMPORTS))} from CSV; nothing is imported if any row is bad",
            description="Import records from CSV. Every rejected row is reported with its line and "
            "reason; nothing is imported when any row is bad, unless --skip-bad-rows is given.",
        )
        _common_options(imp, sub=True)
        imp.add_argument("kind", choices=sorted(IMPORTS), help="what to import")
        imp.add_argument("file", type=Path, metavar="FILE.csv", help="the CSV file to read")
        imp.add_argument("--skip-bad-rows", action="store_true", help="import the good rows, report the bad ones")
    backup = subs.add_parser(
        "backup",
        help="copy the station database now (safe while the app runs)",
        description="Write a consistent copy of the station database into the data folder's backups/ "
        "and into DIR, or else the second folder set in Settings. A PostgreSQL station is dumped with "
        "the bundled pg_dump (.pgdump, custom format).",
    )
    _common_options(backup, sub=True)
    backup.add_argument("--to", type=Path, metavar="DIR",
                        help="also copy the backup into DIR (created if missing), e.g. a USB stick")
    restore = subs.add_parser(
        "restore",
        help="replace the station database by a backup (the app must be closed)",
        description="Check FILE (integrity, schema version), keep the current database as a backup, "
        "then put FILE in its place. Refused while the app runs on the data folder.",
    )
    _common_options(restore, sub=True)
    restore.add_argument("file", type=Path, metavar="FILE", help="the backup to restore (a .sqlite3 file, "
                         "or a .pgdump of a PostgreSQL station: the current data are dumped first)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "init":
        from pos.commands.init import run_init

        return run_init(args)
    if args.command == "report":
        from pos.commands.common import CommandContext
        from pos.commands.report import run as run_report

        return run_report(CommandContext(args), args)
    if args.command in ("backup", "restore"):
        from pos.commands import backup as backup_cmd
        from pos.commands import restore as restore_cmd
        from pos.commands.common import CommandContext

        return (backup_cmd if args.command == "backup" else restore_cmd).run(CommandContext(args), args)
    if args.command in ("export", "import"):
        from pos.commands.common import CommandContext
        from pos.commands.registry import EXPORTS, IMPORTS, load

        table = EXPORTS if args.command == "export" else IMPORTS
        return load(table[args.kind])(CommandContext(args), args)
    from pos.commands.registry import GROUPS

    if args.command in GROUPS:
        return importlib.import_module(GROUPS[args.command]).run(args)
    from pos.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
