"""Which page class serves each navigation key; keys without an entry show a 'not yet' page."""

from __future__ import annotations

from pos.ui.pages.settings_page import SettingsPage
from pos.ui.workspace import PageFactory


def page_factories() -> dict[str, PageFactory]:
    return {
        "settings": SettingsPage,
    }
