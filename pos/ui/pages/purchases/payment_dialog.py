"""Take what is due on an order at the counter: cash, mobile payment or on account."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.domain.errors import DomainError
from pos.domain.purchases import Tender
from pos.services.purchases import orders as purchases
from pos.services.clock import Clock
from pos.ui.context import AppContext
from pos.ui.fonts import big_font
from pos.ui.pages.purchases.common import yuan
from pos.ui.widgets.form_error import FormError


class PaymentDialog(QDialog):
    def __init__(self, ctx: AppContext, clock: Clock, order, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.clock, self.order = ctx, clock, order
        self.result_view = None
        self.setWindowTitle(self.tr("Take payment for {number}").format(number=order.number))
        due = QLabel(self.tr("Due: {amount}").format(amount=yuan(order.due_fen)))
        due.setFont(big_font(self.font(), 2.0))
        self.method = QComboBox()
        self.method.addItem(self.tr("Cash"), "cash")
        self.method.addItem(self.tr("Mobile payment"), "mobile")
        if order.villager_id is not None:
            self.method.addItem(self.tr("On account"), "account")
        self.reference = QLineEdit()
        self.reference.setMaxLength(100)
        self.reference.returnPressed.connect(self.submit)
        self.error = FormError()
        form = QFormLayout()
        form.addRow(self.tr("Paid by"), self.method)
        form.addRow(self.tr("Payment reference"), self.reference)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(due)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.method.setFocus()

    def submit(self) -> None:
        tender = Tender(self.method.currentData(), self.order.due_fen, self.reference.text())
        try:
            self.result_view = purchases.pay_balance(self.ctx.db, self.ctx.operator, self.clock, self.order.id, [tender])
        except DomainError as e:
            self.error.show_error(e)
            return
        self.accept()
