"""Settings → Sales and receipts: receipt footer, receipt number as barcode or QR, the discount
an assistant may give alone, the highest price accepted (owner)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.money import Money
from pos.services.station import receipt_settings
from pos.services.sales import settings as sales_settings
from pos.services.station.receipt_settings import ReceiptSettings
from pos.services.sales.settings import SalesSettings
from pos.ui.context import AppContext
from pos.ui.owner_approval import require_owner
from pos.ui.widgets.form_error import FormError


class SalesTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.footer = QPlainTextEdit()
        self.footer.setPlaceholderText(self.tr("Empty: \"Thank you, please come again!\""))
        self.footer.setMaximumHeight(110)
        self.footer.setTabChangesFocus(True)
        self.code = QComboBox()
        self.code.addItem(self.tr("Barcode (Code 128)"), "barcode")
        self.code.addItem(self.tr("QR code"), "qr")
        self.limit = QSpinBox()
        self.limit.setRange(0, 100)
        self.limit.setSuffix(" %")
        self.max_price = QLineEdit()
        self.reference_from = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("Receipt &footer (up to 4 lines)"), self.footer)
        form.addRow(self.tr("Receipt &number printed as"), self.code)
        form.addRow(self.tr("&Discounts above this need the owner's PIN"), self.limit)
        form.addRow(self.tr("&Highest price accepted (yuan)"), self.max_price)
        form.addRow(self.tr("Mobile payments from this amount need the &transaction number (yuan)"),
                    self.reference_from)
        note = QLabel(self.tr("Paper width and the cash drawer are set with the printer (Devices)."))
        note.setWordWrap(True)
        self.error = FormError()
        self.saved = QLabel()
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.submit)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(self.error)
        lay.addWidget(self.saved)
        lay.addWidget(self.save_button)
        lay.addStretch(1)
        self.load()

    def load(self) -> None:
        r = receipt_settings.load(self.ctx.db)
        s = sales_settings.load(self.ctx.db)
        self.footer.setPlainText(r.footer)
        self.code.setCurrentIndex(max(0, self.code.findData(r.code)))
        self.limit.setValue(s.discount_limit_percent)
        self.max_price.setText(Money(s.max_price_fen).yuan_text())
        self.reference_from.setText(Money(s.mobile_reference_from_fen).yuan_text())
        self.error.clear_error()
        self.saved.clear()

    def submit(self) -> None:
        self.error.clear_error()
        try:
            values = SalesSettings(self.limit.value(), Money.parse(self.max_price.text()).fen,
                                   Money.parse(self.reference_from.text()).fen)
            sales_settings.validate(values)
            receipt = ReceiptSettings(receipt_settings.clean_footer(self.footer.toPlainText()), self.code.currentData())
        except DomainError as e:
            self.error.show_error(e)
            return
        owner = require_owner(self.ctx, self, self.tr("change the sales and receipt settings"), "settings.sales")
        if owner is None:
            return
        try:
            sales_settings.save(self.ctx.db, owner, values)
            receipt_settings.save(self.ctx.db, owner, receipt)
        except DomainError as e:
            self.error.show_error(e)
            return
        self.saved.setText(self.tr("Saved."))
