"""Which page class serves each navigation key; keys without an entry show a 'not yet' page."""

from __future__ import annotations

from pos.ui.pages.sales.sales_page import SalesPage
from pos.ui.pages.settings_page import SettingsPage
from pos.ui.pages.villagers import VillagersPage
from pos.ui.workspace import PageFactory


def page_factories() -> dict[str, PageFactory]:
    return {
        "sales": SalesPage,
        "villagers": VillagersPage,
        "settings": SettingsPage,
    }
