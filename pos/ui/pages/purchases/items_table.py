"""The goods of a new order, typed row by row: Tab walks the cells and leaves after the last one,
Insert adds a row."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from pos.domain import purchases as rules
from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.purchases import ItemInput
from pos.ui.pages.purchases.common import yuan

GOODS, SHOP, LINK, QTY, PRICE, AMOUNT = range(6)


class ItemsTable(QTableWidget):
    changed = Signal()
    tab_out = Signal()  # Tab from the last cell: on to the next field of the form

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setHorizontalHeaderLabels([self.tr("Goods"), self.tr("Shop"), self.tr("Link or item id"),
                                        self.tr("Qty"), self.tr("Unit price"), self.tr("Amount")])
        head = self.horizontalHeader()
        head.setSectionResizeMode(GOODS, QHeaderView.ResizeMode.Stretch)
        for col in (SHOP, LINK):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(col, 130)
        for col, w in ((QTY, 60), (PRICE, 100), (AMOUNT, 110)):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(col, w)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.setTabKeyNavigation(True)
        self.itemChanged.connect(self._changed)
        self.add_row()

    def add_row(self) -> int:
        row = self.rowCount()
        self.blockSignals(True)
        self.insertRow(row)
        for col in range(6):
            item = QTableWidgetItem("1" if col == QTY else "")
            if col in (QTY, PRICE, AMOUNT):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == AMOUNT:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable & ~Qt.ItemFlag.ItemIsSelectable)
            self.setItem(row, col, item)
        self.blockSignals(False)
        self.setCurrentCell(row, GOODS)
        return row

    def set_row(self, row: int, goods: str, qty: str, price: str, shop: str = "", link: str = "") -> None:
        """Fill a row (tests, and a repeat order)."""
        while self.rowCount() <= row:
            self.add_row()
        for col, text in ((GOODS, goods), (SHOP, shop), (LINK, link), (QTY, qty), (PRICE, price)):
            self.item(row, col).setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Insert:
            self.add_row()
            self.setFocus()
            return
        if event.key() == Qt.Key.Key_Delete and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if self.rowCount() > 1 and self.currentRow() >= 0:
                self.removeRow(self.currentRow())
                self.changed.emit()
            return
        # Tab from the last cell leaves the table (Insert adds a row): Qt would wrap to the first
        if event.key() == Qt.Key.Key_Tab and not event.modifiers() and self._at_last_cell():
            self.tab_out.emit()
            return
        super().keyPressEvent(event)

    def _at_last_cell(self) -> bool:
        return self.currentRow() == self.rowCount() - 1 and self.currentColumn() == PRICE

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802 - Qt's name
        # Tab while a cell is being typed in reaches the table here, not in keyPressEvent
        if hint == QAbstractItemDelegate.EndEditHint.EditNextItem and self._at_last_cell():
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.tab_out.emit()
            return
        super().closeEditor(editor, hint)

    def _text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text().strip() if item else ""

    def _changed(self, item: QTableWidgetItem) -> None:
        if item.column() == AMOUNT:
            return
        self._show_amount(item.row())
        self.changed.emit()

    def _show_amount(self, row: int) -> None:
        try:
            qty = rules.parse_quantity(self._text(row, QTY), row + 1)
            price = rules.parse_price(self._text(row, PRICE), 10**9, row + 1)
            text = yuan(rules.line_total(qty, price))
        except ValidationError:
            text = ""
        self.blockSignals(True)
        self.item(row, AMOUNT).setText(text)
        self.blockSignals(False)

    def rows_filled(self) -> list[int]:
        return [r for r in range(self.rowCount()) if any(self._text(r, c) for c in (GOODS, SHOP, LINK, PRICE))]

    def items(self, max_price_fen: int) -> list[ItemInput]:
        """The typed goods; raises ValidationError naming the first bad row."""
        out = []
        for n, r in enumerate(self.rows_filled(), start=1):
            out.append(rules.check_item(ItemInput(
                self._text(r, GOODS), rules.parse_quantity(self._text(r, QTY), n),
                rules.parse_price(self._text(r, PRICE), max_price_fen, n), self._text(r, SHOP),
                self._text(r, LINK)), max_price_fen, n))
        if not out:
            raise ValidationError(tr_noop("errors", "Add at least one item."), field="items")
        return out

    def items_total_fen(self) -> int | None:
        """Sum of the rows that are valid so far (None when a row is not)."""
        try:
            return sum(rules.line_total(i.quantity, i.unit_price_fen) for i in self.items(10**9))
        except ValidationError:
            return None
