"""Settings → Assisted purchases: expected arrival, when an order is late, price limit, usual fee."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from pos.domain.errors import DomainError
from pos.services import settings as st
from pos.services.purchases.settings import DEFAULT_FEE_FEN, EXPECTED_DAYS, LATE_DAYS, MAX_UNIT_PRICE_FEN, validate
from pos.ui.context import AppContext
from pos.ui.owner_approval import require_owner
from pos.ui.pages.purchases.common import MoneyEdit
from pos.ui.widgets.form_error import FormError


class PurchasesTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.expected = QSpinBox()
        self.expected.setRange(1, 60)
        self.expected.setSuffix(self.tr(" days"))
        self.late = QSpinBox()
        self.late.setRange(1, 90)
        self.late.setSuffix(self.tr(" days"))
        self.max_price = MoneyEdit()
        self.fee = MoneyEdit()
        form = QFormLayout()
        form.addRow(self.tr("Goods expected after"), self.expected)
        form.addRow(self.tr("An order not in yet is late after"), self.late)
        form.addRow(self.tr("Highest unit price (yuan)"), self.max_price)
        form.addRow(self.tr("Usual service fee (yuan)"), self.fee)
        self.error = FormError()
        self.saved = QLabel()
        self.save = QPushButton(self.tr("Save"))
        self.save.clicked.connect(self.submit)
        self.fee.returnPressed.connect(self.submit)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.saved)
        lay.addWidget(self.save)
        lay.addStretch(1)
        self.load()

    def load(self) -> None:
        self.expected.setValue(int(st.read(self.ctx.db, EXPECTED_DAYS)))
        self.late.setValue(int(st.read(self.ctx.db, LATE_DAYS)))
        self.max_price.set_fen(int(st.read(self.ctx.db, MAX_UNIT_PRICE_FEN)))
        self.fee.set_fen(int(st.read(self.ctx.db, DEFAULT_FEE_FEN)))
        self.error.clear_error()
        self.saved.clear()

    def submit(self) -> None:
        self.error.clear_error()
        self.saved.clear()
        try:
            values = {EXPECTED_DAYS: self.expected.value(), LATE_DAYS: self.late.value(),
                      MAX_UNIT_PRICE_FEN: self.max_price.fen(), DEFAULT_FEE_FEN: self.fee.fen()}
            validate(*values.values())
        except DomainError as e:
            self.error.show_error(e)
            return
        # the price limit guards against typing slips: only the owner moves it
        owner = require_owner(self.ctx, self, self.tr("change the assisted purchase settings"), "settings.purchases")
        if owner is None:
            return
        st.save(self.ctx.db, owner, values)
        self.saved.setText(self.tr("Saved."))
