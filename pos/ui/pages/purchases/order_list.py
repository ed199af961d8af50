"""The order list with its filters: status, late only, placing dates, and a search box that finds
a villager's name or phone, an order number, a platform order or a waybill."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.domain import purchases as rules
from pos.services.clock import Clock
from pos.services.purchases.views import OrderFilter, list_orders
from pos.ui.context import AppContext
from pos.ui.pages.purchases.common import status_text, yuan
from pos.ui.time_format import local_text
from pos.ui.widgets.list_entry import arrows_open_popup, down_enters_list

LATE_BRUSH = QBrush(QColor("#fde2e2"))


class OrderList(QWidget):
    order_chosen = Signal(object)  # order id

    def __init__(self, ctx: AppContext, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.clock = ctx, clock
        self.orders = []
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search: name, phone, order, platform order or waybill (Ctrl+F)"))
        self.search.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self._enter)
        self.status = QComboBox()
        self.status.addItem(self.tr("All"), None)
        self.status.addItem(self.tr("Open"), "open")
        for s in rules.STATUSES:
            self.status.addItem(status_text(s), s)
        self.status.currentIndexChanged.connect(self.refresh)
        self.late_only = QCheckBox(self.tr("Late only"))
        self.late_only.toggled.connect(self.refresh)
        self.use_dates = QCheckBox(self.tr("Placed from"))
        self.use_dates.toggled.connect(self.refresh)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-30))
        self.date_to = QDateEdit(today)
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.dateChanged.connect(self.refresh)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels([self.tr("Order"), self.tr("Placed at"), self.tr("For"), self.tr("Goods"),
                                              self.tr("Total"), self.tr("Due"), self.tr("Status")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(24)  # the goods give way, not the view
        self.table.setColumnHidden(4, True)  # the total is in the order's detail; the list keeps what is due
        self.table.itemSelectionChanged.connect(self._selected)
        self.count = QLabel()
        down_enters_list(self.search, self.table)
        arrows_open_popup(self.status)
        # two rows: in one the dates were cut on a 1024 px screen with an order open beside the list
        filters = QVBoxLayout()
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addWidget(self.late_only)
        status_row.addStretch(1)
        dates_row = QHBoxLayout()
        dates_row.addWidget(self.use_dates)
        dates_row.addWidget(self.date_from)
        dates_row.addWidget(QLabel(self.tr("to")))
        dates_row.addWidget(self.date_to)
        dates_row.addStretch(1)
        filters.addLayout(status_row)
        filters.addLayout(dates_row)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.search)
        lay.addLayout(filters)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)

    def current_filter(self) -> OrderFilter:
        first = last = None
        if self.use_dates.isChecked():
            first = self.date_from.date().toPython()
            last = self.date_to.date().toPython()
        return OrderFilter(status=self.status.currentData(), late_only=self.late_only.isChecked(),
                           date_from=first, date_to=last, text=self.search.text())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # narrow (an order open beside the list on 1024 px): the date goes, it heads the open order
        self.table.setColumnHidden(1, event.size().width() < 560)
        super().resizeEvent(event)

    def refresh(self, *_args) -> None:
        chosen = self.current_id()
        self.orders = list_orders(self.ctx.db, self.current_filter(), self.clock())
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.orders))
        for r, o in enumerate(self.orders):
            goods = "、".join(i.description for i in o.items)
            status = status_text(o.status) + ("  " + self.tr("LATE") if o.late else "")
            cells = [o.number, local_text(o.placed_at, "%m-%d %H:%M"), o.customer_name, goods, yuan(o.total_fen),
                     yuan(o.due_fen) if o.due_fen else "", status]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 3:
                    item.setToolTip(text)  # the goods share what width is left; the whole list on hover
                if c in (4, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if o.late:
                    item.setBackground(LATE_BRUSH)
                item.setData(Qt.ItemDataRole.UserRole, o.id)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.blockSignals(False)
        late = sum(1 for o in self.orders if o.late)
        self.count.setText(self.tr("{count} orders, {late} late").format(count=len(self.orders), late=late))
        if chosen is not None:
            self.select(chosen, emit=False)

    def current_id(self):
        row = self.table.currentRow()
        return self.orders[row].id if 0 <= row < len(self.orders) else None

    def select(self, order_id, emit: bool = True) -> bool:
        for r, o in enumerate(self.orders):
            if o.id == order_id:
                self.table.blockSignals(not emit)
                self.table.selectRow(r)
                self.table.setCurrentCell(r, 0)
                self.table.blockSignals(False)
                return True
        return False

    def _selected(self) -> None:
        order_id = self.current_id()
        if order_id is not None:
            self.order_chosen.emit(order_id)

    def _enter(self) -> None:
        if self.orders:
            self.table.setFocus()
            self.select(self.orders[0].id)
