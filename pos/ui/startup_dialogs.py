"""Questions and messages shown before the main window exists."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox


def tell(title: str, text: str) -> None:
    QMessageBox.critical(None, title, text)


def ask_restore_corrupt(message: str, backup: Path | None) -> bool:
    t = QCoreApplication.translate
    if backup is None:
        tell(
            t("startup", "Database damaged"),
            message + "\n\n" + t("startup", "No backup was found. Nothing has been changed; please ask for help "
                                 "and keep the data folder as it is."),
        )
        return False
    answer = QMessageBox.question(
        None,
        t("startup", "Database damaged"),
        message + "\n\n" + t("startup", "Restore the newest good backup ({name})? The damaged file is kept "
                             "in the backups folder.").format(name=backup.name),
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_restore_missing(database: Path, backup: Path) -> bool:
    t = QCoreApplication.translate
    answer = QMessageBox.question(
        None,
        t("startup", "Database missing"),
        t("startup", "The station database {path} is missing, but there are backups. Restore the newest "
          "backup ({name})?\n\nChoose No only to start a new, empty station.").format(
            path=str(database), name=backup.name
        ),
    )
    return answer == QMessageBox.StandardButton.Yes
