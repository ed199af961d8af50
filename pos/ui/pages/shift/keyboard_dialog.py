"""A dialog where Enter means what the focused field says (next field, or submit), never
"press the default button" behind the partner's back while they are still typing a count."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog


class KeyboardDialog(QDialog):
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # a line edit already acted on returnPressed; a focused button clicks itself
            event.accept()
            return
        super().keyPressEvent(event)
