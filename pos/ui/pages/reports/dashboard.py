"""The dashboard: the period's key numbers as big tiles and the two charts, for a partner who
would rather look than read."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from pos.reports import labels as lb
from pos.reports.axis import yuan_axis
from pos.services.reports.data import DAY, ReportData
from pos.ui.fonts import big_font
from pos.ui.pages.reports.chart_widget import ChartWidget


class Tile(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportTile")
        self.setStyleSheet("#reportTile { background: #e8f5e9; border-radius: 8px; }")
        self.value = QLabel("-")
        self.value.setFont(big_font(self.font(), 1.8))
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.value.setMinimumWidth(self.value.fontMetrics().horizontalAdvance("¥888.88"))  # a day's sales fits six tiles in 1024 px
        self.label = QLabel(label)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)  # six tiles share a 1024 px screen: long English names take two lines
        lay = QVBoxLayout(self)
        lay.addWidget(self.value)
        lay.addWidget(self.label)

    def set_value(self, text: str, alert: bool = False) -> None:
        self.value.setText(text)
        self.value.setStyleSheet("color: #b00020;" if alert else "color: #1b5e20;")


class Dashboard(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = {
            "received": Tile(self.tr("Parcels received")),
            "handed_over": Tile(self.tr("Parcels handed over")),
            "in_stock": Tile(self.tr("Parcels in stock")),
            "overdue": Tile(self.tr("Overdue parcels")),
            "net_sales": Tile(self.tr("Net sales")),
            "purchases": Tile(self.tr("Purchases placed")),
        }
        grid = QGridLayout()
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, 0, i)
        self.parcels_chart = ChartWidget()
        self.sales_chart = ChartWidget()
        lay = QVBoxLayout(self)
        lay.addLayout(grid)
        lay.addWidget(self.parcels_chart, 1)
        lay.addWidget(self.sales_chart, 1)

    def show_data(self, data: ReportData) -> None:
        p = data.parcels.total
        self.tiles["received"].set_value(lb.count(p.received))
        self.tiles["handed_over"].set_value(lb.count(p.handed_over))
        self.tiles["in_stock"].set_value(lb.count(p.in_stock))
        self.tiles["overdue"].set_value(lb.count(p.overdue), alert=p.overdue > 0)
        self.tiles["net_sales"].set_value(lb.money(data.sales.net_fen))
        self.tiles["purchases"].set_value(lb.count(data.purchases.placed.count))
        days = [pt.day for pt in data.series]
        span = self.tr("last 30 days") if data.period.kind == DAY else data.period.label
        self.parcels_chart.set_data(
            self.tr("Parcels per day ({span})").format(span=span), days, [pt.received for pt in data.series],
            bar_name=self.tr("Received"), line=[pt.handed_over for pt in data.series], line_name=self.tr("Handed over"))
        self.sales_chart.set_data(
            self.tr("Sales per day ({span})").format(span=span), days, [pt.sales_fen for pt in data.series],
            axis=yuan_axis, value_text=lambda fen: f"¥{fen // 100}" if fen % 100 == 0 else lb.money(fen))
