"""The catalogue: find, add, change products and adjust stock; ticked "low stock only" it is the
low-stock list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.by_weight import price_text
from pos.services.sales import products
from pos.services.sales.products import OwnerApprovalNeeded, ProductView
from pos.ui.context import AppContext
from pos.ui.messages import show_error
from pos.ui.pages.sales.approvals import ask_owner
from pos.ui.pages.sales.product_dialog import ProductDialog


class ProductsDialog(QDialog):
    def __init__(self, ctx: AppContext, low_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Products"))
        self.resize(900, 560)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("name, pinyin initials or barcode"))
        self.low_only = QCheckBox(self.tr("&Low stock only"))
        self.low_only.setChecked(low_only)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("Product name"), self.tr("Barcode"), self.tr("Price"),
                                              self.tr("Stock"), self.tr("Warn at"), self.tr("Category")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, self.table.fontMetrics().horizontalAdvance("6923456518001") + 16)  # EAN-13
        self.summary = QLabel()
        new = QPushButton(self.tr("New product (Alt+N)"))
        edit = QPushButton(self.tr("Change (Enter)"))
        adjust = QPushButton(self.tr("Adjust stock (Alt+S)"))
        close = QPushButton(self.tr("Close (Esc)"))
        for b in (new, edit, adjust, close):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        new.clicked.connect(self.new_product)
        edit.clicked.connect(self.edit_selected)
        adjust.clicked.connect(self.adjust_selected)
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence("Alt+N"), self, self.new_product)
        QShortcut(QKeySequence("Alt+S"), self, self.adjust_selected)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.low_only)
        row = QHBoxLayout()
        for b in (new, edit, adjust):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table)
        lay.addWidget(self.summary)
        lay.addLayout(row)
        self.filter.textChanged.connect(self.load)
        self.low_only.toggled.connect(self.load)
        self.table.doubleClicked.connect(self.edit_selected)
        self.load()
        self.filter.setFocus()

    def handle_scan(self, code: str) -> None:
        """A scan looks the product up here (never an item for the cart behind)."""
        self.filter.setText(code)

    def load(self) -> None:
        if self.low_only.isChecked():
            rows = products.low_stock(self.ctx.db)
            text = self.filter.text().strip().lower()
            if text:
                rows = [p for p in rows if text in p.name.lower() or text in p.name_initials or p.barcode.startswith(text)]
        else:
            rows = products.search(self.ctx.db, self.filter.text(), limit=1000)
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, p in enumerate(rows):
            stock = self.tr("service") if p.is_service else str(p.stock)
            cells = [p.name, p.barcode, price_text(p.price_fen, p.unit), stock,
                     "" if p.is_service else str(p.low_stock), p.category]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (2, 3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if p.is_low:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        if rows:
            self.table.selectRow(0)
        self.summary.setText(self.tr("{n} products").format(n=len(rows)))

    def selected(self) -> ProductView | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit_selected()
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.filter.hasFocus():
            r = self.table.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= r < self.table.rowCount():
                self.table.selectRow(r)
            return
        super().keyPressEvent(event)

    def new_product(self) -> None:
        dlg = ProductDialog(self.ctx, parent=self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.load()

    def edit_selected(self) -> None:
        p = self.selected()
        if p is None:
            return
        dlg = ProductDialog(self.ctx, p, parent=self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.load()

    def adjust_selected(self) -> None:
        p = self.selected()
        if p is None or p.is_service:
            return
        delta, ok = QInputDialog.getInt(
            self, self.tr("Adjust stock"),
            self.tr("{name}: {stock} in stock. Add (delivery) or take away (negative):").format(name=p.name, stock=p.stock),
            0, -products.MAX_STOCK, products.MAX_STOCK)
        if not ok or delta == 0:
            return
        self.adjust(p, delta)

    def adjust(self, p: ProductView, delta: int, reason: str = "") -> None:
        try:
            try:
                products.adjust_stock(self.ctx.db, self.ctx.operator, p.id, delta, reason)
            except OwnerApprovalNeeded as e:
                owner = ask_owner(self.ctx, self, e)
                if owner is None:
                    return
                products.adjust_stock(self.ctx.db, self.ctx.operator, p.id, delta, reason, approved_by=owner)
        except DomainError as e:
            show_error(self, e)
        self.load()
