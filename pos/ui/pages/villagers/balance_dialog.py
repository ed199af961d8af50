"""Money on account: a payment the villager makes, or the owner's correction with its reason."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.money import Money
from pos.domain.villager_fields import parse_balance
from pos.services.villagers.register import VillagerView
from pos.ui.fonts import big_font
from pos.ui.widgets.form_error import FormError

PAYMENT = "payment"
ADJUSTMENT = "adjustment"


def balance_text(fen: int) -> str:
    """What the villager owes, in words: the balance's sign is easy to misread."""
    t = QCoreApplication.translate
    if fen > 0:
        return t("villagers", "Owes {amount}").format(amount=Money(fen).format())
    if fen < 0:
        return t("villagers", "In credit {amount}").format(amount=Money(-fen).format())
    return t("villagers", "Owes nothing")


class BalanceDialog(QDialog):
    """``submit(amount_fen, method, text)`` stores the change; a DomainError keeps the dialog open."""

    def __init__(self, mode: str, villager: VillagerView, submit: Callable[[int, str, str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.villager = villager
        self.submit = submit
        self.setWindowTitle(self.tr("Payment received on account") if mode == PAYMENT
                            else self.tr("Adjust the balance (owner)"))
        now = QLabel(self.tr("{name}: {balance}").format(
            name=villager.name, balance=balance_text(villager.balance_fen)))
        now.setFont(big_font(self.font(), 1.4))
        self.amount = QLineEdit()
        self.amount.setFont(big_font(self.font(), 1.6))
        self.method = QComboBox()
        self.method.addItem(self.tr("Cash"), "cash")
        self.method.addItem(self.tr("Mobile payment (WeChat, Alipay)"), "mobile")
        self.text = QLineEdit()
        self.after = QLabel()
        self.after.setFont(big_font(self.font(), 1.4))
        form = QFormLayout()
        if mode == PAYMENT:
            self.amount.setPlaceholderText(self.tr("amount paid, for example 50"))
            form.addRow(self.tr("Amount paid"), self.amount)
            form.addRow(self.tr("Paid by"), self.method)
            form.addRow(self.tr("Note"), self.text)
        else:
            self.method.hide()
            self.amount.setPlaceholderText(self.tr("+20 owes more, -20 owes less"))
            self.text.setPlaceholderText(self.tr("required, for example: old account book"))
            form.addRow(self.tr("Change in balance"), self.amount)
            form.addRow(self.tr("Reason *"), self.text)
        form.addRow(self.tr("Afterwards"), self.after)
        self.error = FormError()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(now)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.amount.textChanged.connect(self._preview)
        self._preview()
        self.amount.setFocus()

    def _change(self) -> int:
        fen = parse_balance(self.amount.text(), field="amount")
        return -fen if self.mode == PAYMENT else fen

    def _preview(self) -> None:
        try:
            change = self._change() if self.amount.text().strip() else 0
        except DomainError:
            self.after.setText("")
            return
        self.after.setText(balance_text(self.villager.balance_fen + change))

    def _try(self) -> None:
        try:
            change = self._change()
            amount = -change if self.mode == PAYMENT else change
            self.submit(amount, self.method.currentData(), self.text.text())
        except DomainError as e:
            self.error.show_error(e)
            (self.text if getattr(e, "field", None) == "reason" else self.amount).setFocus()
            return
        self.accept()
