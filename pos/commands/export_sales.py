"""`village-pos export sales --out FILE.csv [--from YYYY-MM-DD] [--to YYYY-MM-DD]`."""

from __future__ import annotations

import argparse

from PySide6.QtCore import QCoreApplication

from pos.commands.common import CommandContext
from pos.services.sales.export import export_sales


def run(ctx: CommandContext, args: argparse.Namespace) -> int:
    return ctx.dated_export(args, export_sales, QCoreApplication.translate("cli", "Wrote {count} sales to {file}."))
