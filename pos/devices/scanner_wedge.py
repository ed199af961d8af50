"""Keyboard-wedge (HID) scanner: an application-wide event filter that tells a scanner from a
person by the time between keys.

Every printable key press is held back for at most ``max_gap_ms``. When the next key follows
sooner, the burst grows; a burst of at least ``min_length`` characters ended by Enter (or by
silence) is a scan: it is emitted and none of its keys reach the focused widget. Anything else
is replayed, in order, to the widget it was meant for, so a person's typing arrives unchanged,
only up to ``max_gap_ms`` later (40 ms by default: scanners send a key every 5-20 ms, people
rarely type two keys within 60 ms).

Chinese input methods see keys before Qt does, so a scan typed into a field with an active
pinyin IME reaches us as input-method events. A commit of printable ASCII of scan length whose
composition grew at scanner speed is taken as a scan too and never lands in the field. Code
fields should still disable the IME (see ``scan_friendly``); a serial scanner avoids the IME
altogether.
"""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from pos.devices.scan_normalise import GS, normalise

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_SHORTCUT_MODS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class WedgeScanFilter(QObject):
    scanned = Signal(str)
    status_changed = Signal(str)

    def __init__(self, max_gap_ms: int = 40, min_length: int = 6, parent: QObject | None = None):
        super().__init__(parent)
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self._held: list[tuple[QWidget, QKeyEvent]] = []
        self._text = ""
        self._last = 0.0
        self._replaying = False
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.timeout.connect(self._on_silence)
        self._ime_times: list[float] = []
        self._installed = False

    # lifecycle -----------------------------------------------------------------------------
    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
            self.status_changed.emit(QCoreApplication.translate("devices", "keyboard mode"))

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False
        self._flush_timer.stop()
        self._replay()

    # the filter ----------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self._replaying or not obj.isWidgetType():
            return False
        etype = event.type()
        if etype == QEvent.Type.KeyPress:
            return self._key_press(obj, event)
        if etype == QEvent.Type.InputMethod:
            return self._input_method(event)
        return False

    def _key_press(self, widget: QWidget, ev: QKeyEvent) -> bool:
        now = time.monotonic()
        text = ev.text()
        if ev.isAutoRepeat():
            self._replay()
            return False
        fast = bool(self._held) and (now - self._last) * 1000 <= self.max_gap_ms
        if ev.key() in _ENTER:
            if fast and self._is_scan():
                self._finish_scan()
                return True
            self._replay()
            return False
        is_gs = text == GS
        if not is_gs and (not text or not text.isprintable() or ev.modifiers() & _SHORTCUT_MODS):
            if ev.key() in (Qt.Key.Key_Shift, Qt.Key.Key_CapsLock):
                return False  # scanners press Shift for capitals; it must not end a burst
            self._replay()
            return False
        if self._held and not fast:
            self._replay()
        self._held.append((widget, QKeyEvent(ev.type(), ev.key(), ev.modifiers(), text)))
        self._text += text
        self._last = now
        self._flush_timer.start(self.max_gap_ms)
        return True

    def _on_silence(self) -> None:
        # a scanner configured without a suffix: a long enough fast burst is still a scan
        if self._is_scan():
            self._finish_scan()
        else:
            self._replay()

    def _is_scan(self) -> bool:
        return len(self._held) >= self.min_length

    def _finish_scan(self) -> None:
        self._flush_timer.stop()
        code = normalise(self._text)
        self._held.clear()
        self._text = ""
        if code:
            self.scanned.emit(code)

    def _replay(self) -> None:
        """Deliver held keys to their widgets: it was a person typing after all."""
        self._flush_timer.stop()
        held, self._held, self._text = self._held, [], ""
        self._replaying = True
        try:
            for widget, ev in held:
                if shiboken6.isValid(widget):
                    QCoreApplication.sendEvent(widget, ev)
        finally:
            self._replaying = False

    def _input_method(self, ev: QInputMethodEvent) -> bool:
        now = time.monotonic()
        if ev.preeditString():
            self._ime_times.append(now)
            return False
        commit = ev.commitString()
        times, self._ime_times = self._ime_times, []
        if len(commit) < self.min_length or not (commit.isascii() and commit.isprintable()):
            return False
        times.append(now)
        gaps = [(b - a) * 1000 for a, b in zip(times, times[1:])]
        burst = len(times) >= self.min_length and all(g <= self.max_gap_ms for g in gaps)
        if not burst:
            return False
        code = normalise(commit)
        if code:
            self.scanned.emit(code)
        return True


def scan_friendly(widget: QWidget) -> None:
    """For fields that only ever take codes: no input method, Latin keys only."""
    widget.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    widget.setInputMethodHints(
        Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhNoPredictiveText
    )
