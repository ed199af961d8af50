"""`village-pos export parcels --out FILE.csv [--from YYYY-MM-DD] [--to YYYY-MM-DD]`."""

from __future__ import annotations

import argparse

from PySide6.QtCore import QCoreApplication

from pos.commands.common import CommandContext
from pos.services.parcels.export import export_parcels


def run(ctx: CommandContext, args: argparse.Namespace) -> int:
    return ctx.dated_export(args, export_parcels, QCoreApplication.translate("cli", "Wrote {count} parcels to {file}."))
