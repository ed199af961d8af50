"""`village-pos sync`: one sync round with the county centre, from the command line."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QCoreApplication

from pos.commands.link import _options


def add_parser(subs) -> None:
    p = subs.add_parser(
        "sync", help="sync once with the county centre and print what went up and came down",
        description="Send every unsent change to the county centre and receive manifests and settings. "
        "Exit status 0 when everything is sent, 1 when something is left or the county refused, 2 when "
        "the station is not linked.")
    _options(p)


t = QCoreApplication.translate


def run(args: argparse.Namespace) -> int:
    from pos.commands.common import CommandContext
    from pos.sync.client import SyncClient, SyncError

    ctx = CommandContext(args)
    db = ctx.open()
    try:
        try:
            report = SyncClient(db, ctx.paths.root).sync_once()
        except SyncError as e:
            print(t("cli", "Sync failed: {reason}").format(reason=e.message), file=sys.stderr)
            return 2 if e.code == "not_linked" else 1
        up = ", ".join(f"{kind} {n}" for kind, n in sorted(report.sent.items())) or "0"
        print(t("cli", "Up: {records} records in {batches} batches ({up}); {older} already held by the county.").format(
            records=report.records_sent, batches=report.batches, up=up, older=report.ignored_older))
        print(t("cli", "Down: {manifests} manifests with {lines} waybills; settings version {version}.").format(
            manifests=report.manifests, lines=report.manifest_lines,
            version=report.settings_version if report.settings_version is not None else "-"))
        if report.resent_after_restore:
            print(t("cli", "Restored database: {n} records the county lacked were sent again.").format(
                n=report.resent_after_restore))
        if abs(report.clock_skew_s) > 300:
            print(t("cli", "Warning: this computer's clock is {minutes} minutes off the county's.").format(
                minutes=round(report.clock_skew_s / 60)), file=sys.stderr)
        if report.pending:
            print(t("cli", "{n} changes are still to send.").format(n=report.pending), file=sys.stderr)
            return 1
        print(t("cli", "Everything is sent."))
        return 0
    finally:
        db.dispose()
