"""A new assisted purchase: the villager, the goods, the platform order numbers, how they pay."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from pos.domain import purchases as rules
from pos.domain.errors import DomainError, ValidationError
from pos.domain.purchases import PaymentPlan
from pos.services.purchases import orders as purchases
from pos.services import settings
from pos.services.clock import Clock
from pos.services.purchases.settings import DEFAULT_FEE_FEN, MAX_UNIT_PRICE_FEN
from pos.ui.context import AppContext
from pos.ui.fonts import big_font
from pos.ui.pages.purchases.common import MoneyEdit, yuan
from pos.ui.pages.purchases.cash_received import CashReceivedDialog
from pos.ui.pages.purchases.items_table import ItemsTable
from pos.ui.pages.purchases.villager_picker import VillagerPicker
from pos.ui.widgets.form_error import FormError


class NewOrderDialog(QDialog):
    def __init__(self, ctx: AppContext, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.order = None  # the OrderView once placed
        self.setWindowTitle(self.tr("New assisted purchase"))
        self.resize(860, 640)
        self.max_price = int(settings.read(ctx.db, MAX_UNIT_PRICE_FEN))
        self.picker = VillagerPicker(ctx)
        self.picker.chosen.connect(self._villager_chosen)
        self.name = QLineEdit()
        self.name.setMaxLength(50)
        self.phone = QLineEdit()
        self.phone.setMaxLength(20)
        self.items = ItemsTable()
        self.items.changed.connect(self._update_totals)
        self.items.tab_out.connect(lambda: self.category.setFocus(Qt.FocusReason.TabFocusReason))
        # the goods category chooses the partner's commission rate (Settings, Income rates)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category.addItems([""] + purchases.goods_categories(ctx.db))
        self.category.lineEdit().setMaxLength(50)
        self.category.lineEdit().setPlaceholderText(self.tr("For example 家电, 服装, 农资; the commission rate follows it"))
        self.platform = QLineEdit()
        self.platform.setPlaceholderText(self.tr("Several: separate with commas"))
        self.fee = MoneyEdit()
        self.fee.set_fen(int(settings.read(ctx.db, DEFAULT_FEE_FEN)))
        self.fee.textChanged.connect(self._update_totals)
        self.plan = QComboBox()
        for kind, text in ((rules.CASH, self.tr("Cash now")), (rules.MOBILE, self.tr("Mobile payment now")),
                           (rules.ACCOUNT, self.tr("On account")),
                           (rules.DEPOSIT, self.tr("Deposit now, the rest on collection"))):
            self.plan.addItem(text, kind)
        self.plan.currentIndexChanged.connect(self._plan_changed)
        self.deposit = MoneyEdit()
        self.deposit_method = QComboBox()
        self.deposit_method.addItem(self.tr("Cash"), "cash")
        self.deposit_method.addItem(self.tr("Mobile payment"), "mobile")
        self.deposit_method.currentIndexChanged.connect(self._plan_changed)
        self.reference = QLineEdit()
        self.reference.setMaxLength(100)
        self.reference.setPlaceholderText(self.tr("Last digits of the payment's transaction number"))
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.total = QLabel()
        self.total.setFont(big_font(self.font(), 1.6))
        self.error = FormError()

        who = QFormLayout()
        who.addRow(self.tr("Villager"), self.picker)
        names = QHBoxLayout()
        names.addWidget(self.name, 2)
        names.addWidget(QLabel(self.tr("Phone")))
        names.addWidget(self.phone, 1)
        who.addRow(self.tr("Name on the order"), names)
        pay = QFormLayout()
        pay.addRow(self.tr("Goods &category"), self.category)
        pay.addRow(self.tr("Platform order numbers"), self.platform)
        pay.addRow(self.tr("Service fee (yuan)"), self.fee)
        pay.addRow(self.tr("How the villager pays"), self.plan)
        self.deposit_label = QLabel(self.tr("Deposit (yuan)"))
        dep = QHBoxLayout()
        dep.addWidget(self.deposit, 1)
        dep.addWidget(self.deposit_method)
        self.deposit_box = QWidget()
        self.deposit_box.setLayout(dep)
        dep.setContentsMargins(0, 0, 0, 0)
        pay.addRow(self.deposit_label, self.deposit_box)
        self.reference_label = QLabel(self.tr("Payment reference"))
        pay.addRow(self.reference_label, self.reference)
        pay.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.place_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.place_button.setText(self.tr("Place order (Ctrl+Enter)"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("Items: Tab moves to the next cell and, after the unit price of the last row, on to the "
                             "goods category; Insert adds a row, Ctrl+Delete removes one."))
        hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(who)
        lay.addWidget(self.items, 1)
        lay.addWidget(hint)
        lay.addLayout(pay)
        lay.addWidget(self.total)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, self.submit)
        # Enter in a field must not place a half-typed order by accident: only Ctrl+Enter does
        self.place_button.setAutoDefault(False)
        self.place_button.setDefault(False)
        self._plan_changed()
        self._update_totals()
        self.picker.setFocus()

    # reactions ---------------------------------------------------------------------------------
    def _villager_chosen(self, v) -> None:
        if v is not None:
            self.name.setText(v.name)
            self.phone.setText(v.phone or v.phone_masked)
            self.items.setFocus()
            self.items.setCurrentCell(0, 0)

    def _plan_changed(self) -> None:
        kind = self.plan.currentData()
        deposit = kind == rules.DEPOSIT
        self.deposit_label.setVisible(deposit)
        self.deposit_box.setVisible(deposit)
        mobile = kind == rules.MOBILE or (deposit and self.deposit_method.currentData() == "mobile")
        self.reference_label.setVisible(mobile)
        self.reference.setVisible(mobile)

    def _update_totals(self) -> None:
        items = self.items.items_total_fen()
        try:
            fee = self.fee.fen() if self.fee.text().strip() else 0
        except ValidationError:
            fee = None
        if items is None or fee is None:
            self.total.setText(self.tr("Total: —"))
        else:
            self.total.setText(self.tr("Total: {total}  (goods {goods} + fee {fee})").format(
                total=yuan(items + fee), goods=yuan(items), fee=yuan(fee)))

    # placing -------------------------------------------------------------------------------------
    def order_input(self) -> purchases.OrderInput:
        category = self.category.currentText()
        items = [dataclasses.replace(i, category=category) for i in self.items.items(self.max_price)]
        fee = self.fee.fen() if self.fee.text().strip() else 0
        kind = self.plan.currentData()
        deposit = 0
        if kind == rules.DEPOSIT and self.deposit.text().strip():
            deposit = self.deposit.fen()
        plan = PaymentPlan(kind, self.reference.text(), deposit, self.deposit_method.currentData())
        return purchases.OrderInput(
            items=tuple(items), plan=plan, villager_id=self.picker.villager_id(), customer_name=self.name.text(),
            customer_phone=self.phone.text(), platform_orders=self.platform.text(), service_fee_fen=fee,
            note=self.note.text())

    def submit(self) -> None:
        self.error.clear_error()
        op = self.ctx.operator
        try:
            data = self.order_input()
            if data.plan.kind == rules.CASH:
                if not self._cash_taken(data):
                    return
                data = replace(data, cash_received_fen=self.cash_received_fen)
            try:
                self.order = purchases.place_order(self.ctx.db, op, self.clock, data)
            except purchases.PlatformOrderInUse as e:
                if not self._confirm_duplicate(e):
                    self.platform.setFocus()
                    return
                self.order = purchases.place_order(self.ctx.db, op, self.clock, data, allow_duplicate_platform=True)
        except DomainError as e:
            self.error.show_error(e)
            return
        self.accept()

    def _cash_taken(self, data: purchases.OrderInput) -> bool:
        """Cash now: what was handed over and the change, before the order is placed."""
        dlg = CashReceivedDialog(self._cash_total(data), self)
        self.cash_dialog = dlg  # tests answer it
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        self.change_fen = dlg.change_fen
        self.cash_received_fen = dlg.received_fen
        return True

    @staticmethod
    def _cash_total(data: purchases.OrderInput) -> int:
        return sum(rules.line_total(i.quantity, i.unit_price_fen) for i in data.items) + data.service_fee_fen

    def _confirm_duplicate(self, err: purchases.PlatformOrderInUse) -> bool:
        uses = "\n".join(self.tr("{platform} is on order {order}").format(platform=p, order=o) for p, o in err.uses)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Platform order already used"),
                          self.tr("This platform order number is already on another order:\n{uses}\n\n"
                                  "Place this order anyway?").format(uses=uses),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        self.duplicate_box = box  # tests answer it
        return box.exec() == QMessageBox.StandardButton.Yes

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Enter in a line edit would otherwise close the dialog through a default button
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            if self.focusWidget() is self.note:
                self.submit()  # the last field: Enter confirms
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)
