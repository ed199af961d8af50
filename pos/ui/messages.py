"""Telling the partner what went wrong, in their language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from pos.i18n import error_text


def show_error(parent: QWidget | None, err: BaseException, title: str | None = None) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title or QCoreApplication.translate("messages", "Cannot do that"),
        error_text(err),
        parent=parent,
    )
    box.exec()
