"""Cancel an order, or refund part of it item by item: the owner approves, a reason is required."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.domain.errors import DomainError, ValidationError
from pos.domain.purchases import RefundRequest
from pos.services.purchases import refunds as purchase_refunds
from pos.services.clock import Clock
from pos.ui.context import AppContext
from pos.ui.owner_approval import require_owner
from pos.ui.pages.purchases.common import MoneyEdit, yuan
from pos.ui.widgets.form_error import FormError


class RefundDialog(QDialog):
    """``cancel`` True: the whole order is cancelled and everything not yet refunded comes back."""

    def __init__(self, ctx: AppContext, clock: Clock, order, cancel: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.clock, self.order, self.cancel = ctx, clock, order, cancel
        self.refund = None
        self.setWindowTitle(self.tr("Cancel order {number}").format(number=order.number) if cancel
                            else self.tr("Refund items of {number}").format(number=order.number))
        self.table = QTableWidget(len(order.items), 4)
        self.table.setHorizontalHeaderLabels([self.tr("Goods"), self.tr("Can refund"), self.tr("Returned qty"),
                                              self.tr("Refund (yuan)")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.qty: list[QSpinBox] = []
        self.amounts: list[MoneyEdit] = []
        for r, item in enumerate(order.items):
            self.table.setItem(r, 0, QTableWidgetItem(f"{item.description} ×{item.quantity}"))
            self.table.setItem(r, 1, QTableWidgetItem(yuan(item.refundable_fen)))
            spin = QSpinBox()
            spin.setRange(0, item.quantity - item.refunded_quantity)
            amount = MoneyEdit()
            if cancel:
                spin.setValue(spin.maximum())
                amount.set_fen(item.refundable_fen)
            spin.setEnabled(not cancel)
            amount.setReadOnly(cancel)
            spin.valueChanged.connect(lambda q, item=item, amount=amount: amount.set_fen(
                min(item.refundable_fen, q * item.unit_price_fen)))
            amount.textChanged.connect(self._update_total)
            self.table.setCellWidget(r, 2, spin)
            self.table.setCellWidget(r, 3, amount)
            self.qty.append(spin)
            self.amounts.append(amount)
        self.fee = MoneyEdit()
        if cancel:
            self.fee.set_fen(order.fee_refundable_fen)
            self.fee.setReadOnly(True)
        self.fee.textChanged.connect(self._update_total)
        self.reason = QLineEdit()
        self.reason.setMaxLength(300)
        self.reason.setPlaceholderText(self.tr("For example: out of stock, wrong size, broken in transit"))
        self.method = QComboBox()
        self.method.addItem(self.tr("Cash"), "cash")
        self.method.addItem(self.tr("Mobile payment"), "mobile")
        self.reference = QLineEdit()
        self.reference.setMaxLength(100)
        self.total = QLabel()
        self.error = FormError()
        form = QFormLayout()
        form.addRow(self.tr("Service fee to refund (yuan, at most {max})").format(max=yuan(order.fee_refundable_fen)),
                    self.fee)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Money back by"), self.method)
        form.addRow(self.tr("Payment reference"), self.reference)
        note = QLabel(self.tr("The refund first lowers what is still due, then the villager's account; "
                              "only the rest is paid back."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Cancel the order") if cancel else self.tr("Refund"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Back"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(self.total)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(720, 480)
        self._update_total()
        (self.reason if cancel else self.table).setFocus()

    def _fen(self, edit: MoneyEdit) -> int:
        return edit.fen() if edit.text().strip() else 0

    def _update_total(self) -> None:
        try:
            total = sum(self._fen(a) for a in self.amounts) + self._fen(self.fee)
            self.total.setText(self.tr("Refund total: {amount}").format(amount=yuan(total)))
        except ValidationError:
            self.total.setText(self.tr("Refund total: —"))

    def requests(self) -> tuple[list[RefundRequest], int]:
        lines = []
        for item, spin, amount in zip(self.order.items, self.qty, self.amounts, strict=True):
            fen = self._fen(amount)
            if fen or spin.value():
                lines.append(RefundRequest(item.id, spin.value(), fen))
        return lines, self._fen(self.fee)

    def submit(self) -> None:
        self.error.clear_error()
        try:
            lines, fee = self.requests()
        except DomainError as e:
            self.error.show_error(e)
            return
        if not self.reason.text().strip():
            self.error.show_error(self.tr("Give the reason first."))
            self.reason.setFocus()
            return
        action = self.tr("cancel order {number}") if self.cancel else self.tr("refund order {number}")
        approver = require_owner(self.ctx, self, action.format(number=self.order.number),
                                 "purchase.cancel" if self.cancel else "purchase.refund")
        if approver is None:
            return
        try:
            if self.cancel:
                self.refund = purchase_refunds.cancel_order(
                    self.ctx.db, self.ctx.operator, approver, self.clock, self.order.id, self.reason.text(),
                    self.method.currentData(), self.reference.text())
            else:
                self.refund = purchase_refunds.refund_items(
                    self.ctx.db, self.ctx.operator, approver, self.clock, self.order.id, lines, fee,
                    self.reason.text(), self.method.currentData(), self.reference.text())
        except DomainError as e:
            self.error.show_error(e)
            return
        self.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() is not self.reason:
            self.focusNextChild()
            return
        super().keyPressEvent(event)
