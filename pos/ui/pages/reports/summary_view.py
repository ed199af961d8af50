"""The report as tables on screen: the same sections as the PDF, scrollable with the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from pos.reports import labels as lb
from pos.services.reports.data import ReportData
from pos.ui.fonts import big_font


class SummaryView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # PageUp/PageDown scroll the report
        self.tables: dict[str, QTableWidget] = {}
        self.notes: dict[str, QLabel] = {}
        body = QWidget()
        self.body = QVBoxLayout(body)
        sections = [
            ("parcels", self.tr("Parcels by carrier")),
            ("overdue", self.tr("Overdue parcels, oldest first")),
            ("purchases", self.tr("Assisted purchases")),
            ("commission", self.tr("Totals for the partner's commission")),
            ("sales", self.tr("Counter sales")),
            ("categories", self.tr("Sales by category")),
            ("tenders", self.tr("Sales by tender (after refunds)")),
            ("services", self.tr("Services: top-ups and bills")),
            ("cash", self.tr("Cash reconciliation")),
            ("shifts", self.tr("Shifts")),
        ]
        for key, title in sections:
            heading = QLabel(title)
            heading.setFont(big_font(self.font(), 1.25))
            heading.setStyleSheet("color: #2e7d32;")
            table = QTableWidget()
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes through the page, not 40 cells
            table.verticalHeader().hide()
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            note = QLabel()
            note.setWordWrap(True)
            note.setStyleSheet("color: #555555;")
            self.tables[key], self.notes[key] = table, note
            for w in (heading, table, note):
                self.body.addWidget(w)
            table.setProperty("heading", heading)
        self.body.addStretch(1)
        self.setWidget(body)

    def _fill(self, key: str, header: list[str], rows: list[list[str]], note: str = "", right_from: int = 1) -> None:
        table = self.tables[key]
        table.clear()
        table.setColumnCount(len(header))
        table.setRowCount(len(rows))
        table.setHorizontalHeaderLabels(header)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c >= right_from:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + sum(table.rowHeight(i) for i in range(len(rows))) + 4
        table.setFixedHeight(height)
        visible = bool(rows)
        table.setVisible(visible)
        table.property("heading").setVisible(visible)
        self.notes[key].setText(note)
        self.notes[key].setVisible(bool(note) and visible)

    def cell(self, key: str, row: int, col: int) -> str:
        item = self.tables[key].item(row, col)
        return item.text() if item else ""

    def show_data(self, data: ReportData) -> None:
        name = lb.CarrierNames(data)
        pc = data.parcels
        rows = [[name(r.carrier), lb.count(r.received), lb.count(r.handed_over), lb.count(r.returned),
                 lb.count(r.in_stock), lb.count(r.overdue)] for r in (*pc.by_carrier, pc.total)]
        rows[-1][0] = self.tr("Total")
        self._fill("parcels", [self.tr("Carrier"), self.tr("Received"), self.tr("Handed over"), self.tr("Returned"),
                               self.tr("In stock"), self.tr("Overdue")], rows,
                   self.tr("In stock and overdue: as of {as_of}. Overdue: {days} days or more in stock; {due} "
                           "parcels have been in stock {return_days} days or more and are due to go back to the "
                           "courier.").format(as_of=lb.as_of_text(data), days=pc.overdue_after_days,
                                              due=pc.due_for_return, return_days=pc.return_after_days))
        self._fill("overdue", [self.tr("Pickup code"), self.tr("Waybill"), self.tr("Carrier"), self.tr("Recipient"),
                               self.tr("Phone"), self.tr("Checked in"), self.tr("Days")],
                   [[p.pickup_code, p.waybill, name(p.carrier), p.recipient_name, p.phone_masked,
                     lb.local_time(p.checked_in_at), lb.count(p.days)] for p in pc.overdue_list], right_from=6)
        pu = data.purchases
        self._fill("purchases", ["", self.tr("Orders"), self.tr("Amount")],
                   [[label, lb.count(ca.count), lb.money(ca.amount_fen)] for label, ca in (
                       (self.tr("Placed"), pu.placed), (self.tr("Arrived"), pu.arrived),
                       (self.tr("Collected"), pu.collected), (self.tr("Cancelled or refunded"), pu.cancelled))],
                   self.tr("Taken at the counter for orders: {received}; given back: {refunded}.").format(
                       received=lb.money(pu.received_fen), refunded=lb.money(pu.refunded_fen)))
        self._fill("commission", [self.tr("Item"), self.tr("Value")], [
            [self.tr("Orders placed and not cancelled"), lb.count(pu.kept.count)],
            [self.tr("Goods value"), lb.money(pu.kept_items_fen)],
            [self.tr("Service fees"), lb.money(pu.kept_service_fee_fen)],
            [self.tr("Order totals"), lb.money(pu.kept.amount_fen)]])
        s = data.sales
        self._fill("sales", [self.tr("Item"), self.tr("Value")], [
            [self.tr("Sales"), lb.count(s.count)], [self.tr("Goods and services"), lb.money(s.subtotal_fen)],
            [self.tr("Discounts"), lb.money(-s.discount_fen)], [self.tr("Sales total"), lb.money(s.total_fen)],
            [self.tr("Refunds ({n})").format(n=s.refund_count), lb.money(-s.refunded_fen)],
            [self.tr("Net sales"), lb.money(s.net_fen)]])
        self._fill("categories", [self.tr("Category"), self.tr("Quantity"), self.tr("Amount")],
                   [[lb.category_name(c.category), lb.count(c.quantity), lb.money(c.amount_fen)] for c in s.by_category],
                   self.tr("Category amounts are before whole-sale discounts and refunds."))
        self._fill("tenders", [self.tr("Tender"), self.tr("Amount")],
                   [[lb.tender_name(m), lb.money(fen)] for m, fen in s.by_tender])
        self._fill("services", [self.tr("Service"), self.tr("Payments"), self.tr("Amount"), self.tr("Fees"),
                                self.tr("Commission"), self.tr("Refunded")],
                   [[r.name, lb.count(r.count), lb.money(r.amount_fen), lb.money(r.fee_fen), lb.money(r.commission_fen),
                     f"{lb.money(r.refunded_fen)} ({r.refund_count})" if r.refund_count else ""]
                    for r in data.services])
        c = data.cash
        rows = [[lb.purpose_name(r.purpose), lb.money_or_blank(r.cash_fen), lb.money_or_blank(r.mobile_fen),
                 lb.money_or_blank(r.account_fen), lb.money(r.total_fen)] for r in c.rows]
        rows.append([self.tr("Total"), lb.money(c.total.cash_fen), lb.money(c.total.mobile_fen),
                     lb.money(c.total.account_fen), lb.money(c.total.total_fen)])
        self._fill("cash", [self.tr("What for"), self.tr("Cash"), self.tr("Mobile pay"), self.tr("On account"),
                            self.tr("Total")], rows,
                   self.tr("Villager accounts: {charged} put on account, {settled} paid off; villagers owe {owed} in "
                           "all at the end of the period.").format(
                       charged=lb.money(c.account_charged_fen), settled=lb.money(c.account_settled_fen),
                       owed=lb.money(c.account_outstanding_fen)))
        self._fill("shifts", [self.tr("Shift"), self.tr("Opened"), self.tr("Closed"), self.tr("Float"),
                              self.tr("Expected"), self.tr("Counted"), self.tr("Difference")],
                   [[sh.label, f"{lb.local_time(sh.opened_at, '%m-%d %H:%M')} {sh.opened_by}".strip(),
                     f"{lb.local_time(sh.closed_at, '%m-%d %H:%M')} {sh.closed_by}".strip() if sh.closed_at
                     else self.tr("still open"),
                     lb.money(sh.float_fen), lb.money(sh.expected_fen),
                     "" if sh.counted_fen is None else lb.money(sh.counted_fen),
                     "" if sh.variance_fen is None else lb.money(sh.variance_fen)] for sh in c.shifts], right_from=3)
