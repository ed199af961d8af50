"""What every subcommand needs: the data folder, the database, translated messages."""

from __future__ import annotations

import argparse
import sys
from functools import cached_property
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication

from pos.db.engine import sqlite_url
from pos.db.opening import open_database
from pos.db.unit_of_work import Database
from pos.domain.errors import DomainError
from pos.i18n import Translations, error_text
from pos.logs import setup_logging
from pos.paths import DataPaths, default_data_dir
from pos.server.saved_url import read_url
from pos.services.csv_export import parse_day

if TYPE_CHECKING:
    from pos.wiring import StationWiring


class CommandContext:
    def __init__(self, args: argparse.Namespace) -> None:
        self.paths = DataPaths(getattr(args, "data_dir", None) or default_data_dir())
        self.app = QCoreApplication.instance() or QCoreApplication(["village-pos"])
        self.translations = Translations(self.app)
        self.translations.use(getattr(args, "lang", None) or "zh_CN")
        try:
            self.paths.ensure()
        except OSError as e:
            print(QCoreApplication.translate("startup", "The data folder {path} cannot be written: {reason}").format(
                path=str(self.paths.root), reason=e.strerror or e), file=sys.stderr)
            raise SystemExit(1) from None
        setup_logging(self.paths.log_file)
        # a paired counter (or a station moved to a server) never falls back to its own file
        self.url = getattr(args, "db", None) or read_url(self.paths.root) or sqlite_url(self.paths.database)

    def open(self) -> Database:
        return open_database(self.url, self.paths.backups)

    @cached_property
    def wiring(self) -> StationWiring:
        """The carrier rules and due sources, as pos.app wires them (read on first use: most
        commands need neither). RuleFileError when the rule file is broken."""
        from pos.wiring import wire_station

        return wire_station()

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("cli", text)

    def cannot_write(self, path, err: OSError) -> int:
        print(QCoreApplication.translate("cli", "Cannot write {file}: {problem}").format(
            file=path, problem=err.strerror or err), file=sys.stderr)
        return 2

    def dated_export(self, args: argparse.Namespace, export: Callable[..., int], done: str) -> int:
        """``village-pos export KIND --out FILE [--from D] [--to D]``: run
        ``export(db, out, first_day, last_day) -> rows`` and say how it went; ``done`` is the
        translated message with {count} and {file}."""
        try:
            first = parse_day(getattr(args, "date_from", None), "date_from")
            last = parse_day(getattr(args, "date_to", None), "date_to")
            db = self.open()
            try:
                count = export(db, args.out, first, last)
            finally:
                db.dispose()
        except DomainError as e:
            return self.fail(e)
        except OSError as e:
            return self.cannot_write(args.out, e)
        print(done.format(count=count, file=args.out))
        return 0

    def fail(self, err: BaseException) -> int:
        print(error_text(err), file=sys.stderr)
        return 2
