"""Search every parcel (in the station or gone) and read its history."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QGridLayout, QLabel, QLineEdit, QTableWidget, QVBoxLayout, QWidget,
)

from pos.domain.carriers import CARRIER_CODES
from pos.domain.errors import DomainError
from pos.services.parcels import search as parcel_search
from pos.services.clock import Clock
from pos.services.parcels.search import ParcelRow, SearchCriteria
from pos.services.pickup.settings import local_date
from pos.ui.context import AppContext
from pos.ui.pages.parcels_admin.labels import details_text, event_text, status_text, statuses
from pos.ui.pages.parcel_widgets.common import Carriers, StatusLine, fill_table, setup_table
from pos.ui.time_format import local_text
from pos.ui.widgets.list_entry import arrows_open_popup, down_enters_list


def _date(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class SearchTab(QWidget):
    def __init__(self, ctx: AppContext, clock: Clock, carriers: Carriers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.clock, self.carriers = ctx, clock, carriers
        self.rows: list[ParcelRow] = []
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Waybill, pickup code, phone, last 4 digits or name (Enter)"))
        self.text.returnPressed.connect(self.search)
        today = local_date(clock())
        self.use_dates = QCheckBox(self.tr("Checked in between"))
        self.first = QDateEdit(QDate(today.year, today.month, today.day).addDays(-30))
        self.last = QDateEdit(QDate(today.year, today.month, today.day))
        for e in (self.first, self.last):
            e.setCalendarPopup(True)
            e.setDisplayFormat("yyyy-MM-dd")
        self.carrier = QComboBox()
        self.carrier.addItem(self.tr("All carriers"), "")
        for code in CARRIER_CODES:
            self.carrier.addItem(carriers.name(code), code)
        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("Any status"), "")
        for code, text in statuses():
            self.status_box.addItem(text, code)
        for w in (self.carrier, self.status_box):
            w.activated.connect(lambda _i: self.search())
        self.use_dates.toggled.connect(lambda _c: self.search())
        self.results = QTableWidget()
        setup_table(self.results, [self.tr("Checked in"), self.tr("Waybill"), self.tr("Carrier"),
                                   self.tr("Pickup code"), self.tr("Recipient"), self.tr("Phone"), self.tr("Status")])
        self.results.currentCellChanged.connect(lambda row, *_: self.show_history(row))
        down_enters_list(self.text, self.results)
        arrows_open_popup(self.carrier, self.status_box)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.events = QTableWidget()
        setup_table(self.events, [self.tr("Time"), self.tr("What happened"), self.tr("Operator"), self.tr("Details")])
        self.status = StatusLine(factor=1.1)
        grid = QGridLayout()
        grid.addWidget(self.text, 0, 0, 1, 4)
        grid.addWidget(self.use_dates, 1, 0)
        grid.addWidget(self.first, 1, 1)
        grid.addWidget(self.last, 1, 2)
        grid.addWidget(self.carrier, 2, 0)
        grid.addWidget(self.status_box, 2, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(grid)
        lay.addWidget(self.results, 2)
        lay.addWidget(self.summary)
        lay.addWidget(self.events, 1)
        lay.addWidget(self.status)

    def activated(self) -> None:
        self.text.setFocus()
        self.text.selectAll()

    def handle_scan(self, code: str) -> None:
        self.text.setText(code)
        self.search()

    def search(self) -> None:
        criteria = SearchCriteria(
            text=self.text.text(),
            first_day=_date(self.first) if self.use_dates.isChecked() else None,
            last_day=_date(self.last) if self.use_dates.isChecked() else None,
            carrier=self.carrier.currentData() or "", status=self.status_box.currentData() or "")
        try:
            self.rows = parcel_search.search(self.ctx.db, criteria)
        except DomainError as e:
            self.status.refuse(e)
            return
        fill_table(self.results, [[local_text(r.checked_in_at, "%Y-%m-%d %H:%M"), r.waybill,
                                   self.carriers.name(r.carrier), r.pickup_code or "-", r.recipient_name,
                                   r.phone_masked, status_text(r.status)] for r in self.rows])
        self.status.info(self.tr("{n} parcel(s) found.").format(n=len(self.rows)) if self.rows
                         else self.tr("No parcel found."))
        if self.rows:
            self.results.setCurrentCell(0, 0)
            self.show_history(0)
            self.results.setFocus()
        else:
            self.summary.clear()
            self.events.setRowCount(0)

    def show_history(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        h = parcel_search.history(self.ctx.db, self.rows[row].id)
        p = h.parcel
        parts = [f"{self.carriers.name(p.carrier)} {p.waybill}", status_text(p.status)]
        if h.collector_name:
            parts.append(self.tr("collected by {name} ({relation})").format(name=h.collector_name,
                                                                            relation=h.collector_relation))
        if h.no_scan_reason:
            parts.append(self.tr("handed over without scan: {reason}").format(reason=h.no_scan_reason))
        self.summary.setText("  ·  ".join(parts))
        fill_table(self.events, [[local_text(e.at, "%Y-%m-%d %H:%M"), event_text(e.kind), e.operator,
                                  details_text(e.details)] for e in h.events])
        self.events.horizontalHeader().setStretchLastSection(True)

    def focus_results(self) -> None:
        self.results.setFocus(Qt.FocusReason.ShortcutFocusReason)
