"""Cash in or cash out of the drawer, with the amount and a reason; prints a slip for the drawer."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCompleter, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget,
)

from pos.domain.errors import DomainError, ValidationError
from pos.domain.money import Money
from pos.domain.shift_documents import CashMove, build_cash_slip
from pos.services.shifts import drawer as shifts
from pos.services.clock import Clock, system_clock
from pos.ui.fonts import big_font
from pos.ui.pages.shift.report_view import translate_report
from pos.ui.pages.shift.keyboard_dialog import KeyboardDialog
from pos.ui.widgets.form_error import FormError


class CashMoveDialog(KeyboardDialog):
    def __init__(self, ctx, kind: str, parent: QWidget | None = None, clock: Clock = system_clock) -> None:
        super().__init__(parent)
        assert kind in ("cash_in", "cash_out")
        self.ctx = ctx
        self.kind = kind
        self.clock = clock
        self.move: CashMove | None = None
        self.setWindowTitle(self.tr("Cash in") if kind == "cash_in" else self.tr("Cash out"))
        self.amount = QLineEdit()
        self.amount.setFont(big_font(self.font(), 1.6))
        self.amount.setPlaceholderText("0.00")
        self.reason = QLineEdit()
        common = ([self.tr("Change from the bank"), self.tr("Float top-up")] if kind == "cash_in"
                  else [self.tr("Paid to the bank"), self.tr("Paid a courier"), self.tr("Bought supplies")])
        self.reason.setCompleter(QCompleter(common, self))
        self.reason.setPlaceholderText(common[0])
        self.amount.returnPressed.connect(self.reason.setFocus)
        self.reason.returnPressed.connect(self.submit)
        form = QFormLayout()
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Reason"), self.reason)
        self.error = FormError()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.amount.setFocus()

    def submit(self) -> None:
        fn = shifts.cash_in if self.kind == "cash_in" else shifts.cash_out
        try:
            fen = Money.parse(self.amount.text()).fen
            self.move = fn(self.ctx.db, self.ctx.operator, self.clock, fen, self.reason.text())
        except DomainError as e:
            self.error.show_error(e)
            target = self.reason if isinstance(e, ValidationError) and e.field == "reason" else self.amount
            target.setFocus()
            return
        if self.ctx.devices is not None:
            shift = shifts.current_shift(self.ctx.db)
            number = shift.number if shift else ""
            from pos.services.station import setup as station

            view = station.get_station(self.ctx.db)
            slip = build_cash_slip(self.move, number, view.name if view else "", translate_report)
            self.ctx.devices.print_document(slip, "cash_move", number)
        self.accept()
