"""Load the bundled CJK font so Chinese renders on a PC that has none (a fresh Debian has none)."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel

from pos.resources import resource

log = logging.getLogger(__name__)

FONT_FILE = ("fonts", "wqy-microhei.ttc")


def load_app_font(app: QApplication, point_size: int = 12) -> str | None:
    font_id = QFontDatabase.addApplicationFont(str(resource(*FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.error("bundled font %s could not be loaded", resource(*FONT_FILE))
        return None
    family = families[0]
    font = QFont(family, point_size)
    app.setFont(font)
    return family


def big_font(base: QFont, factor: float = 2.0, bold: bool = True) -> QFont:
    f = QFont(base)
    f.setPointSizeF(max(8.0, base.pointSizeF() * factor))
    f.setBold(bold)
    return f


def hold_line_height(label: QLabel) -> None:
    """Keep one line's height while ``label`` is empty, so that filling and clearing it does not
    move the widgets below: a moved widget is repainted whole (a check-in page repaint took a
    sixth of a check-in)."""
    text = label.text()
    label.setText("中Ag0")  # CJK glyphs may come from a taller fallback font
    label.setMinimumHeight(label.sizeHint().height())
    label.setText(text)
