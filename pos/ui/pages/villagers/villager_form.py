"""The villager's details: Enter anywhere in the form saves, Esc puts back what was there."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.domain.errors import DomainError
from pos.domain.villager_fields import ADDRESS_MAX, GROUP_MAX, HOUSEHOLD_MAX, NAME_MAX, VillagerInput
from pos.services.villagers import register as villagers
from pos.services.villagers.register import VillagerView
from pos.ui.context import AppContext
from pos.ui.widgets.form_error import FormError

_RETURN = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class VillagerForm(QWidget):
    saved = Signal(object)  # VillagerView
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current: VillagerView | None = None
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("13812345678, or 138****5678 as on a waybill"))
        self.group = QComboBox()
        self.group.setEditable(True)
        self.group.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.group.lineEdit().setMaxLength(GROUP_MAX)
        self.group.lineEdit().setPlaceholderText(self.tr("for example 三组"))
        self.household = QLineEdit()
        self.household.setMaxLength(HOUSEHOLD_MAX)
        self.address = QLineEdit()
        self.address.setMaxLength(ADDRESS_MAX)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        self.notes.setPlaceholderText(self.tr("Shift+Enter starts a new line"))
        self.consent = QCheckBox(self.tr("Agrees that the station delivers parcels to the door"))
        self.consent_date = QDateEdit()
        self.consent_date.setCalendarPopup(True)
        self.consent_date.setDisplayFormat("yyyy-MM-dd")
        self.consent_date.setMaximumDate(QDate.currentDate())  # a consent is given, not planned
        self.consent.toggled.connect(self.consent_date.setEnabled)
        # the date on its own row: beside the long English sentence it pushed the form off a 1024 px screen
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent_date)
        consent_row.addStretch(1)
        self.no_sms = QCheckBox(self.tr("No SMS notices"))
        self.no_sms.setToolTip(self.tr("Asked not to get SMS notices (the modem skips them)"))
        form = QFormLayout()
        form.addRow(self.tr("Name *"), self.name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Village group"), self.group)
        form.addRow(self.tr("Household"), self.household)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Notes"), self.notes)
        form.addRow(self.consent)
        form.addRow(self.tr("Delivery"), consent_row)
        form.addRow(self.tr("SMS"), self.no_sms)
        self.error = FormError()
        self.save_button = QPushButton(self.tr("Save (Enter)"))
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addLayout(buttons)
        self._fields = {"name": self.name, "phone": self.phone, "village_group": self.group,
                        "household": self.household, "address": self.address, "notes": self.notes,
                        "delivery_consent_at": self.consent_date}
        for w in (*self._fields.values(), self.group.lineEdit(), self.consent, self.no_sms):
            w.installEventFilter(self)
        self.show_villager(None)

    # keyboard -----------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            if key in _RETURN and not (obj is self.notes and mods & Qt.KeyboardModifier.ShiftModifier):
                self.save()
                return True
            if key == Qt.Key.Key_Escape:
                self.cancel()
                return True
        return super().eventFilter(obj, event)

    # showing --------------------------------------------------------------------------------------
    def set_groups(self, groups: list[str]) -> None:
        text = self.group.currentText()
        self.group.clear()
        self.group.addItems(groups)
        self.group.setEditText(text)

    def show_villager(self, v: VillagerView | None, *, name: str = "", phone: str = "") -> None:
        """Fill the form with ``v``, or empty for a new villager (``name``/``phone`` prefilled)."""
        self.current = v
        self.error.clear_error()
        self.name.setText(v.name if v else name)
        self.phone.setText(v.phone_shown if v else phone)
        self.group.setEditText(v.village_group if v else "")
        self.household.setText(v.household if v else "")
        self.address.setText(v.address if v else "")
        self.notes.setPlainText(v.notes if v else "")
        consent = bool(v and v.delivery_consent)
        self.consent.setChecked(consent)
        self.no_sms.setChecked(bool(v and v.no_sms))
        self.consent_date.setEnabled(consent)
        at = v.delivery_consent_at.astimezone().date() if v and v.delivery_consent_at else dt.date.today()
        self.consent_date.setDate(QDate(at.year, at.month, at.day))
        self._shown_consent_day = at if consent else None

    def is_new(self) -> bool:
        return self.current is None

    def start(self) -> None:
        self.name.setFocus()
        self.name.selectAll()

    # actions --------------------------------------------------------------------------------------
    def _consent_time(self) -> dt.datetime | None:
        if not self.consent.isChecked():
            return None
        day = self.consent_date.date().toPython()
        if day == self._shown_consent_day:
            return None  # unchanged: the service keeps the stored time
        if day == dt.date.today():
            return dt.datetime.now(dt.timezone.utc)
        return dt.datetime(day.year, day.month, day.day).astimezone()

    def data(self) -> VillagerInput:
        return VillagerInput(
            self.name.text(), self.phone.text(), self.group.currentText(), self.household.text(),
            self.address.text(), self.notes.toPlainText(), self.consent.isChecked(), self._consent_time(),
            self.no_sms.isChecked(),
        )

    def save(self) -> VillagerView | None:
        op = self.ctx.operator
        if op is None:
            return None
        try:
            if self.current is None:
                v = villagers.create(self.ctx.db, op, self.data())
            else:
                v = villagers.update(self.ctx.db, op, self.current.id, self.data())
        except DomainError as e:
            self.error.show_error(e)
            widget = self._fields.get(getattr(e, "field", None) or "", self.name)
            widget.setFocus()
            return None
        self.show_villager(v)
        self.saved.emit(v)
        return v

    def cancel(self) -> None:
        self.show_villager(self.current)
        self.cancelled.emit()
