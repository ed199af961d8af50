"""`village-pos export purchases --out FILE.csv [--from YYYY-MM-DD] [--to YYYY-MM-DD]`."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QCoreApplication

from pos.commands.common import CommandContext
from pos.domain.errors import DomainError
from pos.services.clock import system_clock
from pos.services.purchase_export import export_purchases, parse_day


def run(ctx: CommandContext, args: argparse.Namespace) -> int:
    try:
        first = parse_day(getattr(args, "date_from", None), "date_from")
        last = parse_day(getattr(args, "date_to", None), "date_to")
        db = ctx.open()
        try:
            count = export_purchases(db, args.out, system_clock(), first, last)
        finally:
            db.dispose()
    except DomainError as e:
        return ctx.fail(e)
    except OSError as e:
        print(QCoreApplication.translate("cli", "Cannot write {file}: {problem}").format(
            file=args.out, problem=e.strerror or e), file=sys.stderr)
        return 2
    print(QCoreApplication.translate("cli", "Wrote {count} assisted purchases to {file}.").format(
        count=count, file=args.out))
    return 0
