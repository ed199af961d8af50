"""F1: what the screen on show is for and every key it takes, in the partner's language.

Each page lists its own keys in ``help_keys()`` next to where it makes its shortcuts (a test
checks that every shortcut a page makes is listed), so the panel never drifts from the page.
"""

from __future__ import annotations

from html import escape
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

HelpKeys = list[tuple[str, str]]


class HasHelp(Protocol):
    def help_keys(self) -> HelpKeys: ...


def global_keys() -> HelpKeys:
    t = QCoreApplication.translate
    return [
        ("F1", t("help", "This help")),
        ("F2 … F9", t("help", "Go to a page: F2 check-in, F3 pickup, F4 assisted purchases, F5 sales, "
                              "F6 shift, F7 reports, F8 villagers, F9 settings")),
        ("F10", t("help", "Send parcels (寄件)")),
        ("F11", t("help", "Services: phone top-ups and bills (便民服务)")),
        ("Ctrl+L", t("help", "Log out (lock the counter)")),
        ("Enter", t("help", "Confirm what was typed or chosen")),
        ("Esc", t("help", "Cancel, or close a dialog")),
        ("Tab / Shift+Tab", t("help", "Next or previous field")),
        ("↓", t("help", "From a search box into its list")),
    ]


def login_keys() -> HelpKeys:
    t = QCoreApplication.translate
    return [("0 … 9", t("help", "Type your PIN")), ("Enter", t("help", "Log in")),
            ("F1", t("help", "This help"))]


def keys_of(widget: QWidget) -> HelpKeys:
    finder = getattr(widget, "help_keys", None)
    return list(finder()) if callable(finder) else []


def shortcuts_made_by(widget: QWidget) -> list[str]:
    """The key sequences of the QShortcuts a widget made itself (for the test that keeps the
    panel honest), in portable text."""
    return [sc.key().toString(QKeySequence.SequenceFormat.PortableText)
            for sc in widget.findChildren(QShortcut) if sc.parent() is widget and not sc.key().isEmpty()]


def _table(rows: HelpKeys) -> str:
    cells = "".join(
        f"<tr><td style='padding:3px 14px 3px 0'><b>{escape(k)}</b></td><td style='padding:3px 0'>{escape(v)}</td></tr>"
        for k, v in rows)
    return f"<table>{cells}</table>"


class HelpDialog(QDialog):
    """Modal (a scan while it is open is refused, never acted on behind it); Esc, Enter or F1
    closes it."""

    def __init__(self, title: str, purpose: str, page_keys: HelpKeys, parent: QWidget | None = None,
                 with_global: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Help: {page}").format(page=title))
        parts = [f"<h2>{escape(title)}</h2>"]
        if purpose:
            parts.append(f"<p>{escape(purpose)}</p>")
        if page_keys:
            parts.append(f"<h3>{escape(self.tr('Keys on this page'))}</h3>{_table(page_keys)}")
        if with_global:
            parts.append(f"<h3>{escape(self.tr('Keys everywhere'))}</h3>{_table(global_keys())}")
        self.text = QLabel("".join(parts))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidget(self.text)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll, 1)
        lay.addWidget(buttons)
        QShortcut(QKeySequence("F1"), self, self.reject)
        # fits a 1024x768 screen with the taskbar
        self.resize(720, 560)
        self.setMaximumHeight(680)
        close.setFocus()

    def plain_text(self) -> str:
        doc = self.text.text()
        from PySide6.QtGui import QTextDocument

        d = QTextDocument()
        d.setHtml(doc)
        return d.toPlainText()

