"""Settings: parcel pickup — reminder and return ages, storage and delivery fees, reminder text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.services.pickup import settings as pickup_settings
from pos.services.pickup.settings import MAX_DAYS, PickupSettings
from pos.ui.context import AppContext
from pos.ui.owner_approval import require_owner
from pos.ui.widgets.form_error import FormError


class PickupSettingsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reminder = self._days()
        self.ret = self._days()
        self.free = self._days(0)
        self.storage = QLineEdit()
        self.delivery = QLineEdit()
        self.template = QPlainTextEdit()
        self.template.setTabChangesFocus(True)
        self.template.setFixedHeight(90)
        form = QFormLayout()
        form.addRow(self.tr("Remind villagers after (days in stock)"), self.reminder)
        form.addRow(self.tr("Return to the courier after (days in stock)"), self.ret)
        form.addRow(self.tr("Storage fee per day (0 = none)"), self.storage)
        form.addRow(self.tr("Free days before the storage fee"), self.free)
        form.addRow(self.tr("Delivery fee per stop (0 = free)"), self.delivery)
        form.addRow(self.tr("Reminder text"), self.template)
        help_text = QLabel(self.tr("The reminder text may use {station} {name} {count} {codes} {days} "
                                   "{return_days}."))
        help_text.setWordWrap(True)
        self.error = FormError()
        self.saved = QLabel()
        self.save = QPushButton(self.tr("Save"))
        self.save.clicked.connect(self.submit)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(help_text)
        lay.addWidget(self.error)
        lay.addWidget(self.saved)
        lay.addWidget(self.save)
        lay.addStretch(1)
        self.load()

    def _days(self, minimum: int = 1) -> QSpinBox:
        box = QSpinBox()
        box.setRange(minimum, MAX_DAYS)
        box.setSuffix(self.tr(" days"))
        return box

    def load(self) -> None:
        cfg = pickup_settings.load(self.ctx.db)
        self.reminder.setValue(cfg.reminder_age_days)
        self.ret.setValue(cfg.return_age_days)
        self.free.setValue(cfg.storage_free_days)
        self.storage.setText(Money(cfg.storage_fee_per_day_fen).yuan_text())
        self.delivery.setText(Money(cfg.delivery_fee_fen).yuan_text())
        self.template.setPlainText(cfg.reminder_template)
        self.error.clear_error()
        self.saved.clear()

    def values(self) -> PickupSettings:
        fees = {}
        for name, edit in (("storage_fee_per_day_fen", self.storage), ("delivery_fee_fen", self.delivery)):
            try:
                fees[name] = Money.parse(edit.text() or "0").fen
            except ValidationError as e:
                raise ValidationError(e.message, field=name, **e.params) from None
            if fees[name] < 0:
                raise ValidationError(tr_noop("errors", "A fee must be ¥0 to ¥1000."), field=name)
        return pickup_settings.check(PickupSettings(
            self.reminder.value(), self.ret.value(), fees["storage_fee_per_day_fen"], self.free.value(),
            fees["delivery_fee_fen"], self.template.toPlainText()))

    def submit(self) -> None:
        self.saved.clear()
        try:
            values = self.values()
        except DomainError as e:
            self.error.show_error(e)
            return
        owner = require_owner(self.ctx, self, self.tr("change the parcel fees and ages"), "settings.parcels_pickup")
        if owner is None:
            return
        try:
            pickup_settings.save(self.ctx.db, owner, values)
        except DomainError as e:
            self.error.show_error(e)
            return
        self.error.clear_error()
        self.saved.setText(self.tr("Saved."))
