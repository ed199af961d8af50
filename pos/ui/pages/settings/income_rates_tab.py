"""Settings → Income rates (收入费率): the dated commission and per-parcel rates the partner's
income statement is priced with.

A rate is never changed in place: the owner adds one with the first day it applies, and it
replaces the rate of the same kind from that day on; the list keeps the history. When the county
sends its own table, the tab shows that table and says the county sets it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFormLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.income import ANY, PARCEL_FEE, PURCHASE_COMMISSION, Rate, parse_percent_bp, percent_text
from pos.domain.money import Money
from pos.services.clock import system_clock
from pos.services.income.rates import RateTable, add_rate, rate_table
from pos.services.local_days import local_day
from pos.services.purchases.orders import goods_categories
from pos.ui.context import AppContext
from pos.ui.owner_approval import require_owner
from pos.ui.pages.reports.income_labels import event_text, rate_key_text, source_text
from pos.ui.table_filling import filling
from pos.ui.widgets.form_error import FormError

SOURCE, KEY, RATE, DATES = range(4)


def rate_amount_text(r: Rate) -> str:
    parts = []
    if r.bp:
        parts.append(percent_text(r.bp))
    if r.fen_each or not r.bp:
        parts.append(QCoreApplication.translate("income", "{amount} each").format(amount=Money(r.fen_each).format()))
    return " + ".join(parts)


class IncomeRatesTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, clock=system_clock) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.county_note = QLabel(self.tr("The county centre sets this station's income rates: they are shown "
                                          "here as the county sent them and cannot be changed at the station."))
        self.county_note.setWordWrap(True)
        self.county_note.setStyleSheet("font-weight: bold;")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Income"), self.tr("Category or carrier"), self.tr("Rate"),
                                              self.tr("In force")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(220)

        self.source = QComboBox()
        self.source.addItem(self.tr("Assisted purchase commission (percent of the goods)"), PURCHASE_COMMISSION)
        self.source.addItem(self.tr("Parcel fee from the carrier (yuan per parcel)"), PARCEL_FEE)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.key = QComboBox()
        self.key.setEditable(True)
        self.key.lineEdit().setMaxLength(50)
        self.paid_per = QComboBox()
        self.paid_per.addItem(self.tr("per check-in"), "checkin")
        self.paid_per.addItem(self.tr("per handover"), "handover")
        self.amount = QLineEdit()
        self.amount.setMaxLength(14)
        self.valid_from = QLineEdit()
        self.valid_from.setMaxLength(10)
        self.valid_from.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.form = QFormLayout()
        self.form.addRow(self.tr("&Income from"), self.source)
        self.key_label = QLabel()
        self.form.addRow(self.key_label, self.key)
        self.event_label = QLabel(self.tr("The carrier &pays"))
        self.event_label.setBuddy(self.paid_per)
        self.form.addRow(self.event_label, self.paid_per)
        self.amount_label = QLabel()
        self.amount_label.setBuddy(self.amount)
        self.form.addRow(self.amount_label, self.amount)
        self.form.addRow(self.tr("&Starts on"), self.valid_from)
        self.add = QPushButton(self.tr("&Add rate"))
        self.add.clicked.connect(self.submit)
        self.amount.returnPressed.connect(self.submit)
        self.valid_from.returnPressed.connect(self.submit)
        self.error = FormError()
        self.saved = QLabel()
        self.form_box = QWidget()
        box = QVBoxLayout(self.form_box)
        box.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(self.tr("A rate is never changed: add a new one with the day it starts, and it replaces the "
                              "older rate from that day on; earlier months keep their figures. An empty category "
                              "or carrier applies to every one without a rate of its own."))
        hint.setWordWrap(True)
        box.addWidget(hint)
        box.addLayout(self.form)
        box.addWidget(self.error)
        box.addWidget(self.saved)
        box.addWidget(self.add)
        lay = QVBoxLayout(self)
        lay.addWidget(self.county_note)
        lay.addWidget(QLabel(self.tr("Rates, oldest first within each kind:")))
        lay.addWidget(self.table)
        lay.addWidget(self.form_box)
        lay.addStretch(1)
        self.rates = RateTable((), False)
        self.load()

    def today(self) -> dt.date:
        return local_day(self.clock())

    def load(self) -> None:
        self.rates = rate_table(self.ctx.db)
        self.county_note.setVisible(self.rates.set_by_county)
        self.form_box.setVisible(not self.rates.set_by_county)
        self._fill(self.rates.rates)
        self.valid_from.setText(self.today().isoformat())
        self.error.clear_error()
        self._source_changed()

    def _fill(self, rates: tuple[Rate, ...]) -> None:
        ordered = sorted(rates, key=lambda r: (r.source, r.key, r.event, r.valid_from))
        today = self.today()
        names = self._carrier_names()
        with filling(self.table):
            self.table.setRowCount(len(ordered))
            for row, r in enumerate(ordered):
                later = [o.valid_from for o in ordered if (o.source, o.key, o.event) == (r.source, r.key, r.event)
                         and o.valid_from > r.valid_from]
                start = r.valid_from.isoformat()
                if r.valid_from > today:
                    dates = self.tr("from {day}").format(day=start)
                elif later and min(later) <= today:
                    dates = self.tr("{first} to {last}").format(first=start, last=(min(later) - dt.timedelta(days=1)).isoformat())
                else:
                    dates = self.tr("since {day}").format(day=start)
                key = rate_key_text(r.key, names)
                cells = (source_text(r.source), f"{key}, {event_text(r.event)}" if r.event else key,
                         rate_amount_text(r), dates)
                for col, text in enumerate(cells):
                    self.table.setItem(row, col, QTableWidgetItem(text))

    def _carrier_names(self) -> dict[str, str]:
        rules = getattr(getattr(self.ctx, "wiring", None), "rules", None)
        return {code: c.name_zh for code, c in rules.carriers.items()} if rules is not None else {}

    def _source_changed(self) -> None:
        parcel = self.source.currentData() == PARCEL_FEE
        self.event_label.setVisible(parcel)
        self.paid_per.setVisible(parcel)
        self.key.clear()
        self.key.addItem("")
        if parcel:
            self.key_label.setText(self.tr("&Carrier"))
            self.key.addItems(sorted(self._carrier_names()))
            self.amount_label.setText(self.tr("&Yuan per parcel"))
            self.amount.setPlaceholderText(self.tr("for example 0.50"))
        else:
            self.key_label.setText(self.tr("Goods &category"))
            self.key.addItems(goods_categories(self.ctx.db))
            self.amount_label.setText(self.tr("&Percent of the goods"))
            self.amount.setPlaceholderText(self.tr("for example 3.5"))
        self.key_label.setBuddy(self.key)
        self.key.setCurrentIndex(0)
        self.key.lineEdit().setPlaceholderText(self.tr("empty: every one without a rate of its own"))

    def fields(self) -> dict:
        """The typed rate as Rate.to_json (raises ValidationError on a bad amount)."""
        source = self.source.currentData()
        parcel = source == PARCEL_FEE
        text = self.amount.text()
        return {"source": source, "key": self.key.currentText().strip() or ANY,
                "event": self.paid_per.currentData() if parcel else "",
                "valid_from": self.valid_from.text().strip(),
                "bp": 0 if parcel else parse_percent_bp(text),
                "fen_each": Money.parse(text).fen if parcel else 0}

    def submit(self) -> None:
        self.error.clear_error()
        self.saved.clear()
        try:
            fields = self.fields()
        except DomainError as e:
            self.error.show_error(e)
            self.amount.setFocus()
            return
        owner = require_owner(self.ctx, self, self.tr("add an income rate"), "settings.income_rates")
        if owner is None:
            return
        try:
            rate = add_rate(self.ctx.db, owner, fields)
        except DomainError as e:
            self.error.show_error(e)
            return
        self.load()
        self.saved.setText(self.tr("Added: {rate} from {day}.").format(rate=rate_amount_text(rate),
                                                                       day=rate.valid_from.isoformat()))
        self.amount.clear()
