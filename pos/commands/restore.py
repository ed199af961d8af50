"""`village-pos restore FILE`: put a backup in place of the station database (app closed)."""

from __future__ import annotations

import argparse

from PySide6.QtCore import QCoreApplication

from pos.domain.errors import DomainError
from pos.services.station import backups


def run(ctx, args: argparse.Namespace) -> int:
    t = QCoreApplication.translate
    try:
        result = backups.restore_backup(ctx.paths, ctx.url, args.file)
    except DomainError as e:
        return ctx.fail(e)
    print(t("cli", "Restored the station database from {file}.").format(file=result.restored_from))
    if result.kept is not None:
        print(t("cli", "The database it replaced was kept as {path}.").format(path=result.kept))
    return 0
