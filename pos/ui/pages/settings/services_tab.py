"""Settings → Services: the services with an account the station offers (phone top-up, bills),
each with its commission rule and usual fee. The owner's; while the station is linked and the
county centre sent its list, the county's list is shown and cannot be changed here.

A commission rule changes later payments only: each payment keeps the commission it was given.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
    QVBoxLayout, QWidget,
)

from pos.domain.account_services import (
    BILL_ACCOUNT, MOBILE_ACCOUNT, ServiceKind, parse_kind, parse_percent, percent_text,
)
from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.services.account_services import kinds as kinds_svc
from pos.ui.context import AppContext
from pos.ui.owner_approval import require_owner
from pos.ui.pages.purchases.common import MoneyEdit
from pos.ui.pages.services.pay_form import translate
from pos.ui.widgets.form_error import FormError


class ServicesTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kinds: list[ServiceKind] = []
        self.row = -1
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(150)
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("e.g. broadband (letters, digits, _)"))
        self.name = QLineEdit()
        self.account = QComboBox()
        self.account.addItem(self.tr("Mobile number"), MOBILE_ACCOUNT)
        self.account.addItem(self.tr("Bill account (digits and letters)"), BILL_ACCOUNT)
        self.enabled = QCheckBox(self.tr("Offered at the counter"))
        self.percent = QLineEdit()
        self.percent.setPlaceholderText("0.50")
        self.fixed = MoneyEdit()
        self.fee = MoneyEdit()
        self.providers = QLineEdit()
        self.providers.setPlaceholderText(self.tr("separated by commas, e.g. 国网湖南省电力"))
        form = QFormLayout()
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Paid into"), self.account)
        form.addRow("", self.enabled)
        form.addRow(self.tr("Commission (% of the amount)"), self.percent)
        form.addRow(self.tr("Commission per payment (yuan)"), self.fixed)
        form.addRow(self.tr("Usual fee charged (yuan)"), self.fee)
        form.addRow(self.tr("Providers"), self.providers)
        hint = QLabel(self.tr("A new rule counts for later payments only: each payment keeps its commission."))
        hint.setWordWrap(True)
        self.add = QPushButton(self.tr("New service"))
        self.add.clicked.connect(self.new_kind)
        self.save = QPushButton(self.tr("Save services"))
        self.save.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        self.error = FormError()
        self.saved = QLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.list)
        lay.addLayout(form)
        lay.addWidget(hint)
        lay.addWidget(self.error)
        lay.addWidget(self.saved)
        lay.addLayout(buttons)
        lay.addStretch(1)
        self.list.currentRowChanged.connect(self._row_changed)
        self.providers.returnPressed.connect(self.submit)
        self.load()

    def _editors(self) -> list[QWidget]:
        return [self.name, self.account, self.enabled, self.percent, self.fixed, self.fee, self.providers,
                self.add, self.save]

    def load(self) -> None:
        force = kinds_svc.kinds_in_force(self.ctx.db)
        self.kinds = list(force.kinds)
        by_county = force.source == kinds_svc.COUNTY
        if by_county:
            self.note.setText(self.tr("The county centre sets these services and their commissions while the "
                                      "station is linked: they are shown here and cannot be changed."))
        elif force.county_error:
            self.note.setText(self.tr("The county centre's list of services could not be read ({error}); the "
                                      "station's own list below is used.").format(error=force.county_error))
        else:
            self.note.setText(self.tr("The services offered on the Services page (F11). Only the owner saves."))
        for w in self._editors():
            w.setEnabled(not by_county)
        self.code.setReadOnly(True)
        self.error.clear_error()
        self.saved.clear()
        self.row = -1
        self._fill_list(0)

    def _fill_list(self, select: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for k in self.kinds:
            text = self.tr("{name}: {percent}% + {fixed} per payment, fee {fee}").format(
                name=kinds_svc.kind_name(k, translate), percent=percent_text(k.commission_bp),
                fixed=Money(k.commission_fen), fee=Money(k.default_fee_fen))
            if not k.enabled:
                text += self.tr(" (not offered)")
            QListWidgetItem(text, self.list)
        self.list.blockSignals(False)
        if self.kinds:
            self.list.setCurrentRow(min(select, len(self.kinds) - 1))
            self._row_changed(self.list.currentRow())

    def _row_changed(self, row: int) -> None:
        if row == self.row:
            return
        if self.row >= 0 and self.save.isEnabled() and not self._store():
            self.list.blockSignals(True)
            self.list.setCurrentRow(self.row)  # stay on the kind until its fields are right
            self.list.blockSignals(False)
            return
        self.row = row
        if not 0 <= row < len(self.kinds):
            return
        k = self.kinds[row]
        self.code.setText(k.code)
        self.code.setReadOnly(True)
        self.name.setText(k.name)
        self.name.setPlaceholderText(kinds_svc.kind_name(k, translate))
        self.account.setCurrentIndex(self.account.findData(k.account))
        self.enabled.setChecked(k.enabled)
        self.percent.setText(percent_text(k.commission_bp))
        self.fixed.set_fen(k.commission_fen)
        self.fee.set_fen(k.default_fee_fen)
        self.providers.setText(", ".join(k.providers))

    def _form_kind(self) -> ServiceKind:
        providers = [p.strip() for p in self.providers.text().replace("，", ",").replace("、", ",").split(",")]
        try:
            fixed, fee = self.fixed.fen(), self.fee.fen()
        except ValidationError as e:
            raise ValidationError(e.message, field="commission_fen", **e.params) from None
        return parse_kind({
            "code": self.code.text().strip(), "name": self.name.text(), "account": self.account.currentData(),
            "enabled": self.enabled.isChecked(), "commission_bp": parse_percent(self.percent.text()),
            "commission_fen": fixed, "default_fee_fen": fee, "providers": [p for p in providers if p],
        })

    def _store(self) -> bool:
        """The form into the list; False (with the message shown) when a field is wrong."""
        if not 0 <= self.row < len(self.kinds):
            return True
        try:
            kind = self._form_kind()
            if any(k.code == kind.code for i, k in enumerate(self.kinds) if i != self.row):
                raise ValidationError(tr_noop("errors", "The service '{code}' is listed twice."), field="code",
                                      code=kind.code)
        except DomainError as e:
            self.error.show_error(e)
            return False
        self.error.clear_error()
        self.kinds[self.row] = kind
        return True

    def new_kind(self) -> None:
        if not self._store():
            return
        self.kinds.append(ServiceKind("new_service", "", BILL_ACCOUNT, True))
        self.row = -1
        self._fill_list(len(self.kinds) - 1)
        self.code.setReadOnly(False)
        self.code.setFocus()
        self.code.selectAll()

    def submit(self) -> None:
        self.saved.clear()
        if not self._store():
            return
        owner = require_owner(self.ctx, self, self.tr("change the services and their commissions"),
                              "settings.services")
        if owner is None:
            return
        try:
            kinds_svc.save_kinds(self.ctx.db, owner, self.kinds)
        except DomainError as e:
            self.error.show_error(e)
            return
        row = self.row
        self.load()
        self._fill_list(row)
        self.saved.setText(self.tr("Saved."))
