"""`village-pos export parcels --out FILE.csv [--from YYYY-MM-DD] [--to YYYY-MM-DD]`."""

from __future__ import annotations

import argparse

from PySide6.QtCore import QCoreApplication

from pos.commands.common import CommandContext
from pos.domain.errors import DomainError
from pos.services.parcel_export import export_parcels, parse_day


def run(ctx: CommandContext, args: argparse.Namespace) -> int:
    try:
        first = parse_day(getattr(args, "date_from", None), "date_from")
        last = parse_day(getattr(args, "date_to", None), "date_to")
        db = ctx.open()
        try:
            count = export_parcels(db, args.out, first, last)
        finally:
            db.dispose()
    except DomainError as e:
        return ctx.fail(e)
    except OSError as e:
        return ctx.cannot_write(args.out, e)
    print(QCoreApplication.translate("cli", "Wrote {count} parcels to {file}.").format(count=count, file=args.out))
    return 0
