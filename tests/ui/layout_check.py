"""What a partner would see cut: text wider than its label, button or header section, table
cells elided, fields squashed below their height, widgets outside the window or their parent."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QTabBar,
    QWidget,
)

SLACK = 1  # rounding of advances against integer geometry


def _name(w: QWidget) -> str:
    path = []
    p = w
    while p is not None and len(path) < 3:
        path.append(p.objectName() or type(p).__name__)
        p = p.parentWidget()
    return "/".join(reversed(path))


def _plain(label: QLabel) -> str:
    text = label.text()
    if "<" in text and ( label.textFormat() != Qt.TextFormat.PlainText):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&") if label.buddy() else text


def _in_scroll_viewport(w: QWidget, top: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None and p is not top:
        gp = p.parentWidget()
        if isinstance(gp, QAbstractScrollArea) and gp.viewport() is p:
            return True
        p = gp
    return False


def _label(w: QLabel) -> str | None:
    if w.pixmap() is not None and not w.pixmap().isNull():
        return None
    text = _plain(w)
    if not text.strip():
        return None
    cr = w.contentsRect()
    room = cr.width() - 2 * w.margin() - max(0, w.indent())
    fm = QFontMetrics(w.font())
    if w.wordWrap():
        need = w.heightForWidth(w.width())
        if need > w.height() + SLACK:
            return f"label {_name(w)} {text[:40]!r} wraps to {need}px high in {w.height()}px"
        return None
    widest = max(fm.horizontalAdvance(line) for line in text.splitlines())
    if widest > room + SLACK:
        return f"label {_name(w)} {text[:40]!r} needs {widest}px, has {room}px"
    lines = len(text.splitlines())
    if fm.height() * lines > cr.height() + 2 + SLACK:
        return f"label {_name(w)} {text[:40]!r} needs {fm.height() * lines}px high, has {cr.height()}px"
    return None


def _button(w: QAbstractButton) -> str | None:
    if not w.text().strip():
        return None
    hint = w.sizeHint()
    if isinstance(w, QPushButton):
        # the hint includes the style's minimum width (80px and more): only the text matters here
        fm = QFontMetrics(w.font())
        text = w.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        need = fm.horizontalAdvance(text) + (hint.width() - fm.horizontalAdvance(text) if hint.width() < 100 else 12)
        need = min(need, hint.width())
    else:
        need = hint.width()
    if need > w.width() + SLACK:
        return f"button {_name(w)} {w.text()[:40]!r} needs {need}px, has {w.width()}px"
    if w.minimumSizeHint().height() > w.height() + SLACK:
        return f"button {_name(w)} {w.text()[:40]!r} squashed to {w.height()}px high"
    return None


def _field(w: QWidget) -> str | None:
    need = w.minimumSizeHint().height()
    if need > w.height() + SLACK:
        return f"field {_name(w)} squashed to {w.height()}px high (needs {need}px)"
    return None


def _header(h: QHeaderView) -> list[str]:
    model = h.model()
    if model is None:
        return []
    out = []
    fm = QFontMetrics(h.font())
    margin = h.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, h)
    for i in range(h.count()):
        if h.isSectionHidden(i) or h.orientation() != Qt.Orientation.Horizontal:
            continue
        text = model.headerData(i, h.orientation(), Qt.ItemDataRole.DisplayRole)
        if not text:
            continue
        need = max(fm.horizontalAdvance(line) for line in str(text).splitlines()) + 2 * margin
        if need > h.sectionSize(i) + SLACK:
            out.append(f"header {_name(h)} {str(text)!r} needs {need}px, has {h.sectionSize(i)}px")
    return out


def _cells(v: QAbstractItemView, rows: int = 8) -> list[str]:
    if not isinstance(v, QTableView):
        if v.horizontalScrollBar().maximum() > 0:
            return [f"list {_name(v)} scrolls sideways ({v.horizontalScrollBar().maximum()}px hidden)"]
        return []
    model = v.model()
    out = []
    fm = QFontMetrics(v.font())
    margin = v.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, v) + 2  # Qt elides a pixel early
    for c in range(model.columnCount()):
        if v.isColumnHidden(c) or v.indexWidget(model.index(0, c)) is not None:
            continue
        for r in range(min(rows, model.rowCount())):
            text = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
            if text is None or str(text) == "":
                continue
            if model.data(model.index(r, c), Qt.ItemDataRole.ToolTipRole) == text:
                continue  # a deliberately elided cell (a list of goods): whole on hover
            need = max(fm.horizontalAdvance(line) for line in str(text).splitlines()) + 2 * margin
            icon = model.data(model.index(r, c), Qt.ItemDataRole.DecorationRole)
            if icon is not None:
                need += v.iconSize().width() + 4
            if need > v.columnWidth(c) + SLACK:
                out.append(f"cell {_name(v)} row {r} {str(text)[:30]!r} needs {need}px, has {v.columnWidth(c)}px")
                break
    if v.horizontalScrollBar().maximum() > 0:
        out.append(f"table {_name(v)} scrolls sideways ({v.horizontalScrollBar().maximum()}px hidden)")
    return out


def _outside(w: QWidget, top: QWidget) -> str | None:
    if _in_scroll_viewport(w, top):
        return None
    r = QRect(w.mapTo(top, QPoint(0, 0)), w.size())
    if not top.rect().contains(r):
        return f"{type(w).__name__} {_name(w)} at {r.getRect()} lies outside the {top.width()}x{top.height()} window"
    parent = w.parentWidget()
    if parent is not None and parent is not top and not QRect(QPoint(0, 0), parent.size()).contains(w.geometry()):
        if not isinstance(parent, QAbstractScrollArea):
            return f"{type(w).__name__} {_name(w)} sticks out of its parent {_name(parent)}"
    return None


def problems(top: QWidget) -> list[str]:
    """Everything cut or misplaced among the visible widgets of ``top``."""
    found: list[str] = []
    for w in [top, *top.findChildren(QWidget)]:
        if w is not top and not w.isVisibleTo(top):
            continue
        if w.width() <= 0 or w.height() <= 0:
            continue
        if isinstance(w, QLabel):
            found.append(_label(w))
        elif isinstance(w, QAbstractButton) and not isinstance(w.parentWidget(), QTabBar):
            if type(w).__name__ == "QToolButton" and isinstance(w.parentWidget(), (QAbstractScrollArea, QHeaderView)):
                continue  # a table's corner button, a scroll arrow
            found.append(_button(w))
        elif isinstance(w, (QLineEdit, QComboBox, QAbstractSpinBox)) and not isinstance(
            w.parentWidget(), (QComboBox, QAbstractSpinBox)
        ):
            found.append(_field(w))
        elif isinstance(w, QHeaderView):
            found.extend(_header(w))
        if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):
            found.extend(_cells(w))
        if w is not top:
            found.append(_outside(w, top))
    return [p for p in found if p]
