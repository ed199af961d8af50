"""Settings → Shifts: above which variance the owner must close or approve the close."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pos.domain.errors import DomainError
from pos.domain.money import Money
from pos.services import settings as st
from pos.services.shifts.settings import VARIANCE_OWNER_LIMIT, check_variance_limit, variance_limit_or_default
from pos.ui.owner_approval import require_owner
from pos.ui.widgets.form_error import FormError


class ShiftSettingsTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.limit = QLineEdit()
        self.limit.returnPressed.connect(self.submit)
        form = QFormLayout()
        form.addRow(self.tr("Owner must approve a variance above"), self.limit)
        explain = QLabel(self.tr("A shift closed with more or less cash than expected always needs a reason; "
                                 "above this amount an assistant also needs the owner's PIN."))
        explain.setWordWrap(True)
        self.error = FormError()
        self.saved = QLabel()
        self.save = QPushButton(self.tr("Save"))
        self.save.clicked.connect(self.submit)
        lay = QVBoxLayout(self)
        lay.addWidget(explain)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.saved)
        lay.addWidget(self.save)
        lay.addStretch(1)
        self.load()

    def load(self) -> None:
        self.limit.setText(Money(variance_limit_or_default(st.read(self.ctx.db, VARIANCE_OWNER_LIMIT))).yuan_text())
        self.error.clear_error()
        self.saved.clear()

    def submit(self) -> bool:
        self.error.clear_error()
        try:
            fen = check_variance_limit(Money.parse(self.limit.text()).fen)
        except DomainError as e:
            self.error.show_error(e)
            self.limit.setFocus()
            return False
        owner = require_owner(self.ctx, self, self.tr("change the variance limit"), "shifts.variance_limit")
        if owner is None:
            self.load()
            return False
        st.save(self.ctx.db, owner, {VARIANCE_OWNER_LIMIT: fen})
        self.limit.setText(Money(fen).yuan_text())
        self.saved.setText(self.tr("Saved."))
        return True
