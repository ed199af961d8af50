"""Find the villager an order is for: by name, pinyin initials (zgy) or phone tail (5678)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from pos.services.villagers import register as villagers
from pos.ui.context import AppContext
from pos.ui.pages.purchases.common import EnterEdit, yuan


class VillagerPicker(QWidget):
    chosen = Signal(object)  # the VillagerView, or None when cleared

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.villager = None
        self.search = EnterEdit()
        self.search.setPlaceholderText(self.tr("Name, pinyin initials or last 4 digits of the phone"))
        self.search.textChanged.connect(self._find)
        self.search.entered.connect(self._take_first)
        self.search.installEventFilter(self)
        self.matches = QListWidget()
        self.matches.setMaximumHeight(120)
        self.matches.itemActivated.connect(self._take)
        self.matches.hide()
        self.picked = QLabel(self.tr("No villager chosen"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.search)
        lay.addWidget(self.matches)
        lay.addWidget(self.picked)
        self.setFocusProxy(self.search)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.search and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Down and self.matches.count():
            self.matches.setFocus()
            self.matches.setCurrentRow(0)
            return True
        return super().eventFilter(obj, event)

    def _find(self, text: str) -> None:
        self.matches.clear()
        text = text.strip()
        if not text or self.ctx.operator is None:
            self.matches.hide()
            return
        for v in villagers.search(self.ctx.db, self.ctx.operator, text, limit=8):
            phone = v.phone or v.phone_masked
            label = f"{v.name}  {phone}  {v.village_group}".strip()
            if v.balance_fen:
                label += "  " + self.tr("owes {amount}").format(amount=yuan(v.balance_fen))
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, v)
            self.matches.addItem(item)
        self.matches.setVisible(self.matches.count() > 0)

    def _take_first(self) -> None:
        if self.matches.count():
            self._take(self.matches.item(0))

    def _take(self, item: QListWidgetItem) -> None:
        self.set_villager(item.data(Qt.ItemDataRole.UserRole))

    def set_villager(self, v) -> None:
        self.villager = v
        self.matches.hide()
        if v is None:
            self.picked.setText(self.tr("No villager chosen"))
        else:
            self.picked.setText(self.tr("For: {name} {phone}").format(name=v.name, phone=v.phone or v.phone_masked))
        self.chosen.emit(v)

    def villager_id(self) -> uuid.UUID | None:
        return self.villager.id if self.villager is not None else None
