"""The day's service payments (and those refunded that day): a number typed or scanned in the box
finds its day; the list is read-only, the page's keys reprint and refund the chosen one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTableWidget, QVBoxLayout, QWidget

from pos.domain.money import Money
from pos.services.account_services import payments as svc
from pos.services.local_days import local_day
from pos.ui.pages.parcel_widgets.common import fill_table, money, setup_table
from pos.ui.time_format import local_text


def status_name(status: str) -> str:
    t = QCoreApplication.translate
    return {"completed": t("account_services", "paid"), "refunded": t("account_services", "refunded")}.get(
        status, status)


class DayList(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.day: dt.date | None = None
        self.rows: list[svc.PaymentView] = []
        self.find = QLineEdit()
        self.find.setPlaceholderText(self.tr("receipt number B… or F…, Enter: find its day"))
        self.heading = QLabel()
        self.sums = QLabel()
        self.sums.setWordWrap(True)
        self.table = QTableWidget()
        setup_table(self.table, [self.tr("Time"), self.tr("Number"), self.tr("Service"), self.tr("Provider"),
                                 self.tr("Account"), self.tr("Amount"), self.tr("Fee"), self.tr("Status")])
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.find, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.sums)
        self.find.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.find and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self.table.setFocus()  # from the search box into its list
            if self.table.currentRow() < 0 and self.table.rowCount():
                self.table.selectRow(0)
            return True
        return super().eventFilter(obj, event)

    def load(self, day: dt.date, select_number: str = "") -> None:
        self.day = day
        self.rows = svc.day_payments(self.ctx.db, day)
        self.heading.setText(self.tr("Service payments of {day}").format(day=day.isoformat()))
        fill_table(self.table, [[local_text(p.paid_at, "%H:%M"), p.number, p.kind_name, p.provider, p.account_masked,
                                 money(p.amount_fen), money(p.fee_fen), status_name(p.status)] for p in self.rows])
        paid = [p for p in self.rows if local_day(p.paid_at) == day]
        refunded = [p for p in self.rows if p.refunded_at is not None and local_day(p.refunded_at) == day]
        self.sums.setText(self.tr("Paid: {n}, amount {amount}, fees {fee}, commission {commission}.  "
                                  "Refunded: {r}, {refunded}.").format(
            n=len(paid), amount=Money(sum(p.amount_fen for p in paid)), fee=Money(sum(p.fee_fen for p in paid)),
            commission=Money(sum(p.commission_fen for p in paid)), r=len(refunded),
            refunded=Money(sum(p.total_fen for p in refunded))))
        for r, p in enumerate(self.rows):
            if select_number and select_number in (p.number, p.refund_number):
                self.table.selectRow(r)
                break
        else:
            if self.rows:
                self.table.selectRow(0)

    def refresh(self) -> None:
        if self.day is not None:
            current = self.selected()
            self.load(self.day, current.number if current else "")

    def selected(self) -> svc.PaymentView | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None
