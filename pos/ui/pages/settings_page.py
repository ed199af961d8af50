"""Settings (F9): station details, users, language and security, audit log; devices join later."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from pos.services import audit
from pos.ui.context import AppContext
from pos.ui.widgets.scrolled import scrolled
from pos.ui.device_settings_panel import DeviceSettingsPanel
from pos.ui.owner_approval import require_owner
from pos.ui.scale_modem_speech_panel import ScaleModemSpeechPanel
from pos.ui.fonts import big_font
from pos.ui.pages.settings.audit_tab import AuditTab
from pos.ui.pages.settings.backup_tab import BackupTab
from pos.ui.pages.settings.county_tab import CountyTab
from pos.ui.pages.settings.general_tab import GeneralTab
from pos.ui.pages.settings.income_rates_tab import IncomeRatesTab
from pos.ui.pages.settings.station_tab import StationTab
from pos.ui.pages.settings.parcels_tab import ParcelsSettingsTab
from pos.ui.pages.settings.pickup_tab import PickupSettingsTab
from pos.ui.pages.settings.purchases_tab import PurchasesTab
from pos.ui.pages.settings.sales_tab import SalesTab
from pos.ui.pages.settings.server_tab import ServerTab
from pos.ui.pages.settings.services_tab import ServicesTab
from pos.ui.pages.settings.shift_tab import ShiftSettingsTab
from pos.ui.pages.settings.users_tab import UsersTab


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        heading = QLabel(self.tr("Settings"))
        heading.setFont(big_font(self.font(), 1.8))
        self.tabs = QTabWidget()
        self.station_tab = StationTab(ctx)
        self.users_tab = UsersTab(ctx)
        self.general_tab = GeneralTab(ctx)
        self.audit_tab = AuditTab(ctx)
        self.tabs.addTab(scrolled(self.station_tab), self.tr("Station"))
        self.tabs.addTab(scrolled(self.users_tab), self.tr("Users"))
        self.tabs.addTab(scrolled(self.general_tab), self.tr("Language and security"))
        self.tabs.addTab(scrolled(self.audit_tab), self.tr("Audit log"))
        self.devices_panel = None
        self.more_devices_panel = None
        if ctx.devices is not None:
            self.devices_panel = DeviceSettingsPanel(
                ctx.db,
                ctx.devices,
                lambda action_text: require_owner(ctx, self, action_text, "devices"),
                self._audit,
            )
            self.tabs.insertTab(2, scrolled(self.devices_panel), self.tr("Printer and scanner"))
            self.more_devices_panel = ScaleModemSpeechPanel(
                ctx.db, ctx.devices, lambda action_text: require_owner(ctx, self, action_text, "devices"))
            self.tabs.insertTab(3, scrolled(self.more_devices_panel), self.tr("Scale, SMS modem and speech"))
        self.parcels_tab = ParcelsSettingsTab(ctx)
        self.add_tab(self.parcels_tab, self.tr("Parcels"))
        self.pickup_tab = PickupSettingsTab(ctx)
        self.add_tab(self.pickup_tab, self.tr("Parcel pickup"))
        self.add_tab(PurchasesTab(ctx), self.tr("Assisted purchases"))
        self.add_tab(SalesTab(ctx), self.tr("Sales and receipts"))
        self.services_tab = ServicesTab(ctx)
        self.add_tab(self.services_tab, self.tr("Services"))
        self.income_rates_tab = IncomeRatesTab(ctx)
        self.add_tab(self.income_rates_tab, self.tr("Income rates"))
        self.shift_tab = ShiftSettingsTab(ctx)
        self.add_tab(self.shift_tab, self.tr("Shifts"))
        self.backup_tab = BackupTab(ctx)
        self.add_tab(self.backup_tab, self.tr("Backups"))
        self.server_tab = ServerTab(ctx)
        self.add_tab(self.server_tab, self.tr("Several counters"))
        self.county_tab = CountyTab(ctx)
        self.add_tab(self.county_tab, self.tr("County centre"))
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.tabs)
        ctx.session.operator_changed.connect(lambda _op: self.audit_tab.hide_entries())

    def _audit(self, action: str, details: str) -> None:
        audit.record_action(self.ctx.db, self.ctx.operator, action, details)

    def activated(self) -> None:
        # the tab bar takes the keyboard: arrows pick a tab, Tab walks into its form
        self.tabs.tabBar().setFocus()

    def add_tab(self, widget: QWidget, title: str) -> None:
        self.tabs.insertTab(self.tabs.count() - 1, scrolled(widget), title)

    def refresh(self) -> None:
        self.station_tab.load()
        self.users_tab.load()
        self.general_tab.load()
        self.parcels_tab.load()
        self.pickup_tab.load()
        self.shift_tab.load()
        self.services_tab.load()
        self.backup_tab.load()
        self.server_tab.load()
        self.county_tab.load()
        self.income_rates_tab.load()
