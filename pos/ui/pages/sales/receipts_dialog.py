"""Past receipts: reprint any of them, or start a refund of a sale."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from pos.domain.money import Money
from pos.services.sales import checkout as sales
from pos.ui.context import AppContext
from pos.ui.time_format import local_text

RECENT_DAYS = 31


class ReceiptsDialog(QDialog):
    """exec() returns Accepted with ``action`` "reprint" or "refund" and ``number`` set."""

    def __init__(self, ctx: AppContext, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.action = ""
        self.number = ""
        self.setWindowTitle(self.tr("Receipts"))
        self.resize(760, 520)
        self.filter = QLineEdit(text)
        self.filter.setPlaceholderText(self.tr("receipt number (scan or type part of it)"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Receipt"), self.tr("Time"), self.tr("Amount"),
                                              self.tr("Operator"), self.tr("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 170)
        self.table.setColumnWidth(1, 150)
        reprint = QPushButton(self.tr("Reprint (Enter)"))
        refund = QPushButton(self.tr("Refund (Alt+R)"))
        close = QPushButton(self.tr("Close (Esc)"))
        for b in (reprint, refund, close):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        reprint.clicked.connect(lambda: self.choose("reprint"))
        refund.clicked.connect(lambda: self.choose("refund"))
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence("Alt+R"), self, lambda: self.choose("refund"))
        row = QHBoxLayout()
        row.addWidget(reprint)
        row.addWidget(refund)
        row.addStretch(1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.filter)
        lay.addWidget(self.table)
        lay.addLayout(row)
        self.filter.textChanged.connect(self.load)
        self.table.doubleClicked.connect(lambda: self.choose("reprint"))
        self.load()
        self.filter.setFocus()

    def handle_scan(self, code: str) -> None:
        """A receipt's barcode or QR code finds that receipt."""
        self.filter.setText(code)

    def load(self) -> None:
        since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=RECENT_DAYS)
        text = self.filter.text()
        self.items = sales.recent_receipts(self.ctx.db, None if text.strip() else since, 300, text)
        states = {"completed": self.tr("sold"), "partly_refunded": self.tr("partly refunded"),
                  "refunded": self.tr("refunded"), "refund": self.tr("refund")}
        self.table.setRowCount(len(self.items))
        for r, i in enumerate(self.items):
            cells = [i.number, local_text(i.at, "%Y-%m-%d %H:%M"), Money(i.total_fen).format(), i.operator,
                     states.get(i.status, i.status)]
            for c, value in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(value))
        if self.items:
            self.table.selectRow(0)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.choose("reprint")
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            r = self.table.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= r < self.table.rowCount():
                self.table.selectRow(r)
            return
        super().keyPressEvent(event)

    def choose(self, action: str) -> None:
        r = self.table.currentRow()
        if not 0 <= r < len(self.items):
            return
        item = self.items[r]
        if action == "refund" and item.kind != "sale":
            return
        self.action, self.number = action, item.number
        self.accept()
