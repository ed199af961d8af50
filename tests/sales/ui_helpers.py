"""Driving modal dialogs from pytest-qt: each handler gets the next new modal widget."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


class ModalDriver:
    def __init__(self) -> None:
        self.handlers = []
        self.seen = []
        self.errors = []
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(15)

    def then(self, fn) -> "ModalDriver":
        self.handlers.append(fn)
        return self

    def _tick(self) -> None:
        w = QApplication.activeModalWidget()
        if w is None or any(w is s for s in self.seen) or not self.handlers:
            return
        if QApplication.activeWindow() is not w:
            w.activateWindow()  # keys and shortcuts go to the active window
            return
        self.seen.append(w)
        fn = self.handlers.pop(0)
        try:
            fn(w)
        except Exception as e:  # noqa: BLE001 - reported by done()
            self.errors.append(e)
            w.close()

    def done(self) -> None:
        self.timer.stop()
        if self.errors:
            raise self.errors[0]
        assert not self.handlers, "a dialog the test expected never opened"
