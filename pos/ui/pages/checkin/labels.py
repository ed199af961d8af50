"""The shelf label of a parcel, built from what was stored (so a reprint is the same call), and
how the check-in page gets it printed."""

from __future__ import annotations

import inspect
from typing import Callable

from PySide6.QtCore import QCoreApplication

from pos.db.unit_of_work import Database
from pos.domain.errors import DomainError
from pos.domain.parcel_documents import LabelData, build_shelf_label
from pos.domain.receipt import Document
from pos.services.parcels import checkin
from pos.services.parcels.checkin import CheckinResult, LabelBuilder, ParcelView
from pos.services.clock import Clock
from pos.services.parcels.notices import station_short_name
from pos.ui.context import AppContext


def doc_translate(text: str) -> str:
    return QCoreApplication.translate("parcel_documents", text)


def label_document(p: ParcelView, carrier_name: str, station: str) -> Document:
    data = LabelData(p.pickup_code, p.phone_display, p.recipient_name, carrier_name, p.checked_in_at, p.waybill,
                     station)
    return build_shelf_label(data, doc_translate)


def shelf_label(db: Database, p: ParcelView, carrier_name: str, station: str | None = None) -> Document:
    """``station``: the short name when the caller read it already (a check-in returns it)."""
    if station is None:
        with db.reader() as s:
            station = station_short_name(s)
    return label_document(p, carrier_name, station)


class LabelPrinter:
    """The check-in page's labels. With the device hub a check-in stores its label's print job in
    its own transaction (one commit), and the hub is only told to send it; a device stand-in
    without that (tests, tools) gets the label through print_document after the check-in."""

    def __init__(self, ctx: AppContext, clock: Clock, carrier_text: Callable[[str], str],
                 on_error: Callable[[DomainError], None]) -> None:
        self.ctx = ctx
        self.clock = clock
        self.carrier_text = carrier_text
        self.on_error = on_error
        self.last: Document | None = None

    def builder(self) -> LabelBuilder | None:
        """What check_in takes as ``label``; None when the label is printed after the check-in."""
        if not callable(getattr(self.ctx.devices, "queued", None)):
            return None
        return lambda p, station: label_document(p, self.carrier_text(p.carrier), station)

    def checked_in(self, result: CheckinResult) -> None:
        if result.label_job is not None:
            self.last = result.label
            self.ctx.devices.queued()  # type: ignore[union-attr]
        else:
            self.print(result.parcel, result.station_name)

    def print(self, p: ParcelView, station: str | None = None) -> None:
        """Queue the label (the check-in is saved already) and note it in the parcel's history."""
        self.last = shelf_label(self.ctx.db, p, self.carrier_text(p.carrier), station)
        devices = self.ctx.devices
        if devices is None:
            return
        op, clock = self.ctx.operator, self.clock
        try:
            if _takes_also(devices):  # the event in the print job's transaction: one commit, not two
                devices.print_document(self.last, "shelf_label", p.pickup_code,
                                       also=lambda s, job: checkin.record_label_printed(s, op, clock, p.id, job))
            else:
                job = devices.print_document(self.last, "shelf_label", p.pickup_code)
                checkin.label_printed(self.ctx.db, op, clock, p.id, job)
        except DomainError as e:
            self.on_error(e)


_ALSO: dict[type, bool] = {}


def _takes_also(devices: object) -> bool:
    """Whether ``devices.print_document`` takes ``also`` (DeviceHub does; simple stand-ins may not)."""
    kind = type(devices)
    if kind not in _ALSO:
        try:
            _ALSO[kind] = "also" in inspect.signature(devices.print_document).parameters  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            _ALSO[kind] = False
    return _ALSO[kind]
