"""Reports (F7): pick a day or a month; see the dashboard and the tables; save the PDF or print
the summary on the receipt printer. All from the keyboard:

- Alt+D daily report, Alt+M monthly statement; the date or month field has the focus (arrow
  keys change it, Alt+Left / Alt+Right step a day or month back and forward);
- Ctrl+Tab switches between the dashboard and the tables (PageUp/PageDown scroll them);
- Ctrl+S saves the PDF (a file dialog, then generation in the background), Ctrl+P prints the
  summary;
- Alt+I opens the Income tab (pos/ui/pages/reports/income_view.py): there Alt+Left / Alt+Right
  step its month, Ctrl+S saves the month's income statement PDF and Ctrl+E its CSV.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup, QDateEdit, QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QRadioButton,
    QTabWidget, QVBoxLayout, QWidget,
)

from pos.domain.errors import DomainError
from pos.reports.pdf_process import PdfProcess
from pos.services.reports import queries as reports
from pos.services.clock import Clock, system_clock
from pos.services.reports.data import DAY, Period, ReportData, local_date
from pos.ui.context import AppContext
from pos.ui.pages.reports.dashboard import Dashboard
from pos.ui.pages.reports.income_view import IncomeView
from pos.ui.pages.reports.file_worker import FileWorker
from pos.ui.pages.reports.summary_view import SummaryView
from pos.ui.widgets.form_error import FormError


class ReportsPage(QWidget):
    def __init__(self, ctx: AppContext, clock: Clock = system_clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.data: ReportData | None = None
        self.worker: FileWorker | None = None
        self.pdfs = PdfProcess()  # started at the first PDF, ended when the partner leaves the page
        self._started = False

        self.daily_radio = QRadioButton(self.tr("Daily report (Alt+D)"))
        self.monthly_radio = QRadioButton(self.tr("Monthly statement (Alt+M)"))
        self.daily_radio.setChecked(True)
        self.kind_group = QButtonGroup(self)
        for b in (self.daily_radio, self.monthly_radio):
            self.kind_group.addButton(b)
            b.toggled.connect(self._kind_changed)
        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.month_edit = QDateEdit()
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.month_edit.hide()
        for edit in (self.date_edit, self.month_edit):
            edit.setMinimumDate(QDate(2000, 1, 1))
            edit.dateChanged.connect(self._schedule_refresh)
        self.date_label = QLabel(self.tr("Day:"))
        self.date_label.setBuddy(self.date_edit)
        self.save_button = QPushButton(self.tr("Save PDF… (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(self.tr("Print summary (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_summary)
        self.print_button.setVisible(ctx.devices is not None)  # no printer wired: no button that cannot work
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # "working", without a percentage reportlab cannot give
        self.busy.setMaximumWidth(140)
        self.busy.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = FormError()

        # the two kinds one above the other: in a row with the day and the actions they were wider
        # than a 1024 px screen
        kinds = QVBoxLayout()
        kinds.setSpacing(2)
        kinds.addWidget(self.daily_radio)
        kinds.addWidget(self.monthly_radio)
        bar = QHBoxLayout()
        bar.addLayout(kinds)
        for w in (self.date_label, self.date_edit, self.month_edit):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.busy, self.save_button, self.print_button):
            bar.addWidget(w)
        self.dashboard = Dashboard()
        self.summary = SummaryView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.dashboard, self.tr("Dashboard"))
        self.tabs.addTab(self.summary, self.tr("Tables"))
        self.income = IncomeView(ctx, clock, pdfs=self.pdfs)
        self.tabs.addTab(self.income, self.tr("Income (Alt+I)"))
        self.tabs.currentChanged.connect(self._tab_changed)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.error)
        lay.addWidget(self.status)
        lay.addWidget(self.tabs, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(250)  # arrow keys held down: compute once they stop
        self._refresh_timer.timeout.connect(self.refresh)
        for keys, slot in ((QKeySequence.StandardKey.Save, self.save_pdf), ("Ctrl+P", self.print_summary),
                           ("Alt+Left", lambda: self.step(-1)), ("Alt+Right", lambda: self.step(1)),
                           ("Ctrl+Tab", self._next_tab), ("Alt+D", self.daily_radio.click),
                           ("Alt+M", self.monthly_radio.click), ("Alt+I", self.show_income),
                           ("Ctrl+E", self._save_csv)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    # state ---------------------------------------------------------------------------------------
    def today(self) -> dt.date:
        return local_date(self.clock())

    def period(self) -> Period:
        if self.monthly_radio.isChecked():
            d = self.month_edit.date().toPython()
            return Period.month(d.year, d.month)
        return Period.day(self.date_edit.date().toPython())

    def picker(self) -> QDateEdit:
        return self.month_edit if self.monthly_radio.isChecked() else self.date_edit

    def help_keys(self) -> list[tuple[str, str]]:
        return [
            ("Alt+D / Alt+M", self.tr("Daily or monthly report")),
            ("Alt+Left / Alt+Right", self.tr("Previous or next day (or month)")),
            ("Ctrl+Tab", self.tr("Next tab: summary or charts")),
            ("Ctrl+S", self.tr("Save the report as PDF")),
            ("Ctrl+P", self.tr("Print the summary on the receipt printer")),
            ("Alt+I", self.tr("Income: this month and the months before, by source")),
            ("Ctrl+S / Ctrl+E", self.tr("On the Income tab: save the month's statement as PDF or CSV")),
        ]

    def activated(self) -> None:
        today = QDate(self.today())
        for edit in (self.date_edit, self.month_edit):
            edit.blockSignals(True)
            edit.setMaximumDate(today)
            if not self._started:
                edit.setDate(today)
            edit.blockSignals(False)
        self._started = True
        self.refresh()
        if self.income_shown():
            self.income.refresh()
            self.income.focus_months()
            return
        self.picker().setFocus()

    def set_day(self, day: dt.date) -> None:
        self.daily_radio.setChecked(True)
        self.date_edit.setDate(QDate(day))
        self.refresh()

    def set_month(self, year: int, month: int) -> None:
        self.monthly_radio.setChecked(True)
        self.month_edit.setDate(QDate(year, month, 1))
        self.refresh()

    def income_shown(self) -> bool:
        return self.tabs.currentWidget() is self.income

    def show_income(self) -> None:
        if self.income_shown():
            self.income.refresh()
        else:
            self.tabs.setCurrentWidget(self.income)  # _tab_changed reads the months
        self.income.focus_months()

    def _tab_changed(self, _index: int) -> None:
        income = self.income_shown()
        # the day/month report's own controls would act on the report, not on the income shown
        for w in (self.daily_radio, self.monthly_radio, self.date_label, self.save_button):
            w.setVisible(not income)
        self.picker().setVisible(not income)
        self.print_button.setVisible(not income and self.ctx.devices is not None)
        if income:
            self.income.refresh()

    def _save_csv(self) -> None:
        if self.income_shown():
            self.income.save_csv()

    def step(self, delta: int) -> None:
        if self.income_shown():
            self.income.step(delta)
            return
        if self.monthly_radio.isChecked():
            self.month_edit.setDate(self.month_edit.date().addMonths(delta))
        else:
            self.date_edit.setDate(self.date_edit.date().addDays(delta))

    def _kind_changed(self, checked: bool) -> None:
        if not checked:
            return
        monthly = self.monthly_radio.isChecked()
        self.month_edit.setVisible(monthly)
        self.date_edit.setVisible(not monthly)
        self.date_label.setText(self.tr("Month:") if monthly else self.tr("Day:"))
        self.date_label.setBuddy(self.picker())
        if self._started:
            self.refresh()
            self.picker().setFocus()

    def _schedule_refresh(self) -> None:
        self._refresh_timer.start()

    def _next_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count())

    # showing -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._refresh_timer.stop()
        self.error.clear_error()
        try:
            self.data = reports.build_report(self.ctx.db, self.period(), self.clock, self.ctx.wiring.rules)
        except DomainError as e:
            self.data = None
            self.error.show_error(e)
            return
        self.dashboard.show_data(self.data)
        self.summary.show_data(self.data)

    # PDF and printing ----------------------------------------------------------------------------
    def default_pdf_path(self) -> Path:
        folder = self.ctx.paths.root / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        p = self.period()
        name = self.tr("Daily report") if p.kind == DAY else self.tr("Monthly statement")
        return folder / f"{name}-{p.label}.pdf"

    def choose_pdf_path(self, suggested: Path) -> Path | None:
        """Ask where to save (tests replace this method: a modal dialog would wait forever)."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the report as PDF"), str(suggested),
                                              self.tr("PDF files (*.pdf)"))
        if not path:
            return None
        return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")

    def save_pdf(self) -> None:
        if self.income_shown():
            self.income.save_pdf()
            return
        if self.worker is not None:
            return  # one PDF at a time; the busy bar says so
        if self.data is None or self.data.period != self.period() or self._refresh_timer.isActive():
            self.refresh()
        if self.data is None:
            return
        path = self.choose_pdf_path(self.default_pdf_path())
        if path is None:
            return
        data, language = self.data, self.income.language()
        self.worker = FileWorker(lambda p: self.pdfs.write_report(data, p, language), path, self)
        self.worker.saved.connect(self._pdf_saved)
        self.worker.failed.connect(self._pdf_failed)
        self.worker.finished.connect(self._pdf_finished)
        self.busy.show()
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Making the PDF…"))
        self.worker.start()

    def _pdf_saved(self, path: str) -> None:
        self.status.setText(self.tr("PDF saved: {file}").format(file=path))

    def _pdf_failed(self, message: str) -> None:
        self.status.clear()
        self.error.show_error(message)

    def _pdf_finished(self) -> None:
        self.busy.hide()
        self.save_button.setEnabled(True)
        if self.worker is not None:
            self.worker.deleteLater()
            self.worker = None
        if not self.isVisible():  # the partner left while the PDF was being made
            self.pdfs.stop()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        # several PDFs saved in a row share one PDF process; leaving the page gives all of its
        # memory back (a PDF in hand is finished first: _pdf_finished stops it then)
        self.pdfs.stop()

    def print_summary(self) -> None:
        if self.ctx.devices is None:
            return
        if self.data is None or self.data.period != self.period() or self._refresh_timer.isActive():
            self.refresh()
        if self.data is None:
            return
        from pos.reports.summary_receipt import print_reference, summary_document

        self.ctx.devices.print_document(summary_document(self.data), "report", print_reference(self.data))
        self.status.setText(self.tr("The summary went to the receipt printer."))
