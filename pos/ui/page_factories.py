"""Which page class serves each navigation key; keys without an entry show a 'not yet' page."""

from __future__ import annotations

from pos.services.shifts import drawer as shifts
from pos.ui.pages.checkin import CheckinPage
from pos.ui.pages.pickup.pickup_page import PickupPage
from pos.ui.pages.purchases import PurchasesPage
from pos.ui.pages.reports.reports_page import ReportsPage
from pos.ui.pages.sales.sales_page import SalesPage
from pos.ui.pages.sending import SendingPage
from pos.ui.pages.settings_page import SettingsPage
from pos.ui.pages.shift.shift_page import ShiftPage
from pos.ui.pages.villagers import VillagersPage
from pos.ui.shift_prompt import ensure_shift_open
from pos.ui.workspace import PageFactory


def page_factories() -> dict[str, PageFactory]:
    # money is taken only inside an open shift: the pages offer to open one, the sale checks again
    # inside its own transaction
    return {
        "checkin": CheckinPage,
        "pickup": PickupPage,
        "purchases": lambda ctx: PurchasesPage(ctx, money_gate=lambda parent: ensure_shift_open(ctx, parent)),
        "sales": lambda ctx: SalesPage(ctx, shift_guard=shifts.shift_required,
                                       money_gate=lambda parent: ensure_shift_open(ctx, parent)),
        "shift": ShiftPage,
        "reports": ReportsPage,
        "villagers": VillagersPage,
        "settings": SettingsPage,
        "sending": lambda ctx: SendingPage(ctx, money_gate=lambda parent: ensure_shift_open(ctx, parent)),
    }
