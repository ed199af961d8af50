"""Charts for the PDFs (reportlab.graphics): parcels per day as bars, sales per day as a line.

Both are drawn from ReportData.series, the same numbers the Reports page draws with QPainter.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm

from pos.reports.axis import day_labels, nice_axis, yuan_axis
from pos.reports.fonts import ensure_font
from pos.reports.styles import BAR_A, BAR_B, GREEN
from pos.services.reports.data import DayPoint

t = QCoreApplication.translate
HEIGHT = 70 * mm


def _frame(width: float, title: str) -> Drawing:
    font = ensure_font()
    d = Drawing(width, HEIGHT, initialFontName=font)
    d.add(String(0, HEIGHT - 12, title, fontName=font, fontSize=12, fillColor=GREEN))
    return d


def _legend(d: Drawing, x: float, pairs: list[tuple]) -> None:
    legend = Legend()
    legend.fontName = ensure_font()
    legend.fontSize = 9
    legend.deltax = 90
    legend.x, legend.y = x - legend.deltax * len(pairs), HEIGHT - 4
    legend.alignment = "right"  # the name to the right of its colour
    legend.columnMaximum = 1
    legend.dx = legend.dy = 8
    legend.colorNamePairs = pairs
    d.add(legend)


def _axes(chart, days: list[dt.date], top: int, value_format) -> None:
    font = ensure_font()
    chart.categoryAxis.categoryNames = day_labels(days)
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax, chart.valueAxis.valueStep = nice_axis(top)
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = value_format
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")


def parcels_chart(series: tuple[DayPoint, ...], width: float) -> Drawing:
    d = _frame(width, t("reports", "Parcels per day"))
    received = [p.received for p in series]
    handed = [p.handed_over for p in series]
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 32, 18, width - 40, HEIGHT - 42
    chart.data = [received, handed]
    chart.bars[0].fillColor, chart.bars[1].fillColor = BAR_A, BAR_B
    chart.bars.strokeWidth = 0
    chart.barSpacing, chart.groupSpacing = 0, 2
    _axes(chart, [p.day for p in series], max(received + handed + [1]), lambda v: f"{int(round(v))}")
    d.add(chart)
    _legend(d, width, [(BAR_A, t("reports", "Received")), (BAR_B, t("reports", "Handed over"))])
    return d


def sales_chart(series: tuple[DayPoint, ...], width: float) -> Drawing:
    d = _frame(width, t("reports", "Sales per day (yuan)"))
    fen = [p.sales_fen for p in series]
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 42, 18, width - 50, HEIGHT - 42
    chart.data = [fen]
    chart.lines[0].strokeColor = BAR_A
    chart.lines[0].strokeWidth = 2
    chart.lines[0].symbol = makeMarker("FilledCircle", size=3)
    chart.joinedLines = 1
    # the axis works in fen so amounts stay integers; labels show whole yuan
    _axes(chart, [p.day for p in series], 1, lambda v: f"¥{int(round(v)) // 100}")
    chart.valueAxis.valueMax, chart.valueAxis.valueStep = yuan_axis(fen)
    d.add(chart)
    return d
