"""Function keys (F1 help, F2 to F9 pages) and Ctrl+L work wherever the focus is in the main window.

An application-wide event filter rather than QShortcuts: a focused table or line edit cannot
swallow the key first, and it does not depend on how the window manager reports activation.
Keys typed into a dialog are left alone (the dialog's window is not the main window).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget


class FunctionKeys(QObject):
    def __init__(self, window: QWidget, pages: dict[Qt.Key, str], on_page: Callable[[str], None],
                 on_logout: Callable[[], None], on_help: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._pages = pages
        self._on_page = on_page
        self._on_logout = on_logout
        self._on_help = on_help

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QWidget):
            return False
        if obj.window() is not self._window:
            return False
        assert isinstance(event, QKeyEvent)
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = Qt.Key(event.key())
        if mods == Qt.KeyboardModifier.NoModifier and key == Qt.Key.Key_F1 and self._on_help is not None:
            self._on_help()
            return True
        if mods == Qt.KeyboardModifier.NoModifier and key in self._pages:
            self._on_page(self._pages[key])
            return True
        if mods == Qt.KeyboardModifier.ControlModifier and key == Qt.Key.Key_L:
            self._on_logout()
            return True
        return False
