"""The pickup page's small dialogs: collecting for someone else (代取), handing over without a
scan, taking the money due. Each is keyboard-only: Enter accepts, Esc cancels."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QRadioButton, QVBoxLayout, QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.money import Money
from pos.domain.users import Operator
from pos.services.pickup.handover import Payment
from pos.ui.context import AppContext
from pos.ui.fonts import big_font
from pos.ui.owner_approval import require_owner
from pos.ui.widgets.form_error import FormError


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ProxyDialog(QDialog):
    """Who collects for the villager, and how they are related. Both empty = the villager."""

    def __init__(self, recipient: str, name: str = "", relation: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Collecting for someone else"))
        self.name = QLineEdit(name)
        self.name.setMaxLength(50)
        self.relation = QComboBox()
        self.relation.setEditable(True)
        for text in (self.tr("Spouse"), self.tr("Son or daughter"), self.tr("Parent"), self.tr("Brother or sister"),
                     self.tr("Relative"), self.tr("Neighbour"), self.tr("Friend"), self.tr("Colleague")):
            self.relation.addItem(text)
        self.relation.setCurrentText(relation)
        self.error = FormError()
        form = QFormLayout()
        form.addRow(self.tr("Parcels for"), QLabel(recipient or self.tr("(no name)")))
        form.addRow(self.tr("Collector's name"), self.name)
        form.addRow(self.tr("Relation to the villager"), self.relation)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("Leave both empty when the villager collects in person.")))
        lay.addWidget(self.error)
        lay.addWidget(_buttons(self))
        self.name.setFocus()

    def values(self) -> tuple[str, str]:
        return " ".join(self.name.text().split()), " ".join(self.relation.currentText().split())

    def accept(self) -> None:
        name, relation = self.values()
        if name and not relation:
            self.error.show_error(self.tr("Say how the collector is related to the villager."))
            self.relation.setFocus()
            return
        if relation and not name:
            self.error.show_error(self.tr("Enter the collector's name."))
            self.name.setFocus()
            return
        super().accept()


class NoScanDialog(QDialog):
    """Pick the parcels whose label cannot be scanned and say why (it goes to the audit log)."""

    def __init__(self, parcels: list[tuple[uuid.UUID, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hand over without a scan"))
        self.list = QListWidget()
        for pid, text in parcels:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if len(parcels) == 1 else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemActivated.connect(self._toggle)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        for text in (self.tr("Label torn or damaged"), self.tr("Barcode will not scan"),
                     self.tr("Scanner not working")):
            self.reason.addItem(text)
        self.reason.setCurrentText("")
        self.error = FormError()
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Check the parcel against the villager's pickup code and phone first. "
                                     "Space ticks a parcel.")))
        lay.addWidget(self.list)
        form = QFormLayout()
        form.addRow(self.tr("Reason (goes to the audit log)"), self.reason)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(_buttons(self))
        self.list.setCurrentRow(0)
        self.list.setFocus()

    def _toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def chosen(self) -> list[uuid.UUID]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def reason_text(self) -> str:
        return " ".join(self.reason.currentText().split())

    def accept(self) -> None:
        if not self.chosen():
            self.error.show_error(self.tr("Tick the parcels handed over without a scan."))
            self.list.setFocus()
            return
        if not self.reason_text():
            self.error.show_error(self.tr("Say why the parcel is handed over without a scan."))
            self.reason.setFocus()
            return
        super().accept()


class PaymentDialog(QDialog):
    """Take the money due: cash or mobile. Collecting less needs the owner's PIN."""

    def __init__(self, ctx: AppContext, due_fen: int, lines: list[tuple[str, int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.due_fen = due_fen
        self.payment: Payment | None = None
        self.waived_by: Operator | None = None
        self.setWindowTitle(self.tr("Collect the amount due"))
        lay = QVBoxLayout(self)
        for text, fen in lines:
            lay.addWidget(QLabel(f"{text}: {Money(fen).format()}"))
        amount = QLabel(self.tr("Amount due: {amount}").format(amount=Money(due_fen).format()))
        amount.setFont(big_font(self.font(), 2.0))
        lay.addWidget(amount)
        self.cash = QRadioButton(self.tr("&1 Cash"))
        self.mobile = QRadioButton(self.tr("&2 Mobile payment"))
        self.cash.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.cash)
        group.addButton(self.mobile)
        lay.addWidget(self.cash)
        lay.addWidget(self.mobile)
        self.collected = QLineEdit(Money(due_fen).yuan_text())
        form = QFormLayout()
        form.addRow(self.tr("Amount collected"), self.collected)
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("Collecting less than is due needs the owner's PIN.")))
        self.error = FormError()
        lay.addWidget(self.error)
        lay.addWidget(_buttons(self))
        self.collected.selectAll()
        self.collected.setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_1 and not self.collected.hasFocus():
            self.cash.setChecked(True)
        elif event.key() == Qt.Key.Key_2 and not self.collected.hasFocus():
            self.mobile.setChecked(True)
        else:
            super().keyPressEvent(event)

    def accept(self) -> None:
        try:
            fen = Money.parse(self.collected.text()).fen
        except DomainError as e:
            self.error.show_error(e)
            return
        if fen < 0 or fen > self.due_fen:
            self.error.show_error(self.tr("Collect at most {amount}; give the rest back as change.")
                                  .format(amount=Money(self.due_fen).format()))
            return
        self.waived_by = None
        if fen < self.due_fen:
            self.waived_by = require_owner(self.ctx, self, self.tr("collect less than is due"), "parcels.waive_fee")
            if self.waived_by is None:
                return
        self.payment = Payment("cash" if self.cash.isChecked() else "mobile", fen)
        super().accept()
