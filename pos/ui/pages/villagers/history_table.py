"""A villager's history as a table: date, kind, what happened, amount."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from pos.domain.money import Money
from pos.services.villagers.history import HistoryEntry
from pos.ui.table_filling import filling
from pos.ui.time_format import local_text


def amount_text(e: HistoryEntry) -> str:
    if e.amount_fen is None:
        return ""
    # account entries are changes of the balance: the sign says which way
    if e.kind == "account" and e.amount_fen > 0:
        return "+" + Money(e.amount_fen).format()
    return Money(e.amount_fen).format()


class HistoryTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Kind"), self.tr("What happened"), self.tr("Amount")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.entries: list[HistoryEntry] = []

    def show_entries(self, entries: list[HistoryEntry]) -> None:
        self.entries = entries
        t = QCoreApplication.translate
        with filling(self):
            self.setRowCount(len(entries))
            for row, e in enumerate(entries):
                texts = (local_text(e.at, "%Y-%m-%d %H:%M"), t("villager_history", e.kind_label), e.text(t),
                         amount_text(e))
                for col, text in enumerate(texts):
                    item = QTableWidgetItem(text)
                    if col == 2:
                        item.setToolTip(text)  # a long note is cut off in the column
                    if col == 3:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.setItem(row, col, item)

    def row_texts(self, row: int) -> list[str]:
        return [self.item(row, c).text() for c in range(self.columnCount())]
