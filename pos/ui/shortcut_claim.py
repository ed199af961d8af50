"""A page's Ctrl and Alt shortcuts win over the editing keys of the field that has the cursor.

A focused QLineEdit asks first (a ShortcutOverride event) and takes its platform's editing keys:
on Linux Ctrl+U deletes the line and Ctrl+K to its end, elsewhere other keys. So pickup's Ctrl+U
(label unreadable) did nothing while the cursor was in the search box. This application-wide
filter answers that question for every field: when the key is one of the page's own shortcuts
(a QShortcut made by the field or one of its ancestors), the field does not get it and the
shortcut fires, whatever the platform's editing keys are.

The everyday editing keys (undo, redo, cut, copy, paste, select all) stay with the field: a page
must not use them (a test checks), except check-in's Ctrl+Z in the empty waybill field, which
that page claims itself.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

# what a person editing text expects from these, on every platform (Qt's key bindings for
# Windows, X11, KDE and GNOME); a page shortcut on one of them would take it from the field
EDITING_KEYS = frozenset({
    "Ctrl+Z", "Ctrl+Y", "Ctrl+Shift+Z", "Alt+Backspace", "Ctrl+C", "Ctrl+V", "Ctrl+X", "Ctrl+A",
    "Ctrl+Ins", "Shift+Ins", "Shift+Del", "Ctrl+Backspace", "Ctrl+Del",
})
_STANDARD_EDITING = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo, QKeySequence.StandardKey.Cut,
                     QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Paste,
                     QKeySequence.StandardKey.SelectAll)
_CLAIMED_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def page_shortcut_for(widget: QWidget, event: QKeyEvent) -> QShortcut | None:
    """The enabled QShortcut made by the widget or one of its ancestors that this key fires."""
    seq = QKeySequence(event.keyCombination())
    w: QWidget | None = widget
    while w is not None:
        for sc in w.findChildren(QShortcut, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if sc.isEnabled() and sc.key().matches(seq) == QKeySequence.SequenceMatch.ExactMatch:
                return sc
        w = w.parentWidget()
    return None


class ShortcutClaim(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(obj, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        if not event.modifiers() & _CLAIMED_MODIFIERS:
            return False
        if any(event.matches(k) for k in _STANDARD_EDITING):
            return False
        if page_shortcut_for(obj, event) is None:
            return False
        event.ignore()  # not the field's: Qt goes on to the shortcut
        return True


def install_shortcut_claim() -> None:
    """Once per application (every main window calls it)."""
    app = QApplication.instance()
    if app is None or app.property("pos_shortcut_claim"):
        return
    claim = ShortcutClaim(app)
    app.installEventFilter(claim)
    app.setProperty("pos_shortcut_claim", True)
