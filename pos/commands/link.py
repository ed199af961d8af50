"""`village-pos link URL CODE` and `village-pos unlink`: the station's link to its county centre."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication


def _options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, metavar="DIR", help="the station's data folder")
    p.add_argument("--db", default=argparse.SUPPRESS, metavar="URL", help="the station database URL")
    p.add_argument("--lang", choices=["zh_CN", "en"], default=argparse.SUPPRESS,
                   help="language of the messages (default zh_CN)")


def add_parser(subs) -> None:
    link = subs.add_parser(
        "link", help="link this station to its county centre with a one-time enrolment code",
        description="Exchange the enrolment code the county printed (village-pos county add-station) for "
        "this station's key, kept in the data folder readable by you only. Everything the station holds is "
        "then sent to the county in the background (or with village-pos sync).")
    _options(link)
    link.add_argument("url", metavar="URL", help="the county centre's address, e.g. https://county.example.cn")
    link.add_argument("code", metavar="CODE", help="the one-time enrolment code, e.g. K7QX-M3PA-9TWE")
    unlink = subs.add_parser("unlink", help="stop syncing with the county centre and forget the station key")
    _options(unlink)


t = QCoreApplication.translate


def run(args: argparse.Namespace) -> int:
    from pos.commands.common import CommandContext
    from pos.sync.client import SyncClient, SyncError

    ctx = CommandContext(args)
    db = ctx.open()
    try:
        client = SyncClient(db, ctx.paths.root)
        if args.command == "unlink":
            client.unlink()
            print(t("cli", "This station is no longer linked to a county centre."))
            return 0
        try:
            name = client.link(args.url, args.code)
        except SyncError as e:
            print(t("cli", "Linking failed: {reason}").format(reason=e.message), file=sys.stderr)
            return 1
        print(t("cli", "Linked to {url} as {name}. Run village-pos sync to send everything now.").format(
            url=args.url, name=name))
        return 0
    finally:
        db.dispose()
