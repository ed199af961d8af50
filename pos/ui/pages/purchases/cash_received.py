"""The cash step of an order paid in cash now: what the villager hands over, and the change,
before the order is placed (as the sales page does for a counter sale)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.domain.errors import DomainError
from pos.domain.money import Money
from pos.ui.fonts import big_font
from pos.ui.widgets.form_error import FormError


class CashReceivedDialog(QDialog):
    def __init__(self, total_fen: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.total_fen = total_fen
        self.received_fen = total_fen
        self.setWindowTitle(self.tr("Cash received"))
        due = QLabel(self.tr("To pay: {amount}").format(amount=Money(total_fen)))
        due.setFont(big_font(self.font(), 2.0))
        self.cash = QLineEdit(Money(total_fen).yuan_text())
        self.cash.selectAll()
        self.cash.textChanged.connect(self._show_change)
        self.change = QLabel()
        self.change.setFont(big_font(self.font(), 1.8))
        self.error = FormError()
        form = QFormLayout()
        form.addRow(self.tr("Cash &received (yuan)"), self.cash)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Place the order (Enter)"))
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(due)
        lay.addLayout(form)
        lay.addWidget(self.change)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.cash.returnPressed.connect(self.confirm)
        self._show_change()

    def _received(self) -> int:
        return Money.parse(self.cash.text()).fen

    def _show_change(self) -> None:
        try:
            got = self._received()
        except DomainError:
            self.change.setText("")
            return
        if got < self.total_fen:
            self.change.setText(self.tr("Still to pay: {amount}").format(amount=Money(self.total_fen - got)))
        else:
            self.change.setText(self.tr("Change: {amount}").format(amount=Money(got - self.total_fen)))

    def confirm(self) -> None:
        try:
            got = self._received()
        except DomainError as e:
            self.error.show_error(e)
            return
        if got < self.total_fen:
            self.error.show_error(self.tr("{short} is still to be paid.").format(short=Money(self.total_fen - got)))
            return
        self.received_fen = got
        self.accept()

    @property
    def change_fen(self) -> int:
        return self.received_fen - self.total_fen

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.cash.setFocus(Qt.FocusReason.OtherFocusReason)
        self.cash.selectAll()
