"""The logged-in work area: a navigation bar with function keys and one page per area."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos.ui.context import AppContext
from pos.ui.page_registry import PageSpec, page_specs
from pos.ui.receipt_preview import ReceiptPreviewPanel
from pos.ui.pages.pending_page import PendingPage
from pos.ui.pages.settings_page import SettingsPage

PageFactory = Callable[[AppContext], QWidget]


class Workspace(QWidget):
    logout_requested = Signal()
    page_changed = Signal(str)

    def __init__(self, ctx: AppContext, factories: dict[str, PageFactory] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.specs = page_specs()
        self.pages: dict[str, QWidget] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.stack = QStackedWidget()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        nav = QVBoxLayout()
        nav.setSpacing(2)  # ten page buttons and the receipt preview share a 768 px screen
        factories = dict(factories or {})
        factories.setdefault("settings", SettingsPage)
        for spec in self.specs:
            page = factories[spec.key](ctx) if spec.key in factories else PendingPage(spec.title, spec.plan)
            self.pages[spec.key] = page
            self.stack.addWidget(page)
            b = self._nav_button(spec)
            self.buttons[spec.key] = b
            self.group.addButton(b)
            nav.addWidget(b)
        # the preview printer's receipts show here, beside the page and never over it
        self.preview = ReceiptPreviewPanel()
        nav.addWidget(self.preview, 100)
        nav.addStretch(1)
        self.logout_button = QPushButton(self.tr("Log out\nCtrl+L"))
        self.logout_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.logout_button.setMinimumHeight(46)
        self.logout_button.clicked.connect(self.logout_requested)
        nav.addWidget(self.logout_button)
        nav_box = QWidget()
        nav_box.setObjectName("navBar")
        nav_box.setLayout(nav)
        nav_box.setFixedWidth(180)  # every page of a 1024 px screen needs the width; "Assisted purchases" fits
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(nav_box)
        lay.addWidget(self.stack, 1)
        self.show_page("checkin")

    def _nav_button(self, spec: PageSpec) -> QPushButton:
        b = QPushButton(f"{spec.title}\n{spec.fkey_text}")
        b.setCheckable(True)
        b.setMinimumHeight(46)  # two lines; the receipt preview below needs the rest
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # the function keys are the keyboard path; buttons must not steal focus from a scan field
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setToolTip(QKeySequence(spec.fkey).toString(QKeySequence.SequenceFormat.NativeText))
        b.clicked.connect(lambda _=False, key=spec.key: self.show_page(key))
        return b

    def show_page(self, key: str) -> None:
        page = self.pages[key]
        self.stack.setCurrentWidget(page)
        self.buttons[key].setChecked(True)
        page.setFocus()
        if hasattr(page, "activated"):
            page.activated()
        self.page_changed.emit(key)

    def current_key(self) -> str:
        current = self.stack.currentWidget()
        return next(k for k, p in self.pages.items() if p is current)

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    def spec_for_fkey(self, key: int) -> PageSpec | None:
        return next((s for s in self.specs if s.fkey == key), None)
