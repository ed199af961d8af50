"""`village-pos backup [--to DIR]`: a consistent copy of the station database, app running or not."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from pos.db.engine import make_engine, sqlite_path
from pos.db.unit_of_work import Database
from pos.domain.errors import DomainError
from pos.i18n import error_text
from pos.services.station import backups


def _saved_second_folder(url: str, database: Path | None) -> str:
    """The second folder set in Settings; read without migrating (a backup changes nothing)."""
    if database is None or not database.exists():
        return ""
    db = Database(make_engine(url))
    try:
        return backups.read_second_folder(db)
    except Exception:  # an unreadable or very old database: the backup itself will say what is wrong
        return ""
    finally:
        db.dispose()


def run(ctx, args: argparse.Namespace) -> int:
    t = QCoreApplication.translate
    to: Path | None = getattr(args, "to", None)
    try:
        second = str(to) if to else _saved_second_folder(ctx.url, sqlite_path(ctx.url))
        result = backups.take_backup(ctx.paths, ctx.url, backups.MANUAL, second, create_second=to is not None)
    except DomainError as e:
        return ctx.fail(e)
    print(t("cli", "Backup written: {path}").format(path=result.path))
    if result.copy is not None:
        print(t("cli", "Copy written: {path}").format(path=result.copy))
    if result.second_problem is not None:
        print(error_text(result.second_problem), file=sys.stderr)
        return 1 if to is not None else 0
    return 0
