"""The daily sheet per carrier (print, export CSV) and the stocktake scan."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidget, QVBoxLayout,
    QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.pickup_documents import reconciliation_sheet
from pos.services.parcels import reconciliation
from pos.services.clock import Clock
from pos.services.pickup.settings import local_date
from pos.services.parcels.reconciliation import DailySheet, StocktakeResult, StocktakeView
from pos.ui.context import AppContext
from pos.ui.pages.parcels_admin.labels import status_text
from pos.ui.pages.parcel_widgets.common import (
    Carriers, StatusLine, fill_table, print_document, setup_table, station_name, translate,
)


class ReconciliationTab(QWidget):
    def __init__(self, ctx: AppContext, clock: Clock, carriers: Carriers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.clock, self.carriers = ctx, clock, carriers
        self.sheet: DailySheet | None = None
        self.stocktake: StocktakeView | None = None
        self.result: StocktakeResult | None = None
        today = local_date(clock())
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.table = QTableWidget()
        setup_table(self.table, [self.tr("Carrier"), self.tr("Received"), self.tr("Handed over"), self.tr("Returned"),
                                 self.tr("In stock at day's end")])
        self.print_button = QPushButton(self.tr("Print the sheet (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_sheet)
        self.export_button = QPushButton(self.tr("Export CSV (Ctrl+E)"))
        self.export_button.clicked.connect(self.export_csv)
        self.start_button = QPushButton(self.tr("Start stocktake (Ctrl+T)"))
        self.start_button.clicked.connect(self.start_stocktake)
        self.finish_button = QPushButton(self.tr("Finish stocktake (Ctrl+F)"))
        self.finish_button.clicked.connect(self.finish_stocktake)
        self.stock_label = QLabel()
        self.waybill = QLineEdit()
        self.waybill.setPlaceholderText(self.tr("Scan every parcel on the shelves (or type its waybill)"))
        self.waybill.returnPressed.connect(self._typed)
        self.missing = QTableWidget()
        setup_table(self.missing, [self.tr("Expected, not seen"), self.tr("Pickup code"), self.tr("Carrier"),
                                   self.tr("Recipient")])
        self.unexpected = QTableWidget()
        setup_table(self.unexpected, [self.tr("Seen, not expected"), self.tr("Carrier"), self.tr("Status")])
        self.status = StatusLine(factor=1.1)
        form = QFormLayout()
        form.addRow(self.tr("Day"), self.day)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        lay.addLayout(row)
        row2 = QHBoxLayout()
        row2.addWidget(self.start_button)
        row2.addWidget(self.finish_button)
        row2.addWidget(self.stock_label, 1)
        lay.addLayout(row2)
        lay.addWidget(self.waybill)
        results = QHBoxLayout()
        results.addWidget(self.missing)
        results.addWidget(self.unexpected)
        lay.addLayout(results, 1)
        lay.addWidget(self.status)
        for keys, slot in (("Ctrl+P", self.print_sheet), ("Ctrl+E", self.export_csv),
                           ("Ctrl+T", self.start_stocktake), ("Ctrl+F", self.finish_stocktake)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    def activated(self) -> None:
        self.refresh()
        self.stocktake = reconciliation.current_stocktake(self.ctx.db)
        self._show_stocktake()
        (self.waybill if self.stocktake else self.day).setFocus()

    def refresh(self) -> None:
        d = self.day.date()
        import datetime as dt

        self.sheet = reconciliation.daily_sheet(self.ctx.db, self.clock, dt.date(d.year(), d.month(), d.day()))
        rows = [[self.carriers.name(x.carrier), str(x.received), str(x.handed_over), str(x.returned), str(x.in_stock)]
                for x in self.sheet.lines]
        t = self.sheet.total
        rows.append([self.tr("All carriers"), str(t.received), str(t.handed_over), str(t.returned), str(t.in_stock)])
        fill_table(self.table, rows)

    def print_sheet(self) -> None:
        if self.sheet is None:
            self.refresh()
        doc = reconciliation_sheet(self.sheet, station_name(self.ctx), self.carriers.print_names(), translate)
        if print_document(self.ctx, doc, "reconciliation", self.sheet.day.isoformat()):
            self.status.ok(self.tr("The sheet is printing."))
        else:
            self.status.refuse(self.tr("No printer is set up (Settings, Devices)."))

    def ask_path(self) -> str:
        """Tests replace this; a person picks where the CSV goes."""
        name = f"reconciliation-{self.sheet.day.isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export CSV"), str(Path.home() / name), "CSV (*.csv)")
        return path

    def export_csv(self) -> None:
        if self.sheet is None:
            self.refresh()
        path = self.ask_path()
        if not path:
            return
        try:
            reconciliation.write_csv(Path(path), [self.sheet], self.carriers.print_names())
        except OSError as e:
            self.status.refuse(self.tr("Could not write {path}: {problem}").format(path=path, problem=e.strerror or e))
            return
        self.status.ok(self.tr("Saved {path}.").format(path=path))

    # stocktake -------------------------------------------------------------------------------
    def start_stocktake(self) -> None:
        self.stocktake = reconciliation.start_stocktake(self.ctx.db, self.ctx.operator, self.clock)
        self.result = None
        self._show_stocktake()
        self.waybill.setFocus()
        self.status.info(self.tr("Scan every parcel on the shelves, then finish with Ctrl+F."))

    def _typed(self) -> None:
        text = self.waybill.text().strip()
        self.waybill.clear()
        if text:
            self.handle_scan(text)

    def handle_scan(self, code: str) -> None:
        if self.stocktake is None:
            self.status.refuse(self.tr("Start a stocktake first (Ctrl+T)."))
            return
        try:
            res = reconciliation.stocktake_scan(self.ctx.db, self.clock, self.stocktake.id, code)
        except DomainError as e:
            self.status.refuse(e)
            return
        self.stocktake = StocktakeView(self.stocktake.id, self.stocktake.started_at, self.stocktake.operator,
                                       res.seen, None)
        if res.outcome == "expected":
            self.status.ok(self.tr("{code} OK ({n} seen).").format(code=res.line.pickup_code or res.line.waybill,
                                                                   n=res.seen))
        elif res.outcome == "repeat":
            self.status.info(self.tr("{waybill} was already counted.").format(waybill=res.line.waybill))
        else:
            self.status.refuse(self.tr("{waybill} should not be on the shelves ({status}). Put it aside.").format(
                waybill=res.line.waybill,
                status=status_text(res.line.status) if res.line.status else self.tr("never checked in")))
        self._show_stocktake()

    def finish_stocktake(self) -> None:
        if self.stocktake is None:
            self.status.refuse(self.tr("Start a stocktake first (Ctrl+T)."))
            return
        try:
            self.result = reconciliation.finish_stocktake(self.ctx.db, self.ctx.operator, self.clock,
                                                          self.stocktake.id)
        except DomainError as e:
            self.status.refuse(e)
            return
        self.stocktake = None
        r = self.result
        fill_table(self.missing, [[x.waybill, x.pickup_code or "-", self.carriers.name(x.carrier), x.recipient_name]
                                  for x in r.missing])
        fill_table(self.unexpected, [[x.waybill, self.carriers.name(x.carrier) if x.carrier else "",
                                      status_text(x.status) if x.status else self.tr("never checked in")]
                                     for x in r.unexpected])
        self._show_stocktake()
        self.status.ok(self.tr("Stocktake finished: {expected} expected, {seen} seen, {missing} missing, "
                               "{unexpected} unexpected.").format(expected=r.expected, seen=r.seen,
                                                                  missing=len(r.missing),
                                                                  unexpected=len(r.unexpected)))

    def _show_stocktake(self) -> None:
        if self.stocktake is None:
            self.stock_label.setText(self.tr("No stocktake running."))
        else:
            self.stock_label.setText(self.tr("Stocktake running: {n} parcel(s) seen.").format(n=self.stocktake.seen))
