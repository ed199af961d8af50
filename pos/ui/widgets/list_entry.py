"""The keys between a search box and its list, the same on every page: Down from the search box
enters the list (its first row, or the row already chosen), Up from the list's first row goes
back; and a closed drop-down filter is not changed by the arrow keys behind the partner's back:
Up or Down opens it, and Enter chooses."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit

_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


class _DownIntoList(QObject):
    def __init__(self, search: QLineEdit, view: QAbstractItemView, on_enter: Callable[[], None] | None) -> None:
        super().__init__(search)
        self.search, self.view, self.on_enter = search, view, on_enter

    def _rows(self) -> int:
        model = self.view.model()
        return model.rowCount() if model is not None else 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or event.modifiers() not in _PLAIN:
            return False
        if obj is self.search and event.key() == Qt.Key.Key_Down:
            if not self.view.isVisible() or not self._rows():
                return False
            self.view.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.view.model().index(0, 0))
            if self.on_enter is not None:
                self.on_enter()
            return True
        if obj is self.view and event.key() == Qt.Key.Key_Up and self.view.currentIndex().row() <= 0:
            self.search.setFocus(Qt.FocusReason.BacktabFocusReason)
            return True
        return False


def down_enters_list(search: QLineEdit, view: QAbstractItemView, on_enter: Callable[[], None] | None = None) -> None:
    """The view must be able to take the focus (a view the page keeps focus-less for scans is
    given click-free focus here)."""
    if view.focusPolicy() == Qt.FocusPolicy.NoFocus:
        view.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    f = _DownIntoList(search, view, on_enter)
    search.installEventFilter(f)
    view.installEventFilter(f)


class _ArrowsOpen(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.KeyPress and isinstance(obj, QComboBox) and event.modifiers() in _PLAIN
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)):
            obj.showPopup()
            return True
        return False


def arrows_open_popup(*combos: QComboBox) -> None:
    for combo in combos:
        combo.installEventFilter(_ArrowsOpen(combo))
