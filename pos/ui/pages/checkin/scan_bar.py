"""The top of the check-in page: title, today's count, batch mode, notices, the waybill field and
the shelf layer for the next parcels."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pos.services.parcels.shelves import SlotView
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
        self._slot_keys: list[tuple[str, int]] = []  # the layers in the list, in order
        self._slot_texts: list[str] = []
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
        """Automatic first; the partner's choice stays selected while that layer exists.

        The same layers as shown: only the texts that changed are set (a check-in changes one
        layer's count), so the list is not rebuilt on every parcel."""
        keys = [(v.shelf, v.layer) for v in views]
        texts = [self.tr("{slot} ({free} free)").format(slot=v.name, free=v.free) for v in views]
        automatic = self.tr("Automatic: emptiest layer")
        if keys == self._slot_keys and self.slot.count() == len(keys) + 1:
            if self.slot.itemText(0) != automatic:
                self.slot.setItemText(0, automatic)
            for i, (text, old) in enumerate(zip(texts, self._slot_texts), start=1):
                if text != old:
                    self.slot.setItemText(i, text)
            self._slot_texts = texts
            return
        keep = self.slot.currentData()
        self.slot.blockSignals(True)
        self.slot.clear()
        self.slot.addItem(automatic, None)
        for v, text in zip(views, texts):
            self.slot.addItem(text, (v.shelf, v.layer))
        index = next((i for i in range(self.slot.count()) if self.slot.itemData(i) == keep), 0)
        self.slot.setCurrentIndex(index)
        self.slot.blockSignals(False)
        self._slot_keys, self._slot_texts = keys, texts
