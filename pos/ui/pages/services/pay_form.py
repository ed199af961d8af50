"""The form of a service payment: the service, the number or account paid into (typed or
scanned), the provider (for a phone the operator is guessed from the number, and may be
changed), the amount (a preset or typed), the fee; the total and the commission show as it fills."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from pos.domain.account_services import (
    MOBILE_ACCOUNT, OPERATORS, PRESET_YUAN, ServiceKind, check_amount, check_fee, commission, guess_operator,
    parse_account, parse_yuan,
)
from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.i18n import error_text
from pos.services.account_services.kinds import KindsInForce, kind_name
from pos.services.account_services.payments import PayInput
from pos.ui.fonts import big_font


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class PayForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kinds: dict[str, ServiceKind] = {}
        self._guessed = ""  # the provider last filled in from the number (replaced by the next guess)
        self.kind = QComboBox()
        self.account = QLineEdit()
        self.account.setFont(big_font(self.font(), 1.4, bold=False))
        self.account.setMaxLength(40)
        self.account_hint = QLabel()
        self.provider = QComboBox()
        self.provider.setEditable(True)
        self.provider.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.amount = QLineEdit()
        self.amount.setFont(big_font(self.font(), 1.4, bold=False))
        self.amount.setPlaceholderText(self.tr("yuan"))
        self.presets: list[QPushButton] = []
        presets = QHBoxLayout()
        for i, yuan in enumerate(PRESET_YUAN, start=1):
            b = QPushButton(f"¥{yuan}")
            b.setToolTip(f"Ctrl+{i}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field; Ctrl+digit picks one
            b.clicked.connect(lambda _c=False, y=yuan: self.set_preset(y))
            self.presets.append(b)
            presets.addWidget(b)
        presets.addWidget(QLabel(self.tr("Ctrl+1 … Ctrl+{n}").format(n=len(PRESET_YUAN))))
        presets.addStretch(1)
        self.fee = QLineEdit()
        self.fee.setPlaceholderText(self.tr("yuan"))
        self.total = QLabel()
        self.total.setFont(big_font(self.font(), 2.0))
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Service"), self.kind)
        form.addRow(self.tr("Number / account"), self.account)
        form.addRow("", self.account_hint)
        form.addRow(self.tr("Provider"), self.provider)
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow("", presets)
        form.addRow(self.tr("Fee charged"), self.fee)
        form.addRow("", self.total)
        form.addRow("", self.detail)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.account.textChanged.connect(self._account_changed)
        self.amount.textChanged.connect(self._update)
        self.fee.textChanged.connect(self._update)
        # Enter walks the form: account -> provider -> amount -> fee (Ctrl+Enter pays)
        self.account.returnPressed.connect(self.provider.setFocus)
        self.provider.lineEdit().returnPressed.connect(self.amount.setFocus)
        self.amount.returnPressed.connect(self.fee.setFocus)
        self.setTabOrder(self.kind, self.account)
        self.setTabOrder(self.account, self.provider)
        self.setTabOrder(self.provider, self.amount)
        self.setTabOrder(self.amount, self.fee)

    # kinds --------------------------------------------------------------------------------------
    def set_kinds(self, force: KindsInForce) -> None:
        current = self.kind.currentData()
        self.kinds = {k.code: k for k in force.enabled()}
        self.kind.blockSignals(True)
        self.kind.clear()
        for k in force.enabled():
            self.kind.addItem(kind_name(k, translate), k.code)
        i = self.kind.findData(current)
        self.kind.setCurrentIndex(i if i >= 0 else 0)
        self.kind.blockSignals(False)
        self._kind_changed()

    def current_kind(self) -> ServiceKind | None:
        return self.kinds.get(self.kind.currentData())

    def _kind_changed(self, _index: int = 0) -> None:
        k = self.current_kind()
        self.provider.clear()
        self._guessed = ""
        if k is not None:
            names = list(k.providers) or ([translate("account_services", o) for o in OPERATORS]
                                          if k.account == MOBILE_ACCOUNT else [])
            self.provider.addItems(names)
            self.provider.setCurrentIndex(0 if len(names) == 1 else -1)
            self.fee.setText(Money(k.default_fee_fen).yuan_text() if k.default_fee_fen else "")
            self.account.setPlaceholderText(self.tr("11-digit mobile number") if k.account == MOBILE_ACCOUNT
                                            else self.tr("account number on the bill (户号)"))
        self._account_changed(self.account.text())

    # the account --------------------------------------------------------------------------------
    def _account_changed(self, text: str) -> None:
        k = self.current_kind()
        self.account_hint.clear()
        if k is None or not text.strip():
            self._update()
            return
        try:
            account = parse_account(k, text)
        except DomainError as e:
            self.account_hint.setText(error_text(e))
            self._update()
            return
        if k.account == MOBILE_ACCOUNT:
            op = guess_operator(account)
            name = translate("account_services", op) if op else ""
            # the guess fills an empty provider or replaces the last guess, never the partner's choice
            if name and self.provider.currentText() in ("", self._guessed):
                self.provider.setCurrentText(name)
                self._guessed = name
            self.account_hint.setText(self.tr("Operator guessed from the number: check it "
                                              "(a number may have moved to another operator)") if name else "")
        self._update()

    def set_preset(self, yuan: int) -> None:
        self.amount.setText(str(yuan))
        self.fee.setFocus()
        self.fee.selectAll()

    # figures ------------------------------------------------------------------------------------
    def amounts(self) -> tuple[int, int]:
        amount = check_amount(parse_yuan(self.amount.text(), "amount"))
        fee_text = self.fee.text().strip()
        fee = check_fee(parse_yuan(fee_text, "fee")) if fee_text else 0
        return amount, fee

    def _update(self, _text: str = "") -> None:
        k = self.current_kind()
        try:
            amount, fee = self.amounts()
        except DomainError:
            self.total.setText(self.tr("Total: —"))
            self.detail.clear()
            return
        self.total.setText(self.tr("Total: {total}").format(total=Money(amount + fee)))
        self.detail.setText(self.tr("Amount {amount} + fee {fee}; commission {commission}").format(
            amount=Money(amount), fee=Money(fee), commission=Money(commission(k, amount) if k else 0)))

    def payment_input(self) -> PayInput:
        """What was typed, checked (ValidationError naming the field)."""
        k = self.current_kind()
        if k is None:
            raise ValidationError(tr_noop("errors", "No service is offered: the owner adds them in Settings."),
                                  field="kind")
        account = parse_account(k, self.account.text())
        amount, fee = self.amounts()
        return PayInput(k.code, account, self.provider.currentText(), amount, fee)

    def clear(self) -> None:
        self.account.clear()
        self.amount.clear()
        self._kind_changed()
        self.account.setFocus()
