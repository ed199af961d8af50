"""The villager register page (F8)."""

from pos.ui.pages.villagers.villagers_page import VillagersPage

__all__ = ["VillagersPage"]
