"""Reports → Income (收入): what the partner earned this month so far and each month before, by
source, with what the county owes; a chart over twelve months; the month's statement as PDF or
CSV. Figures come from the records priced with the rates of each day (Settings → Income rates).

Keys (the Reports page routes them here while this tab is shown): Alt+I opens the tab with the
months list focused; Up/Down pick a month; Alt+Left / Alt+Right step the month; Ctrl+S saves the
statement PDF, Ctrl+E its CSV.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDateEdit, QFileDialog, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.income import SOURCES, Statement, month_bounds
from pos.domain.money import Money
from pos.reports.axis import yuan_axis
from pos.reports.pdf_process import PdfProcess
from pos.services.clock import Clock, system_clock
from pos.services.income import statements
from pos.services.income.statements import IncomeOverview
from pos.ui.backup_job import BackgroundJob
from pos.ui.context import AppContext
from pos.ui.pages.reports.chart_widget import ChartWidget
from pos.ui.pages.reports.dashboard import Tile
from pos.services.local_days import local_day
from pos.ui.pages.reports.income_labels import line_text
from pos.ui.pages.reports.file_worker import FileWorker
from pos.ui.table_filling import filling
from pos.ui.widgets.form_error import FormError


def money(fen: int) -> str:
    return Money(int(fen)).format()


class IncomeView(QWidget):
    MONTH, TOTAL, COUNTY = 0, 5, 6

    def __init__(self, ctx: AppContext, clock: Clock = system_clock, parent: QWidget | None = None, *,
                 pdfs: PdfProcess | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.pdfs = pdfs if pdfs is not None else PdfProcess()  # the Reports page's, shared
        self.overview: IncomeOverview | None = None
        self.statement: Statement | None = None
        self.worker: FileWorker | None = None
        self.loader: BackgroundJob | None = None
        self._read_again = False
        self._keep_month = True

        self.month_edit = QDateEdit()
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.month_edit.setMinimumDate(QDate(2000, 1, 1))
        today = self.today()  # this month while the months are read, not the earliest one
        self.month_edit.setDate(QDate(today.year, today.month, 1))
        self.month_edit.dateChanged.connect(lambda _d: self.show_month())
        month_label = QLabel(self.tr("Statement for &month:"))
        month_label.setBuddy(self.month_edit)
        self.pdf_button = QPushButton(self.tr("Save statement PDF… (Ctrl+S)"))
        self.pdf_button.clicked.connect(self.save_pdf)
        self.csv_button = QPushButton(self.tr("Save statement CSV… (Ctrl+E)"))
        self.csv_button.clicked.connect(self.save_csv)
        bar = QHBoxLayout()
        bar.addWidget(month_label)
        bar.addWidget(self.month_edit)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.csv_button)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = FormError()
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold;")
        self.tiles = {"total": Tile(self.tr("Income")), "county": Tile(self.tr("The county owes")),
                      "margin": Tile(self.tr("Counter sales margin (kept at the till)"))}
        tiles = QGridLayout()
        for i, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, 0, i)

        self.months = QTableWidget(0, 7)
        # short two-line headers: seven columns share a 1024 px screen
        self.short = dict(zip(SOURCES, (self.tr("Purchase\ncommission"), self.tr("Parcel\nfees"),
                                        self.tr("Service\ncommission"), self.tr("Sales\nmargin"))))
        self.months.setHorizontalHeaderLabels([self.tr("Month"), *self.short.values(), self.tr("Total"),
                                               self.tr("The county\nowes")])
        self.lines = QTableWidget(0, 4)
        self.lines.setHorizontalHeaderLabels([self.tr("Source"), self.tr("Earned for"), self.tr("Number"),
                                              self.tr("Income")])
        for table in (self.months, self.lines):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.verticalHeader().hide()
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.lines.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.months.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.months.currentCellChanged.connect(self._month_row_changed)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        detail = QVBoxLayout()
        detail.addWidget(self.heading)
        detail.addWidget(self.lines, 1)
        detail.addWidget(self.empty, 1)
        self.chart = ChartWidget()
        below = QHBoxLayout()
        below.addLayout(detail, 1)
        below.addWidget(self.chart, 1)

        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.note)
        lay.addWidget(self.error)
        lay.addWidget(self.status)
        lay.addLayout(tiles)
        lay.addWidget(self.months, 3)
        lay.addLayout(below, 2)

    # data ----------------------------------------------------------------------------------------
    def today(self) -> dt.date:
        return local_day(self.clock())

    def month(self) -> tuple[int, int]:
        d = self.month_edit.date().toPython()
        return d.year, d.month

    def key_names(self) -> dict[str, str]:
        rules = self.ctx.wiring.rules
        zh = self.language() == "zh_CN"
        return {code: (c.name_zh if zh else c.name_en) for code, c in rules.carriers.items()}

    def language(self) -> str:
        tr = self.ctx.translations
        return getattr(tr, "language", "zh_CN") or "zh_CN"

    @property
    def loading(self) -> bool:
        """The twelve months are being read (on the thread pool)."""
        return self.loader is not None

    def refresh(self, keep_month: bool = True) -> None:
        """Read the twelve months again (a rate or the records changed) and show them when read.

        Off the GUI thread: at five years the twelve months are some 750 small queries, one to
        three seconds, and the window must not freeze meanwhile. A refresh asked for while one
        runs is made once that one is in."""
        self.error.clear_error()
        self._keep_month = self._keep_month and keep_month
        if self.loader is not None:
            self._read_again = True
            return
        db, sources, clock = self.ctx.db, self.ctx.wiring.income_sources, self.clock
        self.loader = BackgroundJob(lambda: statements.overview(db, sources, clock), self)
        self.loader.finished.connect(self._months_read)
        self.loader.failed.connect(self._months_failed)
        self.status.setText(self.tr("Reading the months…"))
        self.loader.start()

    def _months_read(self, overview: IncomeOverview) -> None:
        keep_month = self._loaded()
        self.overview = overview
        self._show_months(keep_month)

    def _months_failed(self, error: BaseException) -> None:
        self._loaded()
        if isinstance(error, DomainError):
            self.error.show_error(error)
        else:  # a bug: BackgroundJob logged it with its traceback
            self.error.show_error(self.tr("The income could not be read ({error}). The log has the details.")
                                  .format(error=type(error).__name__))

    def _loaded(self) -> bool:
        """The read is in: forget it, start the one asked for meanwhile; whether to keep the month."""
        keep_month, self._keep_month = self._keep_month, True
        if self.loader is not None:
            self.loader.deleteLater()
            self.loader = None
        if self.status.text() == self.tr("Reading the months…"):
            self.status.clear()
        if self._read_again:
            self._read_again = False
            self.refresh(keep_month)
        return keep_month

    def _show_months(self, keep_month: bool) -> None:
        ov = self.overview
        if ov is None:
            return
        if ov.rates.set_by_county:
            self.note.setText(self.tr("Rates set by the county centre."))
        elif not ov.rates.rates:
            self.note.setText(self.tr("No income rates yet: commissions and parcel fees count as zero until the "
                                      "owner adds rates in Settings → Income rates."))
        else:
            self.note.setText(self.tr("Rates: Settings → Income rates."))
        newest_first = list(reversed(ov.months))
        self.months.blockSignals(True)
        self.months.setRowCount(len(newest_first))
        for row, st in enumerate(newest_first):
            by = st.by_source()
            month = f"{st.year:04d}-{st.month:02d}"
            if (st.year, st.month) == (ov.today.year, ov.today.month):
                month = self.tr("{month} (so far)").format(month=month)
            cells = [month, *[money(by[s]) for s in SOURCES], money(st.total_fen), money(st.county_owes_fen)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(Qt.ItemDataRole.UserRole, (st.year, st.month))
                self.months.setItem(row, col, item)
        self.months.blockSignals(False)
        self.chart.set_data(self.tr("Income per month (yuan)"), [dt.date(s.year, s.month, 1) for s in ov.months],
                            [s.total_fen for s in ov.months], bar_name=self.tr("Income"),
                            line=[s.county_owes_fen for s in ov.months], line_name=self.tr("The county owes"),
                            axis=yuan_axis, value_text=lambda fen: f"¥{fen // 100}" if fen % 100 == 0 and fen >= 0 else money(fen),
                            labels=[f"{s.month}月" if self.language() == "zh_CN" else dt.date(s.year, s.month, 1).strftime("%b")
                                    for s in ov.months])
        if not keep_month or self.month_edit.date() == QDate(2000, 1, 1):
            self.month_edit.blockSignals(True)
            self.month_edit.setDate(QDate(ov.today.year, ov.today.month, 1))
            self.month_edit.blockSignals(False)
        self.show_month()

    def show_month(self) -> None:
        """The chosen month's statement: from the twelve months read, or read for it alone."""
        if self.overview is None:
            return
        self.error.clear_error()
        year, month = self.month()
        st = next((s for s in self.overview.months if (s.year, s.month) == (year, month)), None)
        if st is None:
            st = statements.month_statement(self.ctx.db, self.ctx.wiring.income_sources, year, month,
                                            self.overview.rates)
        self.statement = st
        self._select_row(year, month)
        today = self.overview.today
        first, nxt = month_bounds(year, month)
        label = f"{year:04d}-{month:02d}"
        if first > today:
            self.heading.setText(self.tr("{month}: this month has not begun").format(month=label))
        elif nxt > today:
            self.heading.setText(self.tr("{month}, so far").format(month=label))
        else:
            self.heading.setText(label)
        self.tiles["total"].set_value(money(st.total_fen))
        self.tiles["county"].set_value(money(st.county_owes_fen))
        self.tiles["margin"].set_value(money(st.total_fen - st.county_owes_fen))
        names = self.key_names()
        with filling(self.lines):
            self.lines.setRowCount(len(st.lines))
            for row, ln in enumerate(st.lines):
                for col, text in enumerate((self.short.get(ln.source, ln.source), line_text(ln, names), f"{ln.count:,}",
                                            money(ln.income_fen))):
                    item = QTableWidgetItem(text)
                    if col >= 2:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.lines.setItem(row, col, item)
        self.lines.resizeRowsToContents()
        self.lines.setVisible(bool(st.lines))
        self.empty.setVisible(not st.lines)
        if first > today:
            self.empty.setText(self.tr("{month} has not begun: nothing is recorded for it yet, and its statement "
                                       "is empty.").format(month=label))
        else:
            self.empty.setText(self.tr("Nothing earned is recorded in {month}: no parcels, collected purchases, "
                                       "service payments or counter sales with a cost price.").format(month=label))

    def _select_row(self, year: int, month: int) -> None:
        self.months.blockSignals(True)
        self.months.clearSelection()
        for row in range(self.months.rowCount()):
            if self.months.item(row, 0).data(Qt.ItemDataRole.UserRole) == (year, month):
                self.months.setCurrentCell(row, 0)
                break
        self.months.blockSignals(False)

    def _month_row_changed(self, row: int, _col: int, _prev_row: int, _prev_col: int) -> None:
        item = self.months.item(row, 0) if row >= 0 else None
        if item is None:
            return
        year, month = item.data(Qt.ItemDataRole.UserRole)
        self.month_edit.setDate(QDate(year, month, 1))

    def step(self, delta: int) -> None:
        self.month_edit.setDate(self.month_edit.date().addMonths(delta))

    def focus_months(self) -> None:
        self.months.setFocus()

    # files ---------------------------------------------------------------------------------------
    def station_name(self) -> str:
        return self.overview.station_name if self.overview is not None else ""

    def default_path(self, suffix: str) -> Path:
        folder = self.ctx.paths.root / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        year, month = self.month()
        return folder / f"{self.tr('Income statement')}-{year:04d}-{month:02d}.{suffix}"

    def choose_path(self, suggested: Path, suffix: str) -> Path | None:
        """Ask where to save (tests replace this method: a modal dialog would wait forever)."""
        title = self.tr("Save the income statement")
        kinds = self.tr("PDF files (*.pdf)") if suffix == "pdf" else self.tr("CSV files (*.csv)")
        path, _ = QFileDialog.getSaveFileName(self, title, str(suggested), kinds)
        if not path:
            return None
        return Path(path) if path.lower().endswith("." + suffix) else Path(f"{path}.{suffix}")

    def save_pdf(self) -> None:
        self._save("pdf", self.pdfs.write_income)

    def save_csv(self) -> None:
        from pos.reports.csv_income_statement import write_income_statement_csv

        self._save("csv", write_income_statement_csv)

    def _save(self, suffix: str, writer) -> None:
        if self.worker is not None:
            return
        if self.statement is None or (self.statement.year, self.statement.month) != self.month():
            self.show_month()
        st = self.statement
        if st is None:
            return
        path = self.choose_path(self.default_path(suffix), suffix)
        if path is None:
            return
        station, language, names = self.station_name(), self.language(), self.key_names()
        self.worker = FileWorker(lambda p: writer(st, p, station_name=station, language=language, key_names=names),
                                 path, self)
        self.worker.saved.connect(lambda p: self.status.setText(self.tr("Statement saved: {file}").format(file=p)))
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self._finished)
        for b in (self.pdf_button, self.csv_button):
            b.setEnabled(False)
        self.status.setText(self.tr("Saving the statement…"))
        self.worker.start()

    def _failed(self, message: str) -> None:
        self.status.clear()
        self.error.show_error(message)

    def _finished(self) -> None:
        for b in (self.pdf_button, self.csv_button):
            b.setEnabled(True)
        if self.worker is not None:
            self.worker.deleteLater()
            self.worker = None
        if not self.isVisible():  # the partner left the Reports page while the PDF was being made
            self.pdfs.stop()
