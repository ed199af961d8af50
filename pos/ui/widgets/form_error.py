"""A red line under a form that says what is wrong, in place of a pop-up the partner must close."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from pos.i18n import error_text


class FormError(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("formError")
        self.setStyleSheet("color: #b00020; font-weight: bold;")
        self.hide()

    def show_error(self, err: BaseException | str) -> None:
        self.setText(err if isinstance(err, str) else error_text(err))
        self.show()

    def clear_error(self) -> None:
        self.clear()
        self.hide()
