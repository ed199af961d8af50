"""Before money is taken: make sure a shift is open, offering to open one on the spot."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from pos.services.shifts import drawer as shifts
from pos.services.clock import Clock, system_clock
from pos.ui.pages.shift.open_dialog import OpenShiftDialog


class NoShiftQuestion(QMessageBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Question, self.tr("No shift open"),
                         self.tr("No shift is open: open one now?"), parent=parent)
        yes = self.addButton(self.tr("Open a shift"), QMessageBox.ButtonRole.YesRole)
        self.addButton(self.tr("Not now"), QMessageBox.ButtonRole.NoRole)
        self.setDefaultButton(yes)
        self.yes = yes


def ensure_shift_open(ctx, parent: QWidget | None = None, clock: Clock = system_clock) -> bool:
    """True when a shift is open (already, or opened now through the open-shift dialog)."""
    if shifts.require_open_shift(ctx.db) is not None:
        return True
    question = NoShiftQuestion(parent)
    question.exec()
    if question.clickedButton() is not question.yes:
        return False
    dlg = OpenShiftDialog(ctx, parent, clock)
    return dlg.exec() == QDialog.DialogCode.Accepted and dlg.opened is not None
