"""Settings: the audit log, for the owner."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.services import audit
from pos.ui.context import AppContext
from pos.ui.owner_approval import require_owner
from pos.ui.time_format import local_text


class AuditTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.note = QLabel(self.tr("The audit log lists logins, failed PINs and every sensitive action. "
                                   "Nobody can change or delete its entries."))
        self.note.setWordWrap(True)
        self.show_button = QPushButton(self.tr("Show the audit log (owner)"))
        self.show_button.clicked.connect(self.reveal)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Operator"), self.tr("Action"), self.tr("Details")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.hide()
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.show_button)
        lay.addWidget(self.table)

    def reveal(self) -> None:
        if require_owner(self.ctx, self, self.tr("see the audit log"), "audit.view") is None:
            return
        rows = audit.recent_entries(self.ctx.db)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for col, text in enumerate((local_text(r.at), r.operator, r.action, r.details)):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.show()

    def hide_entries(self) -> None:
        """Called when the operator changes, so the next person does not see the log."""
        self.table.setRowCount(0)
        self.table.hide()
