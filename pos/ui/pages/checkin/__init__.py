"""Parcel check-in (F2).

    checkin_page    the page: the scan queue, the steps of a check-in, undo, batch mode
    scan_bar        the top: waybill field, layer choice, today's count, batch mode
    recipient_form  the phone and name fields of the parcel being checked in
    recipient_step  what typing them does: the villager shown, Enter, the choice among villagers
    labels          the shelf label, queued with the check-in or printed again
    today_lists     the day's count, last check-ins, awaiting parcels and layers, kept up to date
    recent_list     the tables and the big pickup code that show them
    pickers         the questions: carrier, villager, a parcel that was here before
"""

from pos.ui.pages.checkin.checkin_page import CheckinPage

__all__ = ["CheckinPage"]
