"""What every subcommand needs: the data folder, the database, translated messages."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QCoreApplication

from pos.db.engine import sqlite_url
from pos.db.opening import open_database
from pos.db.unit_of_work import Database
from pos.i18n import Translations, error_text
from pos.logs import setup_logging
from pos.paths import DataPaths, default_data_dir


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
        self.url = getattr(args, "db", None) or sqlite_url(self.paths.database)

    def open(self) -> Database:
        return open_database(self.url, self.paths.backups)

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("cli", text)

    def cannot_write(self, path, err: OSError) -> int:
        print(QCoreApplication.translate("cli", "Cannot write {file}: {problem}").format(
            file=path, problem=err.strerror or err), file=sys.stderr)
        return 2

    def fail(self, err: BaseException) -> int:
        print(error_text(err), file=sys.stderr)
        return 2
