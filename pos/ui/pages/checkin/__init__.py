"""Parcel check-in (F2)."""

from pos.ui.pages.checkin.checkin_page import CheckinPage

__all__ = ["CheckinPage"]
