"""The parcel admin page in its own window over the Pickup page: window-modal, so function keys
wait until it is closed (Esc), while scans keep reaching it through the Pickup page."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from pos.services.clock import Clock
from pos.ui.context import AppContext
from pos.ui.pages.parcels_admin.admin_page import ParcelsAdminPage


class ParcelsAdminWindow(QDialog):
    def __init__(self, ctx: AppContext, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Parcel admin"))
        self.page = ParcelsAdminPage(ctx, clock)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.page)
        self.resize(1000, 680)

    def open_window(self) -> None:
        self.open()
        self.page.activated()

    def handle_scan(self, code: str) -> None:
        self.page.handle_scan(code)
