"""What the pickup and parcel-admin screens share: carrier names in the current language,
printing a document when a printer is wired, the station name, loud and quiet status lines."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget, QTableWidgetItem, QWidget

from pos.domain.money import Money
from pos.domain.receipt import Document
from pos.i18n import error_text
from pos.services.station import setup as station
from pos.services.pickup.settings import carrier_names
from pos.ui.context import AppContext
from pos.ui.fonts import big_font
from pos.ui.table_filling import filling

OK_STYLE = "color: #1b5e20; background: #e8f5e9; padding: 6px;"
BAD_STYLE = "color: white; background: #b00020; padding: 10px; font-weight: bold;"
INFO_STYLE = "color: #333; padding: 6px;"


class Carriers:
    """Carrier code -> display name, loaded once per screen."""

    def __init__(self, ctx: AppContext) -> None:
        self.zh = getattr(ctx.translations, "language", "zh_CN") == "zh_CN"
        self.names = carrier_names(ctx.wiring.rules)

    def name(self, code: str) -> str:
        pair = self.names.get(code)
        if pair is None:
            return code
        return pair[0] if self.zh else pair[1]

    def print_names(self) -> dict[str, str]:
        return {c: (zh if self.zh else en) for c, (zh, en) in self.names.items()}


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def station_name(ctx: AppContext) -> str:
    view = station.get_station(ctx.db)
    return view.name if view else ""


def print_document(ctx: AppContext, doc: Document, kind: str, reference: str) -> bool:
    """Queue the document when a printer is wired; False when there is none (tests, no devices)."""
    if ctx.devices is None:
        return False
    ctx.devices.print_document(doc, kind, reference)
    return True


def money(fen: int) -> str:
    return Money(fen).format()


class StatusLine(QLabel):
    """One line that says what just happened: green when fine, a loud red band when refused."""

    def __init__(self, parent: QWidget | None = None, factor: float = 1.3) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setFont(big_font(self.font(), factor))
        self.refused = False

    def ok(self, text: str) -> None:
        self.refused = False
        self.setStyleSheet(OK_STYLE)
        self.setText(text)

    def info(self, text: str) -> None:
        self.refused = False
        self.setStyleSheet(INFO_STYLE)
        self.setText(text)

    def refuse(self, err: BaseException | str) -> None:
        self.refused = True
        self.setStyleSheet(BAD_STYLE)
        self.setText(err if isinstance(err, str) else error_text(err))
        QApplication.beep()


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    with filling(table):
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                table.setItem(r, c, item)
    table.resizeColumnsToContents()


def setup_table(table: QTableWidget, headers: list[str]) -> None:
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
