"""Dialog for a new assistant or a new PIN."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from pos.ui.widgets.form_error import FormError
from pos.ui.widgets.pin_edit import PinEdit


class UserDialog(QDialog):
    """Asks for a name (unless ``name`` is given) and a PIN twice; the caller stores them."""

    def __init__(self, title: str, name: str | None = None, parent: QWidget | None = None, *,
                 owner: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name = QLineEdit(name or "")
        self.name.setReadOnly(name is not None)
        self.pin = PinEdit()
        self.pin_again = PinEdit()
        # the owner's PIN opens everything: 6 digits are a million guesses instead of ten thousand
        self.pin.setPlaceholderText(self.tr("6 digits suggested (4 to 8)") if owner else self.tr("4 to 8 digits"))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("PIN"), self.pin)
        form.addRow(self.tr("PIN again"), self.pin_again)
        self.error = FormError()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        (self.pin if name is not None else self.name).setFocus()
        self.on_submit = None  # callable(name, pin) that raises DomainError to keep the dialog open

    def _check(self) -> None:
        if self.pin.text() != self.pin_again.text():
            self.error.show_error(self.tr("The two PINs are not the same."))
            self.pin_again.clear()
            self.pin_again.setFocus()
            return
        if self.on_submit is not None:
            from pos.domain.errors import DomainError

            try:
                self.on_submit(self.name.text(), self.pin.text())
            except DomainError as e:
                self.error.show_error(e)
                return
        self.accept()
