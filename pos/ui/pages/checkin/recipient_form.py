"""The form for the parcel being checked in: its carrier, the recipient's phone and name.

The phone field takes an 11-digit mobile number, a masked one as printed (138****5678) or only
the last four digits; a known villager's name shows as soon as a whole number is typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.ui.fonts import big_font, hold_line_height
from pos.ui.widgets.form_error import FormError


class RecipientForm(QFrame):
    phone_entered = Signal()
    name_entered = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.parcel = QLabel()
        self.parcel.setFont(big_font(self.font(), 1.3))
        self.parcel.setWordWrap(True)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("13812345678, 138****5678 or the last 4 digits"))
        self.phone.setMaxLength(20)
        # digits and stars only: an input method would swallow them
        self.phone.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.phone.setFont(big_font(self.font(), 1.4, bold=False))
        self.name = QLineEdit()
        self.name.setMaxLength(50)
        self.name.setPlaceholderText(self.tr("Name as on the label (needed when the phone is masked)"))
        self.villager = QLabel()
        self.villager.setFont(big_font(self.font(), 1.2))
        self.hint = QLabel(self.tr("Enter: check in · Esc: skip this parcel · Ctrl+K: change carrier"))
        for label in (self.parcel, self.villager):
            hold_line_height(label)
        self.error = FormError()
        form = QFormLayout()
        form.addRow(self.tr("Recipient's phone"), self.phone)
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.villager)
        lay = QVBoxLayout(self)
        lay.addWidget(self.parcel)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.hint)
        self.phone.returnPressed.connect(self.phone_entered)
        self.name.returnPressed.connect(self.name_entered)

    def start(self, text: str) -> None:
        self.parcel.setText(text)
        self.phone.clear()
        self.name.clear()
        self.villager.clear()
        self.error.clear_error()
        self.phone.setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)
