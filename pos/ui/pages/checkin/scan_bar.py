"""The top of the check-in page: title, today's count, batch mode, notices, the waybill field and
the shelf layer for the next parcels."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pos.services.shelves import SlotView
from pos.ui.fonts import big_font


class ScanBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(self.tr("Parcel check-in"))
        heading.setFont(big_font(self.font(), 1.8))
        self.count = QLabel()
        self.count.setFont(big_font(self.font(), 1.2))
        self.batch = QCheckBox(self.tr("Batch mode: scan the pile first, phones later (Ctrl+B)"))
        self.notices_button = QPushButton(self.tr("Notices (Ctrl+N)"))
        self.scan = QLineEdit()
        self.scan.setPlaceholderText(self.tr("Scan or type the waybill number, then Enter"))
        # a Chinese input method would swallow the digits of a typed number
        self.scan.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.scan.setFont(big_font(self.font(), 1.4, bold=False))
        self.slot = QComboBox()
        self.slot.setToolTip(self.tr("Shelf layer for the next parcels"))
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.count)
        top.addWidget(self.notices_button)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Waybill")))
        row.addWidget(self.scan, 3)
        row.addWidget(QLabel(self.tr("Layer")))
        row.addWidget(self.slot, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.batch)
        lay.addLayout(row)

    def show_count(self, count: int) -> None:
        self.count.setText(self.tr("Today: {count} checked in").format(count=count))

    def fill_slots(self, views: Sequence[SlotView]) -> None:
        """Automatic first; the partner's choice stays selected while that layer exists."""
        keep = self.slot.currentData()
        self.slot.blockSignals(True)
        self.slot.clear()
        self.slot.addItem(self.tr("Automatic: emptiest layer"), None)
        for v in views:
            self.slot.addItem(self.tr("{slot} ({free} free)").format(slot=v.name, free=v.free), (v.shelf, v.layer))
        index = next((i for i in range(self.slot.count()) if self.slot.itemData(i) == keep), 0)
        self.slot.setCurrentIndex(index)
        self.slot.blockSignals(False)
