"""`village-pos export purchases --out FILE.csv [--from YYYY-MM-DD] [--to YYYY-MM-DD]`."""

from __future__ import annotations

import argparse

from PySide6.QtCore import QCoreApplication

from pos.commands.common import CommandContext
from pos.services.clock import system_clock
from pos.services.purchases.export import export_purchases


def run(ctx: CommandContext, args: argparse.Namespace) -> int:
    def export(db, out, first, last):
        return export_purchases(db, out, system_clock(), first, last)

    return ctx.dated_export(args, export, QCoreApplication.translate("cli", "Wrote {count} assisted purchases to {file}."))
