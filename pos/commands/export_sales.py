"""`village-pos export sales --out FILE.csv [--from YYYY-MM-DD] [--to YYYY-MM-DD]`."""

from __future__ import annotations

import argparse
import datetime as dt

from PySide6.QtCore import QCoreApplication

from pos.commands.common import CommandContext
from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.services.sales_export import export_sales


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(tr_noop("errors", "'{text}' is not a date (YYYY-MM-DD)."), text=text[:20]) from None


def run(ctx: CommandContext, args: argparse.Namespace) -> int:
    try:
        first, last = _day(getattr(args, "date_from", None)), _day(getattr(args, "date_to", None))
        db = ctx.open()
        try:
            n = export_sales(db, args.out, first, last)
        finally:
            db.dispose()
    except DomainError as e:
        return ctx.fail(e)
    print(QCoreApplication.translate("cli", "{n} sales written to {file}").format(n=n, file=args.out))
    return 0
