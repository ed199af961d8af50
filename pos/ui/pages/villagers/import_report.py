"""What a CSV import would do: every rejected line with its reason, then import the rest or not."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import error_text
from pos.services.villagers.csv_io import ImportResult


class ImportReportDialog(QDialog):
    """Accepted means: import the good rows and skip the bad ones."""

    def __init__(self, result: ImportResult, file_name: str, chinese: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rows that cannot be imported"))
        self.resize(760, 420)
        bad = len({r.line for r in result.rejected})
        summary = QLabel(self.tr("{file}: {bad} of {rows} rows cannot be imported. Nothing has been imported yet.")
                         .format(file=file_name, bad=bad, rows=result.rows))
        summary.setWordWrap(True)
        self.table = QTableWidget(len(result.rejected), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Column"), self.tr("Problem")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        for i, r in enumerate(result.rejected):
            column = r.column_zh if chinese else r.column
            for col, text in enumerate((str(r.line), column, error_text(r.error))):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox()
        self.skip_button = None
        if result.good:
            self.skip_button = buttons.addButton(
                self.tr("Import the {good} good rows, skip the bad ones").format(good=result.good),
                QDialogButtonBox.ButtonRole.AcceptRole)
            self.skip_button.setDefault(True)
        self.cancel_button = buttons.addButton(self.tr("Import nothing (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        if not result.good:
            self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("Correct the lines in the file and import it again, or import only the good rows."))
        hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(summary)
        lay.addWidget(self.table)
        lay.addWidget(hint)
        lay.addWidget(buttons)
