"""Settings: language and the idle lock."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from pos.i18n import LANGUAGES
from pos.services import settings as st
from pos.ui.context import AppContext
from pos.ui.owner_approval import require_owner


class GeneralTab(QWidget):
    language_chosen = Signal(str)
    idle_minutes_changed = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setSpecialValueText(self.tr("never"))
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Lock the counter after no activity for"), self.idle)
        self.saved = QLabel()
        self.save = QPushButton(self.tr("Save"))
        self.save.clicked.connect(self.submit)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.saved)
        lay.addWidget(self.save)
        lay.addStretch(1)
        self.load()

    def load(self) -> None:
        lang = st.read(self.ctx.db, st.LANGUAGE)
        self.language.setCurrentIndex(max(0, self.language.findData(lang)))
        self.idle.setValue(int(st.read(self.ctx.db, st.IDLE_LOCK_MINUTES)))
        self.saved.clear()

    def submit(self) -> None:
        lang = self.language.currentData()
        minutes = self.idle.value()
        values: dict = {st.LANGUAGE: lang}
        if minutes != int(st.read(self.ctx.db, st.IDLE_LOCK_MINUTES)):
            # a weaker lock is a security change: the owner decides
            owner = require_owner(self.ctx, self, self.tr("change the idle lock"), "settings.idle_lock")
            if owner is None:
                self.load()
                return
            st.save(self.ctx.db, owner, {st.IDLE_LOCK_MINUTES: minutes})
            self.idle_minutes_changed.emit(minutes)
        changed = st.save(self.ctx.db, self.ctx.operator, values)
        self.saved.setText(self.tr("Saved."))
        if st.LANGUAGE.key in changed:
            self.language_chosen.emit(lang)
