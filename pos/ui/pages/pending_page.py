"""A page whose feature has not been built yet: it says so plainly, with no dead buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pos.ui.fonts import big_font


class PendingPage(QWidget):
    def __init__(self, title: str, what_it_will_do: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setFont(big_font(self.font(), 1.8))
        status = QLabel(self.tr("This part of Village Station POS is not available yet."))
        status.setFont(big_font(self.font(), 1.2, bold=False))
        plan = QLabel(what_it_will_do)
        plan.setWordWrap(True)
        plan.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addSpacing(12)
        lay.addWidget(status)
        lay.addWidget(plan)
        lay.addStretch(1)
