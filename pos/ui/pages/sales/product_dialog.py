"""Add or change a product: name, barcode, price, cost price, stock (new products), low-stock mark,
category, service (no stock)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget,
)

from pos.domain.by_weight import JIN, KG, PIECE
from pos.domain.cart import parse_price
from pos.domain.errors import DomainError
from pos.domain.money import Money
from pos.services.sales import products
from pos.services.sales import settings as sales_settings
from pos.services.sales.products import MAX_STOCK, ProductInput, ProductView
from pos.ui.context import AppContext
from pos.ui.widgets.form_error import FormError


class ProductDialog(QDialog):
    def __init__(self, ctx: AppContext, product: ProductView | None = None, barcode: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.product = product
        self.saved: ProductView | None = None
        self.setWindowTitle(self.tr("Change product") if product else self.tr("New product"))
        self.name = QLineEdit(product.name if product else "")
        self.barcode = QLineEdit(product.barcode if product else barcode)
        self.price = QLineEdit(Money(product.price_fen).yuan_text() if product else "")
        self.price.setPlaceholderText(self.tr("yuan, for example 3.50"))
        # what the partner paid per unit: the counter-sale margin on the income statement
        self.cost = QLineEdit(Money(product.cost_fen).yuan_text() if product and product.cost_fen is not None else "")
        self.cost.setPlaceholderText(self.tr("yuan; empty when not known"))
        self.stock = QSpinBox()
        self.stock.setRange(0, MAX_STOCK)
        self.low = QSpinBox()
        self.low.setRange(0, MAX_STOCK)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(products.categories(ctx.db))
        self.category.setCurrentText(product.category if product else "")
        # sold by the piece, or by weight with the price per 斤 or per kg (weighed at the counter)
        self.unit = QComboBox()
        for code, label in ((PIECE, self.tr("by the piece")), (JIN, self.tr("by weight, price per jin (500 g)")),
                            (KG, self.tr("by weight, price per kg"))):
            self.unit.addItem(label, code)
        self.unit.setCurrentIndex(max(0, self.unit.findData(product.unit if product else PIECE)))
        self.service = QCheckBox(self.tr("A service, sold without stock (top-up, bill payment, sending fee)"))
        if product:
            self.stock.setValue(max(0, product.stock))
            self.stock.setEnabled(False)  # stock changes go through "Adjust stock", which is logged
            self.low.setValue(product.low_stock)
            self.service.setChecked(product.is_service)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Barcode"), self.barcode)
        form.addRow(self.tr("&Price (yuan)"), self.price)
        form.addRow(self.tr("C&ost price (yuan)"), self.cost)
        form.addRow(self.tr("So&ld by"), self.unit)
        form.addRow(self.tr("&Stock"), self.stock)
        form.addRow(self.tr("&Warn at stock"), self.low)
        form.addRow(self.tr("Ca&tegory"), self.category)
        form.addRow("", self.service)
        self.error = FormError()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.service.toggled.connect(self._service_toggled)
        self._service_toggled(self.service.isChecked())
        self.name.setFocus()

    def handle_scan(self, code: str) -> None:
        """A scan while the form is open is the product's barcode (never an item for the cart behind)."""
        self.barcode.setText(code)
        self.barcode.setFocus()

    def _service_toggled(self, on: bool) -> None:
        self.stock.setEnabled(not on and self.product is None)
        self.low.setEnabled(not on)

    def save(self) -> None:
        try:
            limits = sales_settings.load(self.ctx.db)
            cost = parse_price(self.cost.text(), limits.max_price_fen, "cost") if self.cost.text().strip() else None
            inp = ProductInput(self.name.text(), parse_price(self.price.text(), limits.max_price_fen),
                               self.barcode.text(), self.stock.value(), self.low.value(),
                               self.category.currentText(), self.service.isChecked(), self.unit.currentData(),
                               cost_fen=cost)
            if self.product is None:
                self.saved = products.add_product(self.ctx.db, self.ctx.operator, inp)
            else:
                self.saved = products.update_product(self.ctx.db, self.ctx.operator, self.product.id, inp)
        except DomainError as e:
            self.error.show_error(e)
            return
        self.accept()
