"""The main window's pages, their function keys and the order of the navigation bar."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    fkey: Qt.Key
    fkey_text: str
    plan: str  # shown while the page is not built yet


def page_specs() -> list[PageSpec]:
    t = QCoreApplication.translate
    return [
        PageSpec("checkin", t("pages", "Parcel check-in"), Qt.Key.Key_F2, "F2",
                 t("pages", "Scan each parcel's waybill, enter the villager's phone, and shelve it "
                   "under a pickup code; the villager gets a notice.")),
        PageSpec("pickup", t("pages", "Pickup"), Qt.Key.Key_F3, "F3",
                 t("pages", "Find a villager's parcels by pickup code, phone or name, scan each "
                   "one to hand it over.")),
        PageSpec("purchases", t("pages", "Assisted purchases"), Qt.Key.Key_F4, "F4",
                 t("pages", "Order goods online for villagers, take payment, and follow each "
                   "order until it is collected.")),
        PageSpec("sales", t("pages", "Sales"), Qt.Key.Key_F5, "F5",
                 t("pages", "Sell goods and services at the counter, take cash or mobile "
                   "payment, and print the receipt.")),
        PageSpec("shift", t("pages", "Shift"), Qt.Key.Key_F6, "F6",
                 t("pages", "Open the cash drawer with a float, count it at the end of the day, "
                   "and print the shift reports.")),
        PageSpec("reports", t("pages", "Reports"), Qt.Key.Key_F7, "F7",
                 t("pages", "Daily and monthly reports of parcels, purchases and sales, as PDF "
                   "and charts.")),
        PageSpec("villagers", t("pages", "Villagers"), Qt.Key.Key_F8, "F8",
                 t("pages", "The villager register: names, phones, village groups, accounts and "
                   "each villager's history.")),
        PageSpec("settings", t("pages", "Settings"), Qt.Key.Key_F9, "F9", ""),
        PageSpec("sending", t("pages", "Send parcels"), Qt.Key.Key_F10, "F10",
                 t("pages", "Take a villager's parcel to send, weigh and price it, print the receipt, "
                   "and hand the day's parcels to each courier on a signed list.")),
        PageSpec("services", t("pages", "Services"), Qt.Key.Key_F11, "F11",
                 t("pages", "Phone top-ups and electricity, water and other bills paid into a villager's number "
                   "or account: the money goes into the shift, the receipt shows the account masked, a refund "
                   "needs the owner.")),
    ]
