"""Shift (F6): the drawer's state, open / cash in / cash out / X report / close, the reports."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.money import Money
from pos.domain.receipt import Document
from pos.domain.shift_documents import ShiftReport
from pos.i18n import error_text
from pos.services.station import backups
from pos.services.local_days import local_day
from pos.services.shifts import day
from pos.services.shifts import drawer as shifts
from pos.services.clock import Clock, system_clock
from pos.ui.backup_job import BackgroundJob, result_text
from pos.ui.fonts import big_font
from pos.ui.messages import show_error
from pos.ui.pages.shift.cash_dialog import CashMoveDialog
from pos.ui.pages.shift.close_dialog import CloseShiftDialog
from pos.ui.pages.shift.open_dialog import OpenShiftDialog
from pos.ui.pages.shift.report_view import ReportView, paper_mm, report_document
from pos.ui.time_format import local_text


class ShiftPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None, clock: Clock = system_clock) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.shown: ShiftReport | None = None
        self.shown_doc: Document | None = None
        self.backup_job: BackgroundJob | None = None
        heading = QLabel(self.tr("Shift and cash drawer"))
        heading.setFont(big_font(self.font(), 1.8))
        self.status = QLabel()
        self.status.setFont(big_font(self.font(), 1.4))
        self.status.setWordWrap(True)
        self.figures = QLabel()
        self.figures.setFont(big_font(self.font(), 1.2, bold=False))
        self.open_button = self._button(self.tr("&Open shift"), self.open_shift)
        self.cash_in_button = self._button(self.tr("Cash &in"), lambda: self.cash_move("cash_in"))
        self.cash_out_button = self._button(self.tr("Cash o&ut"), lambda: self.cash_move("cash_out"))
        self.x_button = self._button(self.tr("&X report"), self.print_x_report)
        self.close_button = self._button(self.tr("&Close shift"), self.close_shift)
        self.reprint_button = self._button(self.tr("&Print again"), self.print_again)
        row = QHBoxLayout()
        for b in (self.open_button, self.cash_in_button, self.cash_out_button, self.x_button, self.close_button,
                  self.reprint_button):
            row.addWidget(b)
        row.addStretch(1)
        self.report_title = QLabel()
        self.report = ReportView()
        self.history = QListWidget()
        self.history.setMaximumWidth(320)
        # a shift per two lines rather than its variance cut off at the right (1024 px screens)
        self.history.setWordWrap(True)
        self.history.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.itemActivated.connect(self._history_chosen)
        self.backup_status = QLabel()
        self.backup_status.setWordWrap(True)
        # the day's Z by counter and the station's total, once the station has more than one drawer
        self.day_by_counter = QLabel()
        self.day_by_counter.setWordWrap(True)
        self.day_by_counter.hide()
        left = QVBoxLayout()
        left.addWidget(self.report_title)
        left.addWidget(self.report, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Recent shifts (Enter shows the report)")))
        right.addWidget(self.history, 1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.status)
        lay.addWidget(self.figures)
        lay.addLayout(row)
        lay.addLayout(body, 1)
        lay.addWidget(self.day_by_counter)
        lay.addWidget(self.backup_status)

    def _button(self, text: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.setAutoDefault(True)  # Enter presses the focused button, as Space does
        b.setMinimumHeight(48)
        b.clicked.connect(slot)
        return b

    # state ----------------------------------------------------------------------------------------
    def help_keys(self) -> list[tuple[str, str]]:
        return [
            ("Tab / Enter", self.tr("Move between the buttons and fields; Enter presses the chosen one")),
            (self.tr("Count"), self.tr("Closing: type the number of each note and coin; the total and the "
                                       "difference show at once")),
        ]

    def activated(self) -> None:
        current = self.refresh()
        (self.close_button if current else self.open_button).setFocus()

    def refresh(self) -> shifts.ShiftView | None:
        current = shifts.current_shift(self.ctx.db)
        if current is None:
            self.status.setText(self.tr("No shift is open."))
            self.figures.setText(self.tr("Open a shift with the cash in the drawer before taking money."))
        else:
            x = shifts.x_report(self.ctx.db, self.clock)
            self.status.setText(self.tr("Shift {number} open since {time} ({name})").format(
                number=current.number, time=local_text(current.opened_at, "%m-%d %H:%M"), name=current.opened_by))
            self.figures.setText(self.tr("Float {float} · expected in drawer {expected} · all tenders {total}").format(
                float=str(Money(current.float_fen)), expected=str(Money(x.expected_cash_fen)),
                total=str(Money(x.totals.total_fen))))
            if self.shown is None or not self.shown.closed:
                self._show(x, self.tr("The shift so far (not printed)"))
        self.open_button.setEnabled(current is None)
        for b in (self.cash_in_button, self.cash_out_button, self.x_button, self.close_button):
            b.setEnabled(current is not None)
        self.reprint_button.setEnabled(self.shown_doc is not None)
        self._fill_history()
        self._fill_day_by_counter()
        return current

    def _fill_day_by_counter(self) -> None:
        z = day.day_z(self.ctx.db, local_day(self.clock()), self.clock)
        if len(z.counters) < 2:
            self.day_by_counter.hide()
            return
        lines = [self.tr("Today's closed shifts by counter:")]
        for c in z.counters + (z.station,):
            name = c.name or self.tr("Station total")
            lines.append(self.tr("{name}: {shifts} · all tenders {total} · cash expected {expected} · counted "
                                 "{counted} · variance {variance}").format(
                name=name, shifts=", ".join(c.shifts), total=str(Money(c.total_fen)),
                expected=str(Money(c.expected_cash_fen)), counted=str(Money(c.counted_cash_fen)),
                variance=str(Money(c.variance_fen))))
        self.day_by_counter.setText("\n".join(lines))
        self.day_by_counter.show()

    def _fill_history(self) -> None:
        self.history.clear()
        for v in shifts.list_shifts(self.ctx.db, 30):
            if v.is_open:
                text = self.tr("{number} · open").format(number=v.number)
                if v.counter_name:
                    text = self.tr("{number} · {counter} · open").format(number=v.number, counter=v.counter_name)
            else:
                sign = "+" if (v.variance_fen or 0) > 0 else ""
                text = self.tr("{number} · {closed} · variance {variance}").format(
                    number=v.number, closed=local_text(v.closed_at, "%m-%d %H:%M"),
                    variance=sign + str(Money(v.variance_fen or 0)))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(v.id))
            self.history.addItem(item)

    def _show(self, report: ShiftReport, title: str) -> None:
        self.shown = report
        self.shown_doc = report_document(self.ctx, report, self.ctx.operator.name if self.ctx.operator else "",
                                         self.clock())
        self.report_title.setText(title)
        self.report.show_document(self.shown_doc, paper_mm(self.ctx))
        self.reprint_button.setEnabled(True)

    def _print(self, doc: Document, reference: str) -> None:
        if self.ctx.devices is not None:
            self.ctx.devices.print_document(doc, "shift_report", reference)

    # actions --------------------------------------------------------------------------------------
    def open_shift(self) -> bool:
        dlg = OpenShiftDialog(self.ctx, self, self.clock)
        ok = dlg.exec() == QDialog.DialogCode.Accepted
        self.shown = None
        self.activated()
        return ok

    def cash_move(self, kind: str) -> None:
        CashMoveDialog(self.ctx, kind, self, self.clock).exec()
        self.refresh()
        (self.cash_in_button if kind == "cash_in" else self.cash_out_button).setFocus()

    def print_x_report(self) -> None:
        try:
            x = shifts.x_report(self.ctx.db, self.clock)
        except DomainError as e:
            show_error(self, e)
            self.refresh()
            return
        self._show(x, self.tr("X report, printed"))
        self._print(self.shown_doc, x.number)
        self.x_button.setFocus()

    def close_shift(self) -> None:
        try:
            number = shifts.record_count_started(self.ctx.db, self.ctx.operator, self.clock)
        except DomainError as e:
            show_error(self, e)
            self.refresh()
            return
        if self.ctx.devices is not None:
            self.ctx.devices.print_document(Document().drawer_kick(), "drawer", number)
        dlg = CloseShiftDialog(self.ctx, self, self.clock)
        if dlg.exec() != QDialog.DialogCode.Accepted or dlg.report is None:
            self.activated()
            return
        self._show(dlg.report, self.tr("Z report, printed: shift {number} is closed").format(number=dlg.report.number))
        self._print(self.shown_doc, dlg.report.number)
        self.start_backup(dlg.report.number)
        self.refresh()
        self.open_button.setFocus()

    def start_backup(self, shift_number: str) -> None:
        """The backup of every shift close, in the background; the close itself is already saved."""
        url = self.ctx.db.engine.url  # SQLite: a file copy; PostgreSQL: the bundled pg_dump
        second = backups.read_second_folder(self.ctx.db)
        paths = self.ctx.paths
        self.backup_status.setText(self.tr("Backing up the database…"))
        job = BackgroundJob(lambda: backups.shift_close_backup(paths, url, shift_number, second), self)
        job.finished.connect(lambda result: self.backup_status.setText(result_text(result)))
        job.failed.connect(lambda e: self.backup_status.setText(
            self.tr("The backup failed: {reason}").format(reason=error_text(e))))
        self.backup_job = job.start()

    def print_again(self) -> None:
        if self.shown_doc is None or self.shown is None:
            return
        self._print(self.shown_doc, self.shown.number)

    def _history_chosen(self, item: QListWidgetItem) -> None:
        shift_id = uuid.UUID(item.data(Qt.ItemDataRole.UserRole))
        report = shifts.shift_report(self.ctx.db, shift_id, self.clock)
        title = (self.tr("Z report of shift {number}") if report.closed
                 else self.tr("The shift so far (not printed)")).format(number=report.number)
        self._show(report, title)
