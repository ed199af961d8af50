"""Close the shift: count the drawer by denomination, see expected against counted, explain a
variance, get the owner's approval when it is large, then the Z report."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from pos.domain import cash
from pos.domain.errors import DomainError, ValidationError
from pos.domain.money import Money
from pos.domain.shift_documents import CONTEXT, ShiftReport, cash_by_kind, denomination_text
from pos.services import settings as st
from pos.services.shifts import drawer as shifts
from pos.services.clock import Clock, system_clock
from pos.services.shifts.settings import VARIANCE_OWNER_LIMIT, variance_limit_or_default
from pos.ui.fonts import big_font
from pos.ui.owner_approval import require_owner
from pos.ui.pages.shift.keyboard_dialog import KeyboardDialog
from pos.ui.widgets.form_error import FormError


class CloseShiftDialog(KeyboardDialog):
    def __init__(self, ctx, parent: QWidget | None = None, clock: Clock = system_clock) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.report: ShiftReport | None = None
        self.figures = shifts.x_report(ctx.db, clock)
        self.limit = variance_limit_or_default(st.read(ctx.db, VARIANCE_OWNER_LIMIT))
        self.setWindowTitle(self.tr("Close shift {number}").format(number=self.figures.number))
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Note or coin")), 0, 0)
        grid.addWidget(QLabel(self.tr("Pieces")), 0, 1)
        grid.addWidget(QLabel(self.tr("Amount")), 0, 2)
        self.fields: dict[int, QLineEdit] = {}
        self.subtotals: dict[int, QLabel] = {}
        for row, d in enumerate(cash.DENOMINATIONS, start=1):
            edit = QLineEdit()
            edit.setPlaceholderText("0")
            edit.setToolTip(self.tr("Notes and coins of one value may be added: 12+30"))
            edit.textChanged.connect(self._recount)
            edit.returnPressed.connect(self.focusNextChild)  # Enter walks down the count like Tab
            sub = QLabel(str(Money(0)))
            sub.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(QLabel(denomination_text(d)), row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(sub, row, 2)
            self.fields[d], self.subtotals[d] = edit, sub
        # what the expected cash is made of, kind by kind: the partner sees at the count where
        # every yuan came from (pickup fees, balances, delivery, repayments, refunds...)
        self.kinds_grid = QGridLayout()
        self.kind_amounts: dict[str, QLabel] = {}
        self._fill_kinds()
        big = big_font(self.font(), 1.4)
        self.expected_label = QLabel(self.tr("Expected in drawer: {amount}").format(
            amount=str(Money(self.figures.expected_cash_fen))))
        self.counted_label = QLabel()
        self.variance_label = QLabel()
        for lab in (self.expected_label, self.counted_label, self.variance_label):
            lab.setFont(big)
        self.approval_note = QLabel()
        self.approval_note.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Reason for the variance"))
        self.reason.returnPressed.connect(self.submit)
        self.error = FormError()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.close_button.setText(self.tr("Close shift"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Count the cash in the drawer. Tab or Enter moves to the next line.")))
        # the count beside what the cash should be made of: one above the other is taller than a
        # 768 px screen
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("Cash by kind")))
        side.addLayout(self.kinds_grid)
        side.addWidget(self.expected_label)
        side.addWidget(self.counted_label)
        side.addWidget(self.variance_label)
        side.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(grid)
        columns.addSpacing(24)
        columns.addLayout(side)
        lay.addLayout(columns)
        lay.addWidget(self.approval_note)
        lay.addWidget(QLabel(self.tr("Reason")))
        lay.addWidget(self.reason)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self._recount()
        self.fields[cash.DENOMINATIONS[0]].setFocus()

    def _fill_kinds(self) -> None:
        for label, fen in cash_by_kind(self.figures):
            amount = self.kind_amounts.get(label)
            if amount is None:
                amount = QLabel()
                amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                row = len(self.kind_amounts)
                self.kinds_grid.addWidget(QLabel(QCoreApplication.translate(CONTEXT, label)), row, 0)
                self.kinds_grid.addWidget(amount, row, 1)
                self.kind_amounts[label] = amount
            amount.setText(str(Money(fen)))

    # the live count -------------------------------------------------------------------------------
    def counts(self) -> dict[int, int]:
        """The typed counts; ValidationError naming the field that is not a number."""
        return {d: cash.parse_pieces(edit.text(), d) for d, edit in self.fields.items()}

    def _recount(self) -> None:
        total, bad = 0, False
        for d, edit in self.fields.items():
            try:
                n = cash.parse_pieces(edit.text(), d)
            except ValidationError:
                n, bad = 0, True
                edit.setStyleSheet("background: #ffe0e0;")
            else:
                edit.setStyleSheet("")
            self.subtotals[d].setText(str(Money(d * n)))
            total += d * n
        var = cash.variance(self.figures.expected_cash_fen, total)
        self.counted_label.setText(self.tr("Counted: {amount}").format(amount=str(Money(total))))
        sign = "+" if var > 0 else ""
        self.variance_label.setText(self.tr("Variance: {amount}").format(amount=sign + str(Money(var))))
        color = "#1b7f3b" if var == 0 else "#b00020"
        self.variance_label.setStyleSheet(f"color: {color};")
        self.reason.setEnabled(cash.needs_reason(var) or bool(self.reason.text()))
        op = self.ctx.operator
        if cash.needs_owner(var, self.limit) and not (op and op.is_owner):
            self.approval_note.setText(self.tr("The variance is more than {limit}: the owner must approve "
                                               "this close.").format(limit=str(Money(self.limit))))
        else:
            self.approval_note.clear()
        self.variance_fen = var
        self.has_bad_count = bad

    # closing --------------------------------------------------------------------------------------
    def submit(self) -> None:
        self.error.clear_error()
        try:
            counts = self.counts()
        except ValidationError as e:
            self.error.show_error(e)
            self.fields[int(e.field.split("_")[1])].setFocus()
            return
        if cash.needs_reason(self.variance_fen) and not self.reason.text().strip():
            self.error.show_error(self.tr("Please say why the count differs from what was expected."))
            self.reason.setFocus()
            return
        approver = None
        for _attempt in range(2):
            try:
                self.report = shifts.close_shift(
                    self.ctx.db, self.ctx.operator, self.clock, counts, self.reason.text(),
                    approved_by=approver, expected_seen_fen=self.figures.expected_cash_fen,
                )
                break
            except shifts.OwnerApprovalNeeded:
                if approver is not None:
                    raise
                approver = require_owner(self.ctx, self, self.tr("close a shift with a large variance"),
                                         "shift.close_variance")
                if approver is None:
                    self.error.show_error(self.tr("The owner did not approve: the shift is still open."))
                    return
            except DomainError as e:
                self.error.show_error(e)
                if isinstance(e, ValidationError) and e.field == "counts":
                    # money moved while counting: show the new expected figure
                    self.figures = shifts.x_report(self.ctx.db, self.clock)
                    self._fill_kinds()
                    self.expected_label.setText(self.tr("Expected in drawer: {amount}").format(
                        amount=str(Money(self.figures.expected_cash_fen))))
                    self._recount()
                return
        self.accept()
