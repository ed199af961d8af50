"""A short fast burst (a PIN typed quickly) ended by Enter is typing, not a scan: every key, and
the Enter after them, reaches the field in order."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from pos.devices.scanner_wedge import WedgeScanFilter


def test_fast_pin_then_enter_reaches_the_field_in_order(qtbot, qapp):
    f = WedgeScanFilter(max_gap_ms=40, min_length=6)
    qapp.installEventFilter(f)
    scans, entered = [], []
    f.scanned.connect(scans.append)
    try:
        edit = QLineEdit()
        qtbot.addWidget(edit)
        edit.show()
        edit.returnPressed.connect(lambda: entered.append(edit.text()))
        qtbot.keyClicks(edit, "1234")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(entered), timeout=2000)
        assert entered == ["1234"]
        assert scans == []
    finally:
        qapp.removeEventFilter(f)
