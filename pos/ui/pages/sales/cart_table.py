"""The cart as a table: item, unit price, quantity, discount, amount; short stock in red."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from pos.domain.by_weight import UNIT_SIGNS, quantity_text
from pos.domain.cart import Cart
from pos.domain.money import Money
from pos.ui.table_filling import filling


class CartTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Price"), self.tr("Qty"),
                                        self.tr("Discount"), self.tr("Amount")])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # the scan field keeps the keyboard; the table only shows and is clicked
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, 5):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setDefaultSectionSize(34)

    def show_cart(self, cart: Cart, select: int | None = None) -> None:
        with filling(self):
            self.setRowCount(len(cart.lines))
            for r, line in enumerate(cart.lines):
                name = line.description
                if line.short_of_stock:
                    name += self.tr("  (only {stock} in stock)").format(stock=line.stock)
                price, qty = Money(line.unit_price_fen).yuan_text(), str(line.quantity)
                if line.weighed and line.price_per_unit_fen is not None and line.weight_grams is not None:
                    price = f"{Money(line.price_per_unit_fen).yuan_text()}/{UNIT_SIGNS[line.weight_unit]}"
                    qty = quantity_text(line.weight_grams, line.weight_unit)
                cells = [name, price, qty,
                         Money(-line.discount_fen).yuan_text() if line.discount_fen else "",
                         Money(line.total_fen).yuan_text()]
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if c:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if line.short_of_stock:
                        item.setForeground(Qt.GlobalColor.darkRed)
                    self.setItem(r, c, item)
        if select is not None and 0 <= select < len(cart.lines):
            self.selectRow(select)
        elif cart.lines and self.currentRow() < 0:
            self.selectRow(len(cart.lines) - 1)

    def selected_index(self) -> int | None:
        r = self.currentRow()
        return r if 0 <= r < self.rowCount() else None
