"""Which page class serves each navigation key; keys without an entry show a 'not yet' page.

Each page's module is imported when the page is built (pos.ui.workspace builds the first page
with the window and the others right after), so that the station's records are ready behind the
login screen without importing every page first.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from pos.ui.context import AppContext
from pos.ui.workspace import PageFactory


def _checkin(ctx: AppContext) -> QWidget:
    from pos.ui.pages.checkin import CheckinPage

    return CheckinPage(ctx)


def _pickup(ctx: AppContext) -> QWidget:
    from pos.ui.pages.pickup.pickup_page import PickupPage

    return PickupPage(ctx)


def _purchases(ctx: AppContext) -> QWidget:
    from pos.ui.pages.purchases import PurchasesPage
    from pos.ui.shift_prompt import ensure_shift_open

    return PurchasesPage(ctx, money_gate=lambda parent: ensure_shift_open(ctx, parent))


def _sales(ctx: AppContext) -> QWidget:
    from pos.services.shifts import drawer as shifts
    from pos.ui.pages.sales.sales_page import SalesPage
    from pos.ui.shift_prompt import ensure_shift_open

    return SalesPage(ctx, shift_guard=shifts.shift_required, money_gate=lambda parent: ensure_shift_open(ctx, parent))


def _shift(ctx: AppContext) -> QWidget:
    from pos.ui.pages.shift.shift_page import ShiftPage

    return ShiftPage(ctx)


def _reports(ctx: AppContext) -> QWidget:
    from pos.ui.pages.reports.reports_page import ReportsPage

    return ReportsPage(ctx)


def _villagers(ctx: AppContext) -> QWidget:
    from pos.ui.pages.villagers import VillagersPage

    return VillagersPage(ctx)


def _settings(ctx: AppContext) -> QWidget:
    from pos.ui.pages.settings_page import SettingsPage

    return SettingsPage(ctx)


def _sending(ctx: AppContext) -> QWidget:
    from pos.ui.pages.sending import SendingPage
    from pos.ui.shift_prompt import ensure_shift_open

    return SendingPage(ctx, money_gate=lambda parent: ensure_shift_open(ctx, parent))


def _services(ctx: AppContext) -> QWidget:
    from pos.ui.pages.services import ServicesPage
    from pos.ui.shift_prompt import ensure_shift_open

    return ServicesPage(ctx, money_gate=lambda parent: ensure_shift_open(ctx, parent))


def page_factories() -> dict[str, PageFactory]:
    # money is taken only inside an open shift: the pages offer to open one, the sale checks again
    # inside its own transaction
    return {"checkin": _checkin, "pickup": _pickup, "purchases": _purchases, "sales": _sales, "shift": _shift,
            "reports": _reports, "villagers": _villagers, "settings": _settings, "sending": _sending,
            "services": _services}
