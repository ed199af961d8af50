"""Small pieces the purchase screens share: translation, money fields, printing."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from pos.domain import purchases as rules
from pos.domain.money import Money
from pos.domain.receipt import Document
from pos.ui.context import AppContext

log = logging.getLogger(__name__)


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def status_text(status: str) -> str:
    return translate("purchases", rules.STATUS_NAMES.get(status, status))


def method_text(method: str) -> str:
    t = QCoreApplication.translate
    return {"cash": t("purchases", "Cash"), "mobile": t("purchases", "Mobile payment"),
            "account": t("purchases", "On account")}.get(method, method)


def yuan(fen: int) -> str:
    return str(Money(fen))


class EnterEdit(QLineEdit):
    """A line edit whose Enter is its own (it never presses the dialog's default button)."""

    entered = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entered.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class MoneyEdit(QLineEdit):
    """An amount in yuan as typed (12, 12.5, ¥12.50); read with fen(), which raises on bad text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaxLength(14)

    def fen(self) -> int:
        return Money.parse(self.text()).fen

    def set_fen(self, fen: int) -> None:
        self.setText(Money(fen).yuan_text())


def print_document(ctx: AppContext, doc: Document | None, reference: str) -> bool:
    """Queue a receipt (saved first, printed when the printer can); False when no printer is set."""
    if doc is None or ctx.devices is None:
        return False
    ctx.devices.print_document(doc, "receipt", reference)
    return True
