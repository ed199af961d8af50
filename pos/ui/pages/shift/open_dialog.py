"""Open a shift: the float counted into the drawer."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.domain.errors import DomainError
from pos.domain.money import Money
from pos.domain.receipt import Document
from pos.services.shifts import drawer as shifts
from pos.services.clock import Clock, system_clock
from pos.ui.fonts import big_font
from pos.ui.pages.shift.keyboard_dialog import KeyboardDialog
from pos.ui.widgets.form_error import FormError


class OpenShiftDialog(KeyboardDialog):
    def __init__(self, ctx, parent: QWidget | None = None, clock: Clock = system_clock) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.opened: shifts.ShiftView | None = None
        self.setWindowTitle(self.tr("Open a shift"))
        self.amount = QLineEdit()
        self.amount.setFont(big_font(self.font(), 1.6))
        self.amount.setPlaceholderText("0.00")
        self.amount.returnPressed.connect(self.submit)
        last = shifts.last_closed_shift(ctx.db)
        hint = QLabel(self.tr("Count the cash in the drawer and type the total."))
        hint.setWordWrap(True)
        self.last = QLabel(self.tr("The last shift ({number}) closed with {amount} counted.").format(
            number=last.number, amount=str(Money(last.counted_cash_fen or 0))) if last else "")
        form = QFormLayout()
        form.addRow(self.tr("Opening float"), self.amount)
        self.error = FormError()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Open shift"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.last)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.amount.setFocus()

    def submit(self) -> None:
        try:
            fen = Money.parse(self.amount.text() or "0").fen
            self.opened = shifts.open_shift(self.ctx.db, self.ctx.operator, self.clock, fen)
        except DomainError as e:
            self.error.show_error(e)
            self.amount.setFocus()
            self.amount.selectAll()
            return
        if self.ctx.devices is not None:
            # the float goes into the drawer now; the opening is in the audit log already
            self.ctx.devices.print_document(Document().drawer_kick(), "drawer", self.opened.number)
        self.accept()
