"""Owner approval on the spot: an assistant is logged in, the owner types their PIN."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from pos.domain.errors import DomainError
from pos.domain.users import Operator
from pos.ui.context import AppContext
from pos.ui.widgets.form_error import FormError
from pos.ui.widgets.pin_edit import PinEdit


class OwnerPinDialog(QDialog):
    def __init__(self, ctx: AppContext, action_text: str, action_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.action_key = action_key
        self.approved: Operator | None = None
        self.setWindowTitle(self.tr("Owner approval needed"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Only the owner may: {action}").format(action=action_text)))
        lay.addWidget(QLabel(self.tr("Owner, please enter your PIN:")))
        self.pin = PinEdit()
        lay.addWidget(self.pin)
        self.error = FormError()
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.pin.setFocus()

    def _try(self) -> None:
        try:
            self.approved = self.ctx.auth.approve_as_owner(self.ctx.operator, self.pin.text(), self.action_key)
        except DomainError as e:
            self.pin.clear()
            self.error.show_error(e)
            return
        self.accept()


def require_owner(ctx: AppContext, parent: QWidget | None, action_text: str, action_key: str) -> Operator | None:
    """The owner who allows the action: the operator if they are the owner, else ask for the
    owner's PIN. None when refused."""
    op = ctx.operator
    if op is None:
        return None
    if op.is_owner:
        return op
    dlg = OwnerPinDialog(ctx, action_text, action_key, parent)
    return dlg.approved if dlg.exec() == QDialog.DialogCode.Accepted else None
