"""Every scan goes to the window in front: a dialog when one is open, else the page on screen.

A scan never reaches the page behind a dialog: while the payment dialog showed ¥2.00, a scan that
slipped through to the sales page behind it added an item, and the sale was recorded at more
than the partner had asked for. A dialog that takes scans has ``handle_scan(code)`` (the product
form puts the code in its barcode field; check-in's questions queue scans on the check-in page,
which handles them once the question is answered); any other dialog refuses the scan with the
error sound and a line in the dialog itself, where the partner is looking. A page that takes no
scans says so too: never a silent drop.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QApplication, QBoxLayout, QDialog, QFormLayout, QGridLayout, QLabel, QVBoxLayout, QWidget,
)

REFUSAL_LINE = "scanRefusedLine"  # the object name of the line a dialog shows a refused scan in


def front_dialog() -> QWidget | None:
    """The dialog in front of the main window, if any: the modal one (open() and exec() both make
    one), or a modeless dialog that has the focus (the receipt preview, the parcels window)."""
    modal = QApplication.activeModalWidget()
    if modal is not None and modal.isVisible():
        return modal
    active = QApplication.activeWindow()
    if isinstance(active, QDialog) and active.isVisible():
        return active
    return None


def show_refusal_line(dialog: QWidget, text: str) -> None:
    """Put ``text`` on a line of its own at the foot of ``dialog`` (or its own ``show_scan_refusal``)."""
    custom = getattr(dialog, "show_scan_refusal", None)
    if custom is not None:
        custom(text)
        return
    label = dialog.findChild(QLabel, REFUSAL_LINE)
    if label is None:
        lay = dialog.layout() or QVBoxLayout(dialog)
        label = QLabel(dialog)
        label.setObjectName(REFUSAL_LINE)
        label.setWordWrap(True)
        label.setStyleSheet("color: #b00020; font-weight: bold;")
        if isinstance(lay, QGridLayout):  # QMessageBox among others
            lay.addWidget(label, lay.rowCount(), 0, 1, max(1, lay.columnCount()))
        elif isinstance(lay, QFormLayout):
            lay.addRow(label)
        elif isinstance(lay, QBoxLayout):
            lay.addWidget(label)
        else:
            lay.addWidget(label)
    label.setText(text)
    label.show()


class ScanRouter(QObject):
    """Routes decoded scans to ``dialog.handle_scan(code)`` or ``page.handle_scan(code)``.

    ``current_page`` returns the visible page, or None when nobody is logged in (a scan at the
    login screen must not be acted on by whoever logs in next). ``open_dialog`` returns the
    dialog in front, if any (``front_dialog`` unless a test says otherwise).
    """

    refused = Signal(str)  # what to tell the partner; the window shows it and beeps

    def __init__(self, current_page: Callable[[], QWidget | None], parent: QObject | None = None,
                 open_dialog: Callable[[], QWidget | None] = front_dialog) -> None:
        super().__init__(parent)
        self._current_page = current_page
        self._open_dialog = open_dialog

    def route(self, code: str) -> bool:
        if not code:
            return False
        dialog = self._open_dialog()
        if dialog is not None:
            return self._to_dialog(dialog, code)
        page = self._current_page()
        if page is None:
            self._refuse(self.tr("Scan {code} ignored: please log in first.").format(code=code))
            return False
        handler = getattr(page, "handle_scan", None)
        if handler is None:
            self._refuse(
                self.tr("This page does not take scans ({code}). Press F2 for parcel check-in, "
                        "F3 for pickup or F5 for sales.").format(code=code)
            )
            return False
        handler(code)
        return True

    def _to_dialog(self, dialog: QWidget, code: str) -> bool:
        handler = getattr(dialog, "handle_scan", None)
        if handler is not None:
            handler(code)
            return True
        text = self.tr("Scan {code} not used: this window does not take scans. Finish or close it first, "
                       "then scan again.").format(code=code)
        QApplication.beep()
        show_refusal_line(dialog, text)
        return False

    def _refuse(self, text: str) -> None:
        QApplication.beep()
        self.refused.emit(text)
