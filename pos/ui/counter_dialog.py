"""The first start of a PC on a shared database: which counter is this? (keyboard only: type the
name, Enter; Esc stops the start without changing anything)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.domain.errors import DomainError
from pos.i18n import error_text


class CounterNameDialog(QDialog):
    """Asks the counter's name; ``register`` is tried on Enter and its refusal shown in place."""

    def __init__(self, default: str, register: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._register = register
        self.counter: object | None = None
        self.setWindowTitle(self.tr("Which counter is this?"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("This PC shares the station's database with other counters. Give it a name the "
                               "staff will recognise (for example 收银台2); receipts print here, and this "
                               "counter's cash drawer has its own shifts."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.name = QLineEdit(default)
        self.name.setMaxLength(40)
        self.name.selectAll()
        label = QLabel(self.tr("Counter &name:"))
        label.setBuddy(self.name)
        layout.addWidget(label)
        layout.addWidget(self.name)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name.setFocus()

    def submit(self) -> None:
        try:
            self.counter = self._register(self.name.text())
        except DomainError as err:
            self.error.setText(error_text(err))
            self.name.setFocus()
            self.name.selectAll()
            return
        self.accept()
