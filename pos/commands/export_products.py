"""`village-pos export products --out FILE.csv`: the catalogue, in the columns the import reads."""

from __future__ import annotations

import argparse

from PySide6.QtCore import QCoreApplication

from pos.commands.common import CommandContext
from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.services.sales.product_export import export_products


def run(ctx: CommandContext, args: argparse.Namespace) -> int:
    try:
        if getattr(args, "date_from", None) or getattr(args, "date_to", None):
            raise ValidationError(tr_noop("errors", "The product list has no dates: leave out --from and --to."),
                                  field="date_from")
        db = ctx.open()
        try:
            count = export_products(db, args.out)
        finally:
            db.dispose()
    except DomainError as e:
        return ctx.fail(e)
    print(QCoreApplication.translate("cli", "Wrote {count} products to {file}.").format(count=count, file=args.out))
    return 0
