"""Taking payment: cash with change, mobile payment with its reference, on a villager's account,
or any mix. Enter confirms, Esc goes back to the cart."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout,
    QWidget,
)

from pos.domain.cart import ACCOUNT, CASH, MOBILE, Tender, settle
from pos.domain.errors import DomainError
from pos.domain.money import Money
from pos.services.sales import checkout as sales
from pos.services.sales import settings as sales_settings
from pos.ui.context import AppContext
from pos.ui.fonts import big_font
from pos.ui.widgets.form_error import FormError


class TenderDialog(QDialog):
    def __init__(self, ctx: AppContext, total_fen: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.total_fen = total_fen
        self.villager_id: uuid.UUID | None = None
        self.result_tenders: list[Tender] = []
        self.setWindowTitle(self.tr("Payment"))
        total = QLabel(self.tr("To pay: {amount}").format(amount=Money(total_fen)))
        total.setFont(big_font(self.font(), 2.2))
        self.cash = QLineEdit(Money(total_fen).yuan_text())
        self.mobile = QLineEdit()
        self.reference = QLineEdit()
        needed_from = sales_settings.load(ctx.db).mobile_reference_from_fen
        self.reference.setPlaceholderText(
            self.tr("transaction number on the customer's phone (needed from {amount})").format(
                amount=Money(needed_from)) if needed_from else self.tr("transaction number on the customer's phone"))
        self.account = QLineEdit()
        self.villager_search = QLineEdit()
        self.villager_search.setPlaceholderText(self.tr("name, pinyin initials or phone's last 4 digits"))
        self.villagers = QListWidget()
        self.villagers.setMaximumHeight(110)
        self.villager_label = QLabel(self.tr("no villager chosen"))
        for w in (self.cash, self.mobile, self.account, self.reference, self.villager_search):
            w.setFont(big_font(self.font(), 1.3, bold=False))
        form = QFormLayout()
        form.addRow(self.tr("&Cash received"), self.cash)
        form.addRow(self.tr("Mobile payment"), self.mobile)
        form.addRow(self.tr("Mobile &reference"), self.reference)
        form.addRow(self.tr("On account"), self.account)
        form.addRow(self.tr("&Villager"), self.villager_search)
        form.addRow("", self.villagers)
        form.addRow("", self.villager_label)
        self.status = QLabel()
        self.status.setFont(big_font(self.font(), 1.8))
        self.error = FormError()
        hint = QLabel(self.tr("Alt+M: all by mobile payment   Alt+A: all on account   Enter: confirm   Esc: back"))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Confirm payment"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Back"))
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(total)
        lay.addLayout(form)
        lay.addWidget(self.status)
        lay.addWidget(self.error)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        for w in (self.cash, self.mobile, self.account, self.reference):
            w.textChanged.connect(self._update)
        self.villager_search.textChanged.connect(self._search_villagers)
        self.villagers.currentItemChanged.connect(self._pick_villager)
        QShortcut(QKeySequence("Alt+M"), self, self.all_mobile)
        QShortcut(QKeySequence("Alt+A"), self, self.all_on_account)
        self._update()
        self.cash.setFocus()
        self.cash.selectAll()

    # quick choices -------------------------------------------------------------------------
    def all_mobile(self) -> None:
        self.cash.clear()
        self.account.clear()
        self.mobile.setText(Money(self.total_fen).yuan_text())
        self.reference.setFocus()

    def all_on_account(self) -> None:
        self.cash.clear()
        self.mobile.clear()
        self.account.setText(Money(self.total_fen).yuan_text())
        self.villager_search.setFocus()

    # villagers -----------------------------------------------------------------------------
    def _search_villagers(self, text: str) -> None:
        self.villagers.clear()
        for v in sales.find_villagers(self.ctx.db, text):
            item = QListWidgetItem(v.label())
            item.setData(Qt.ItemDataRole.UserRole, v)
            self.villagers.addItem(item)
        if self.villagers.count():
            self.villagers.setCurrentRow(0)
        else:
            self._pick_villager(None)

    def _pick_villager(self, item, _previous=None) -> None:
        v = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.villager_id = v.id if v else None
        self.villager_label.setText(
            self.tr("Villager: {name}, owes {balance}").format(name=v.name, balance=Money(v.balance_fen))
            if v else self.tr("no villager chosen"))
        self._update()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.villager_search.hasFocus() and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            row = self.villagers.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= row < self.villagers.count():
                self.villagers.setCurrentRow(row)
            return
        super().keyPressEvent(event)

    # amounts -------------------------------------------------------------------------------
    def tenders(self) -> list[Tender]:
        out = []
        for method, edit in ((CASH, self.cash), (MOBILE, self.mobile), (ACCOUNT, self.account)):
            text = edit.text().strip()
            if text:
                out.append(Tender(method, Money.parse(text).fen, self.reference.text() if method == MOBILE else ""))
        return out

    def _update(self) -> None:
        try:
            tenders = self.tenders()
        except DomainError as e:
            self.status.setText(self.tr("Check the amounts"))
            self.error.show_error(e)
            return
        self.error.clear_error()
        paid = sum(t.amount_fen for t in tenders)
        if paid < self.total_fen:
            self.status.setText(self.tr("Still to pay: {amount}").format(amount=Money(self.total_fen - paid)))
        else:
            non_cash = sum(t.amount_fen for t in tenders if t.method != CASH)
            change = paid - self.total_fen if non_cash <= self.total_fen else 0
            self.status.setText(self.tr("Change: {amount}").format(amount=Money(change)))

    def confirm(self) -> None:
        try:
            tenders = self.tenders()
            settle(self.total_fen, tenders, has_villager=self.villager_id is not None,
                   reference_from_fen=sales_settings.load(self.ctx.db).mobile_reference_from_fen)
        except DomainError as e:
            self.error.show_error(e)
            return
        self.result_tenders = tenders
        self.accept()
