"""Which page class serves each navigation key; keys without an entry show a 'not yet' page."""

from __future__ import annotations

from pos.services.pickup_dues import DEFAULT_DUE_SOURCES
from pos.services.purchase_links import PurchaseBalanceDue
from pos.ui.pages.checkin import CheckinPage
from pos.ui.pages.pickup.pickup_page import PickupPage
from pos.ui.pages.purchases import PurchasesPage
from pos.ui.pages.reports.reports_page import ReportsPage
from pos.ui.pages.sales.sales_page import SalesPage
from pos.ui.pages.settings_page import SettingsPage
from pos.ui.pages.villagers import VillagersPage
from pos.ui.workspace import PageFactory

# what a villager pays when a parcel leaves: the parcel's fees and an assisted purchase's balance
PICKUP_DUE_SOURCES = DEFAULT_DUE_SOURCES + (PurchaseBalanceDue(),)


def page_factories() -> dict[str, PageFactory]:
    return {
        "checkin": CheckinPage,
        "pickup": lambda ctx: PickupPage(ctx, PICKUP_DUE_SOURCES),
        "purchases": PurchasesPage,
        "sales": SalesPage,
        "reports": ReportsPage,
        "villagers": VillagersPage,
        "settings": SettingsPage,
    }
