"""One calm, high-contrast look with large type: the counter is busy and many users are elderly."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

STYLE = """
QPushButton { padding: 6px 14px; }
QPushButton:default { font-weight: bold; }
#navBar { background: #f0f4f0; }
#navBar QPushButton { text-align: left; padding: 6px 10px; border: 1px solid #c8d0c8; border-radius: 6px; background: white; }
#navBar QPushButton:checked { background: #2e7d32; color: white; border-color: #2e7d32; font-weight: bold; }
QLineEdit { padding: 4px; }
QStatusBar QLabel { padding: 0 8px; }
"""


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(STYLE)
