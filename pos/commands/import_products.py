"""`village-pos import products FILE.csv [--skip-bad-rows]`."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QCoreApplication

from pos.commands.common import CommandContext
from pos.domain.errors import DomainError
from pos.i18n import error_text
from pos.services.sales.product_csv import import_products


def run(ctx: CommandContext, args: argparse.Namespace) -> int:
    t = QCoreApplication.translate
    try:
        db = ctx.open()
        try:
            report = import_products(db, None, args.file, skip_bad_rows=getattr(args, "skip_bad_rows", False))
        finally:
            db.dispose()
    except OSError as e:
        print(t("cli", "Cannot read {file}: {reason}").format(file=args.file, reason=e.strerror or e), file=sys.stderr)
        return 2
    except DomainError as e:
        return ctx.fail(e)
    for bad in report.rejected:
        print(t("cli", "line {line}: {reason}").format(line=bad.line, reason=error_text(bad.error)), file=sys.stderr)
    if not report.imported:
        print(t("cli", "{bad} of {rows} rows rejected; nothing was imported (--skip-bad-rows imports the good rows).")
              .format(bad=len(report.rejected), rows=report.rows), file=sys.stderr)
        return 1
    print(t("cli", "{added} products added, {updated} updated, {bad} rows skipped.")
          .format(added=report.added, updated=report.updated, bad=len(report.rejected)))
    return 0
