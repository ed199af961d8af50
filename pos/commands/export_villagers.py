"""`village-pos export villagers --out FILE.csv`: the register for Excel, full phones (owner's PC)."""

from __future__ import annotations

import argparse
import datetime as dt

from PySide6.QtCore import QCoreApplication

from pos.commands.common import CommandContext
from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.services.villagers.csv_io import export_villagers, station_owner


def local_day_start(text: str | None, *, next_day: bool = False) -> dt.datetime | None:
    """The start of a local day given as YYYY-MM-DD (or of the day after), as an aware time."""
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(tr_noop("errors", "'{text}' is not a date; write it as YYYY-MM-DD."),
                              text=text.strip()[:20]) from None
    if next_day:
        day += dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day).astimezone()


def run(ctx: CommandContext, args: argparse.Namespace) -> int:
    try:
        start = local_day_start(getattr(args, "date_from", None))
        end = local_day_start(getattr(args, "date_to", None), next_day=True)
        db = ctx.open()
        try:
            count = export_villagers(db, station_owner(db), args.out, created_from=start, created_to=end)
        finally:
            db.dispose()
    except DomainError as e:
        return ctx.fail(e)
    print(QCoreApplication.translate("cli", "Exported {count} villagers to {file}").format(count=count, file=args.out))
    return 0
