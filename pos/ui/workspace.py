"""The logged-in work area: a navigation bar with function keys and one page per area."""

from __future__ import annotations

import logging

from collections.abc import Iterator, Mapping
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
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

PageFactory = Callable[[AppContext], QWidget]


def _settings_page(ctx: AppContext) -> QWidget:
    from pos.ui.pages.settings_page import SettingsPage

    return SettingsPage(ctx)


class Pages(Mapping[str, QWidget]):
    """The pages by key, each built when first asked for: ``pages[key]`` builds that one;
    iterating (``items()``, ``values()``) builds them all."""

    def __init__(self, keys: list[str], build: Callable[[str], QWidget],
                 built: Callable[[str, QWidget], None]) -> None:
        self._keys = list(keys)
        self._build, self._announce = build, built
        self.built: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        page = self.built.get(key)
        if page is None:
            if key not in self._keys:
                raise KeyError(key)
            page = self.built[key] = self._build(key)
            self._announce(key, page)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def next_unbuilt(self) -> str | None:
        return next((k for k in self._keys if k not in self.built), None)


log = logging.getLogger(__name__)


class Workspace(QWidget):
    logout_requested = Signal()
    page_changed = Signal(str)
    page_built = Signal(str, QWidget)

    def __init__(self, ctx: AppContext, factories: dict[str, PageFactory] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.specs = page_specs()
        self.factories = dict(factories or {})
        self.factories.setdefault("settings", _settings_page)
        # Only the first page is built with the window; the others follow one per turn of the
        # event loop once the window is up (behind the login screen, while the PIN is typed), or
        # at once when asked for. Building every page and reading its records first held the
        # station's records back from the login screen (goal: ready within 1 s at five years).
        self.pages = Pages([spec.key for spec in self.specs], self._build_page, self.page_built.emit)
        self.buttons: dict[str, QPushButton] = {}
        self.stack = QStackedWidget()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        nav = QVBoxLayout()
        # eleven page buttons and the receipt preview share a 768 px screen
        nav.setSpacing(1)
        nav.setContentsMargins(6, 6, 6, 6)
        for spec in self.specs:
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
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._build_next)
        self._later.start()

    def _build_page(self, key: str) -> QWidget:
        spec = next(s for s in self.specs if s.key == key)
        factory = self.factories.get(key)
        page = factory(self.ctx) if factory is not None else PendingPage(spec.title, spec.plan)
        self.stack.addWidget(page)
        return page

    def _build_next(self) -> None:
        # only while the window is up: a closed window (or one a test has finished with) must not
        # go on building pages over a database that may be gone; showing it again resumes
        if not self.window().isVisible():
            return
        key = self.pages.next_unbuilt()
        if key is None:
            return
        try:
            self.pages[key]  # noqa: B018 - builds it
        except Exception:
            # building ahead is only a head start: the page is built again when asked for, and
            # then its error reaches the partner the usual way
            log.exception("building page %s ahead failed; it is built when opened", key)
            return
        self._later.start()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.pages.next_unbuilt() is not None:
            self._later.start()

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
        return next(k for k, p in self.pages.built.items() if p is current)

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    def spec_for_fkey(self, key: int) -> PageSpec | None:
        return next((s for s in self.specs if s.fkey == key), None)
