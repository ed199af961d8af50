"""`village-pos report daily|monthly`: write the daily report or the monthly statement as PDF.

    village-pos report daily [--date YYYY-MM-DD] --out FILE.pdf
    village-pos report monthly --month YYYY-MM --out FILE.pdf
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.services.reports import queries as reports
from pos.services.clock import Clock, system_clock
from pos.services.reports.data import local_date, parse_day, parse_month

t = QCoreApplication.translate


def run(ctx, args: argparse.Namespace, clock: Clock = system_clock) -> int:
    """``ctx`` is a pos.commands.common.CommandContext. 0 on success, 2 with a message on stderr."""
    try:
        period_args = _period(args, clock)
        out = _out_path(args.out)
        db = ctx.open()
        try:
            if args.kind == "daily":
                data = reports.daily_report(db, period_args, clock, ctx.wiring.rules)
            else:
                data = reports.monthly_report(db, *period_args, clock, ctx.wiring.rules)
        finally:
            db.dispose()
        from pos.reports.render import write_pdf  # reportlab only when a PDF is asked for

        write_pdf(data, out)
    except DomainError as e:
        return ctx.fail(e)
    except OSError as e:
        return ctx.fail(ValidationError(tr_noop("errors", "Cannot write {file}: {problem}"), field="out",
                                        file=str(args.out), problem=e.strerror or str(e)))
    print(t("reports", "{title} for {period} written to {file}").format(
        title=t("reports", "Daily station report") if args.kind == "daily" else t("reports", "Monthly statement"),
        period=data.period.label, file=str(out)))
    return 0


def _period(args: argparse.Namespace, clock: Clock):
    if args.kind == "daily":
        if args.month:
            raise ValidationError(tr_noop("errors", "The daily report takes --date, not --month."), field="month")
        return parse_day(args.date) if args.date else local_date(clock())
    if args.date:
        raise ValidationError(tr_noop("errors", "The monthly statement takes --month, not --date."), field="date")
    if not args.month:
        raise ValidationError(tr_noop("errors", "Say which month: --month YYYY-MM, for example --month 2026-11."),
                              field="month")
    return parse_month(args.month)


def _out_path(out: Path) -> Path:
    out = Path(out)
    if out.is_dir():
        raise ValidationError(tr_noop("errors", "{file} is a folder; give the PDF file's name."), field="out",
                              file=str(out))
    if not out.parent.is_dir():
        raise ValidationError(tr_noop("errors", "The folder {folder} does not exist."), field="out",
                              folder=str(out.parent))
    return out
