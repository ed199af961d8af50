"""A bar chart drawn with QPainter (PySide6-Essentials has no QtCharts): one value per day as
bars, optionally a second as a line, in type large enough to read from across the counter."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from pos.reports.axis import day_labels, nice_axis

BAR = QColor("#43a047")
BAR_LAST = QColor("#2e7d32")
LINE = QColor("#1e88e5")
GRID = QColor("#dddddd")
TEXT = QColor("#333333")


class ChartWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.days: list[dt.date] = []
        self.bars: list[int] = []
        self.line: list[int] | None = None
        self.bar_name = ""
        self.line_name = ""
        self.axis: Callable[[list[int]], tuple[int, int]] = lambda v: nice_axis(max(v + [1]))
        self.value_text: Callable[[int], str] = str
        self.labels: list[str] | None = None  # under the bars; None: every fifth day's date
        self.setMinimumHeight(200)  # two charts and the tiles fit a 768 px screen
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, title: str, days: list[dt.date], bars: list[int], *, bar_name: str = "",
                 line: list[int] | None = None, line_name: str = "",
                 axis: Callable[[list[int]], tuple[int, int]] | None = None,
                 value_text: Callable[[int], str] = str, labels: list[str] | None = None) -> None:
        self.title, self.days, self.bars = title, list(days), list(bars)
        self.labels = list(labels) if labels is not None else None
        self.line, self.bar_name, self.line_name = (list(line) if line is not None else None), bar_name, line_name
        if axis is not None:
            self.axis = axis
        self.value_text = value_text
        self.setAccessibleName(title)
        self.update()

    def summary_text(self) -> str:
        """The last day's values as text: for tests and screen readers."""
        if not self.bars:
            return ""
        text = f"{self.title}: {self.value_text(self.bars[-1])}"
        return text + (f" / {self.value_text(self.line[-1])}" if self.line else "")

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        base = QFont(self.font())
        title_font = QFont(base)
        title_font.setPointSizeF(base.pointSizeF() * 1.4)
        title_font.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(8.0, base.pointSizeF() * 0.85))
        p.setFont(title_font)
        p.setPen(TEXT)
        title_h = p.fontMetrics().height()
        title_w = p.fontMetrics().horizontalAdvance(self.title)
        p.drawText(QRectF(8, 4, self.width() - 16, title_h), Qt.AlignmentFlag.AlignLeft, self.title)
        legend_y = 0.0
        if self.line_name and title_w + 24 + self._legend_width(small) > self.width() - 16:
            legend_y = title_h  # no room beside the title (English): a row of its own below it
        self._legend(p, small, title_h, legend_y)
        title_h += legend_y
        if not self.days:
            p.end()
            return
        values = self.bars + (self.line or [])
        top, step = self.axis(values)
        p.setFont(small)
        fm = p.fontMetrics()
        left = fm.horizontalAdvance(self.value_text(top)) + 16
        plot = QRectF(left, title_h + 16, self.width() - left - 12, self.height() - title_h - 24 - fm.height() - 8)
        if plot.width() < 20 or plot.height() < 20:
            p.end()
            return

        def y_of(v: int) -> float:
            return plot.bottom() - plot.height() * v / top

        for v in range(0, top + 1, step):  # grid and value labels
            y = y_of(v)
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(TEXT)
            p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.value_text(v))
        n = len(self.days)
        slot = plot.width() / n
        for i, v in enumerate(self.bars):
            color = BAR_LAST if i == n - 1 else BAR
            h = plot.height() * max(0, min(v, top)) / top  # a month of refunds only: no bar
            p.fillRect(QRectF(plot.left() + i * slot + slot * 0.15, plot.bottom() - h, slot * 0.7, h), color)
        if self.line:
            p.setPen(QPen(LINE, 3))
            pts = [QPointF(plot.left() + (i + 0.5) * slot, y_of(max(0, min(v, top)))) for i, v in enumerate(self.line)]
            for a, b in zip(pts, pts[1:]):
                p.drawLine(a, b)
        p.setPen(TEXT)
        for i, label in enumerate(self.labels if self.labels is not None else day_labels(self.days)):
            if label:
                x = plot.left() + (i + 0.5) * slot
                p.drawText(QRectF(x - 40, plot.bottom() + 4, 80, fm.height()), Qt.AlignmentFlag.AlignHCenter, label)
        # the report's own day, large, above its bar
        p.setFont(title_font)
        last = self.value_text(self.bars[-1])
        w = p.fontMetrics().horizontalAdvance(last)
        x = min(plot.right() - w, plot.left() + (n - 0.5) * slot - w / 2)
        y = max(plot.top() + p.fontMetrics().ascent(), y_of(max(0, min(self.bars[-1], top))) - 6)
        p.setPen(BAR_LAST)
        p.drawText(QPointF(x, y), last)
        p.end()

    def _legend_width(self, font: QFont) -> int:
        fm = QFontMetrics(font)
        return fm.horizontalAdvance(self.line_name) + fm.horizontalAdvance(self.bar_name) + 2 * (22 + 16)

    def _legend(self, p: QPainter, font: QFont, title_h: float, dy: float = 0.0) -> None:
        if not self.line_name:
            return
        p.setFont(font)
        p.translate(0, dy)
        fm = p.fontMetrics()
        x = self.width() - 12
        for name, color, is_line in ((self.line_name, LINE, True), (self.bar_name, BAR, False)):
            w = fm.horizontalAdvance(name)
            x -= w
            p.setPen(TEXT)
            p.drawText(QPointF(x, 4 + title_h * 0.8), name)
            x -= 22
            if is_line:
                p.setPen(QPen(color, 3))
                p.drawLine(QPointF(x, 4 + title_h * 0.55), QPointF(x + 16, 4 + title_h * 0.55))
            else:
                p.fillRect(QRectF(x, 4 + title_h * 0.3, 16, title_h * 0.5), color)
            x -= 16
        p.translate(0, -dy)
