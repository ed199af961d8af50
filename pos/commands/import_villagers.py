"""`village-pos import villagers FILE.csv [--skip-bad-rows]`: every bad row is reported."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QCoreApplication

from pos.commands.common import CommandContext
from pos.domain.errors import DomainError
from pos.i18n import error_text
from pos.services.villagers.csv_io import ImportResult, import_villagers, read_file, station_owner

REFUSED = 1  # bad rows, nothing imported (2, from ctx.fail, means the file or database failed)


def rejected_lines(result: ImportResult) -> list[str]:
    t = QCoreApplication.translate
    out = []
    for r in result.rejected:
        if r.column:
            out.append(t("cli", "Line {line}, column {column_en}: {reason}").format(
                line=r.line, column_en=r.column, column_zh=r.column_zh, reason=error_text(r.error)))
        else:
            out.append(t("cli", "Line {line}: {reason}").format(line=r.line, reason=error_text(r.error)))
    return out


def run(ctx: CommandContext, args: argparse.Namespace) -> int:
    t = QCoreApplication.translate
    try:
        data = read_file(args.file)
        db = ctx.open()
        try:
            result = import_villagers(db, station_owner(db), data, skip_bad_rows=args.skip_bad_rows,
                                      source=str(args.file))
        finally:
            db.dispose()
    except DomainError as e:
        return ctx.fail(e)
    for line in rejected_lines(result):
        print(line, file=sys.stderr)
    if result.rejected and not args.skip_bad_rows:
        print(t("cli", "Nothing was imported: {bad} of {rows} rows are bad. Correct them, or run again with "
                "--skip-bad-rows to import the {good} good rows.").format(
                    bad=len({r.line for r in result.rejected}), rows=result.rows, good=result.good),
              file=sys.stderr)
        return REFUSED
    print(t("cli", "Imported {count} villagers; {skipped} bad rows skipped.").format(
        count=result.imported, skipped=len({r.line for r in result.rejected})))
    return 0
