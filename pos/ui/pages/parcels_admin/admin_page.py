"""Parcel admin: overdue and returns, reconciliation and stocktake, door delivery, search.

Reached from the Pickup page (Ctrl+M). Scans go to the tab in front: a return batch, the
stocktake, marking for delivery, or a search. Ctrl+1..4 pick a tab.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from pos.services.clock import Clock, system_clock
from pos.ui.context import AppContext
from pos.ui.fonts import big_font
from pos.ui.pages.parcels_admin.delivery_tab import DeliveryTab
from pos.ui.pages.parcels_admin.overdue_tab import OverdueTab
from pos.ui.pages.parcels_admin.reconciliation_tab import ReconciliationTab
from pos.ui.pages.parcels_admin.search_tab import SearchTab
from pos.ui.pages.parcel_widgets.common import Carriers


class ParcelsAdminPage(QWidget):
    def __init__(self, ctx: AppContext, clock: Clock = system_clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        carriers = Carriers(ctx)
        heading = QLabel(self.tr("Parcel admin"))
        heading.setFont(big_font(self.font(), 1.5))
        self.overdue = OverdueTab(ctx, clock, carriers)
        self.reconciliation = ReconciliationTab(ctx, clock, carriers)
        self.delivery = DeliveryTab(ctx, clock, carriers)
        self.search = SearchTab(ctx, clock, carriers)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overdue, self.tr("Overdue and returns (Ctrl+1)"))
        self.tabs.addTab(self.reconciliation, self.tr("Reconciliation (Ctrl+2)"))
        self.tabs.addTab(self.delivery, self.tr("Delivery to the door (Ctrl+3)"))
        self.tabs.addTab(self.search, self.tr("Search (Ctrl+4)"))
        self.tabs.currentChanged.connect(lambda _i: self._tab_shown())
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.tabs)
        for i in range(4):
            sc = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda i=i: self.tabs.setCurrentIndex(i))

    def activated(self) -> None:
        self._tab_shown()

    def _tab_shown(self) -> None:
        self.tabs.currentWidget().activated()

    def handle_scan(self, code: str) -> None:
        self.tabs.currentWidget().handle_scan(code)
