"""Choosing what to refund from a sale: every line, or some units of some lines."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QLineEdit, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from pos.domain.cart import refund_amount
from pos.domain.money import Money
from pos.services.sales.checkout import SaleView
from pos.ui.fonts import big_font
from pos.ui.time_format import local_text


class RefundDialog(QDialog):
    def __init__(self, sale: SaleView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sale = sale
        self.setWindowTitle(self.tr("Refund {number}").format(number=sale.number))
        head = QLabel(self.tr("Receipt {number} of {time}, total {total}{customer}").format(
            number=sale.number, time=local_text(sale.completed_at, "%Y-%m-%d %H:%M"), total=Money(sale.total_fen),
            customer=(self.tr(", villager {name}").format(name=sale.villager_name) if sale.villager_name else "")))
        head.setWordWrap(True)
        self.table = QTableWidget(len(sale.lines), 4)
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Sold"), self.tr("Refunded before"),
                                              self.tr("Refund now")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 280)
        for c in (1, 2):  # as wide as their headers ("Refunded before")
            self.table.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.spins: list[QSpinBox] = []
        for r, line in enumerate(sale.lines):
            for c, text in enumerate([line.description, str(line.quantity), str(line.refunded_quantity)]):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
            spin = QSpinBox()
            spin.setRange(0, line.refundable_quantity)
            spin.setValue(line.refundable_quantity)
            spin.valueChanged.connect(self._update)
            self.spins.append(spin)
            self.table.setCellWidget(r, 3, spin)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("reason (for the refund receipt and the log)"))
        self.amount = QLabel()
        self.amount.setFont(big_font(self.font(), 1.8))
        hint = QLabel(self.tr("Alt+A: everything   Alt+0: nothing   Enter: refund (owner's PIN)   Esc: cancel"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Refund"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Alt+A"), self, lambda: self.set_all(True))
        QShortcut(QKeySequence("Alt+0"), self, lambda: self.set_all(False))
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.table)
        lay.addWidget(self.reason)
        lay.addWidget(self.amount)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        self.resize(720, 420)
        self._update()
        self.reason.setFocus()

    def set_all(self, everything: bool) -> None:
        for spin, line in zip(self.spins, self.sale.lines):
            spin.setValue(line.refundable_quantity if everything else 0)

    def quantities(self) -> dict[uuid.UUID, int]:
        return {line.id: spin.value() for spin, line in zip(self.spins, self.sale.lines) if spin.value()}

    def amount_fen(self) -> int:
        q = self.quantities()
        return sum(refund_amount(line.net_fen, line.quantity, line.refunded_quantity, q[line.id])
                   for line in self.sale.lines if line.id in q)

    def _update(self) -> None:
        self.amount.setText(self.tr("Refund: {amount}").format(amount=Money(self.amount_fen())))

    def _accept(self) -> None:
        if self.quantities():
            self.accept()
