"""A tall form or tab in a scroll area, so that on a 1024x768 screen it scrolls instead of
squashing its rows to half height."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scrolled(tab: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(tab)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
