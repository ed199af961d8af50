"""The shelf label of a parcel, built from what was stored (so a reprint is the same call)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pos.db.unit_of_work import Database
from pos.domain.parcel_documents import LabelData, build_shelf_label
from pos.domain.receipt import Document
from pos.services.checkin import ParcelView
from pos.services.notices import station_short_name


def doc_translate(text: str) -> str:
    return QCoreApplication.translate("parcel_documents", text)


def shelf_label(db: Database, p: ParcelView, carrier_name: str, station: str | None = None) -> Document:
    """``station``: the short name when the caller read it already (a check-in returns it)."""
    if station is None:
        with db.reader() as s:
            station = station_short_name(s)
    data = LabelData(p.pickup_code, p.phone_display, p.recipient_name, carrier_name, p.checked_in_at, p.waybill,
                     station)
    return build_shelf_label(data, doc_translate)
