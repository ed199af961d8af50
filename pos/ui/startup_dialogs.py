"""Questions and messages shown before the main window exists."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

# Qt platforms without a screen: a modal box there waits for a click that never comes
HEADLESS_PLATFORMS = {"offscreen", "minimal"}


def tell(title: str, text: str) -> None:
    """Why the app cannot start: a message box, and the same text on stderr for scripted starts
    and installers. Without a screen (offscreen) only stderr, so the exit code comes at once."""
    if sys.stderr is not None:  # None under pythonw / a windowed build
        try:
            print(f"{title}: {text}", file=sys.stderr, flush=True)
        except (OSError, UnicodeError, ValueError):
            pass
    if QGuiApplication.platformName() in HEADLESS_PLATFORMS:
        return
    QMessageBox.critical(None, title, text)


def _headless(title: str, text: str) -> bool:
    """Without a screen nobody can answer: say so on stderr and take the answer that changes
    nothing (the partner decides at the next start with a screen)."""
    if QGuiApplication.platformName() not in HEADLESS_PLATFORMS:
        return False
    tell(title, text)
    return True


def ask_restore_corrupt(message: str, backup: Path | None) -> bool:
    t = QCoreApplication.translate
    if backup is None:
        tell(
            t("startup", "Database damaged"),
            message + "\n\n" + t("startup", "No backup was found. Nothing has been changed; please ask for help "
                                 "and keep the data folder as it is."),
        )
        return False
    if _headless(t("startup", "Database damaged"), message):
        return False
    answer = QMessageBox.question(
        None,
        t("startup", "Database damaged"),
        message + "\n\n" + t("startup", "Restore the newest good backup ({name})? The damaged file is kept "
                             "in the backups folder.").format(name=backup.name),
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_restore_missing(database: Path, backup: Path) -> bool | None:
    """True: restore the backup; False: start a new, empty station; None: stop (no screen to ask
    on, so nothing is decided for the partner)."""
    t = QCoreApplication.translate
    question = t("startup", "The station database {path} is missing, but there are backups. Restore the newest "
                 "backup ({name})?\n\nChoose No only to start a new, empty station.").format(
        path=str(database), name=backup.name
    )
    if _headless(t("startup", "Database missing"), question):
        return None
    answer = QMessageBox.question(None, t("startup", "Database missing"), question)
    return answer == QMessageBox.StandardButton.Yes
