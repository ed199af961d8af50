"""Asking the owner when a service says an action needs their approval."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from pos.domain.users import Operator
from pos.i18n import error_text
from pos.services.sales.products import OwnerApprovalNeeded
from pos.ui.context import AppContext
from pos.ui.owner_approval import require_owner


def ask_owner(ctx: AppContext, parent: QWidget, err: OwnerApprovalNeeded) -> Operator | None:
    """Show the warning; if the partner goes on, the owner approves (PIN unless logged in)."""
    t = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Warning, t("sales", "Owner approval needed"), error_text(err),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(t("sales", "Owner allows it"))
    box.button(QMessageBox.StandardButton.No).setText(t("sales", "Cancel"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    if box.exec() != QMessageBox.StandardButton.Yes:
        return None
    return require_owner(ctx, parent, error_text(err), err.action_key)
