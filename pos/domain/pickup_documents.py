"""Printed papers of the pickup side: pickup receipt, return slip, courier reconciliation sheet,
delivery run sheet. Pure: built from the services' views, no device, no Qt.

Text is English marked ``t("parcel_documents", ...)``; ``translate`` (the UI passes
QCoreApplication.translate) gives the station's language. Layout is left to the renderer, which
fits blocks into 32 or 48 columns, so every line here is short or a two-column line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Mapping

from pos.domain.money import Money
from pos.domain.receipt import Document

Translate = Callable[[str, str], str]


def _english(context: str, text: str) -> str:
    return text


def _when(at: dt.datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at else ""


def _carrier(names: Mapping[str, str], code: str) -> str:
    return names.get(code, code)


def _head(doc: Document, title: str, station: str) -> None:
    doc.title(title)
    if station:
        doc.text(station, align="center")
    doc.rule()


def _method(t: Translate, method: str) -> str:
    if method == "cash":
        return t("parcel_documents", "cash")
    if method == "mobile":
        return t("parcel_documents", "mobile payment")
    return ""


def _due_text(t: Translate, line: Any) -> str:
    return line.text(t)


def pickup_receipt(result: Any, station: str, carrier_names: Mapping[str, str], translate: Translate = _english) -> Document:
    """``result``: pos.services.pickup.handover.HandoverResult."""
    t = translate
    doc = Document()
    _head(doc, t("parcel_documents", "Pickup receipt"), station)
    doc.columns(t("parcel_documents", "No."), result.number)
    doc.columns(t("parcel_documents", "Time"), _when(result.at))
    doc.columns(t("parcel_documents", "Operator"), result.operator)
    doc.columns(t("parcel_documents", "Recipient"), result.recipient_name or t("parcel_documents", "(no name)"))
    if result.phone_masked:
        doc.columns(t("parcel_documents", "Phone"), result.phone_masked)
    if result.collector_name:
        doc.columns(t("parcel_documents", "Collected for them by"),
                    f"{result.collector_name} ({result.collector_relation})")
    doc.rule()
    unscanned = set(result.unscanned_ids)
    for p in result.parcels:
        doc.columns(f"{_carrier(carrier_names, p.carrier)} " + t("parcel_documents", "tail {digits}").format(digits=p.waybill_tail),
                    p.pickup_code or "-")
        if p.id in unscanned:
            doc.text(t("parcel_documents", "  handed over without scan: {reason}").format(reason=result.reason))
        for line in p.dues:
            doc.columns("  " + _due_text(t, line), Money(line.amount_fen))
    doc.columns(t("parcel_documents", "Parcels"), str(len(result.parcels)), bold=True)
    if result.due_fen:
        doc.rule()
        doc.columns(t("parcel_documents", "Amount due"), Money(result.due_fen), bold=True)
        if result.collected_fen:
            doc.columns(t("parcel_documents", "Paid ({method})").format(method=_method(t, result.method)),
                        Money(result.collected_fen))
        if result.waived_fen:
            doc.columns(t("parcel_documents", "Waived by the owner"), Money(result.waived_fen))
    doc.rule()
    doc.feed(1)
    doc.text(t("parcel_documents", "Signature: ______________"))
    doc.feed(1)
    doc.text(t("parcel_documents", "Please check your parcels before you leave."), align="center")
    doc.feed(2)
    doc.cut()
    return doc


def return_slip(batch: Any, station: str, carrier_names: Mapping[str, str], translate: Translate = _english) -> Document:
    """``batch``: pos.services.parcels.returns.BatchView (closed)."""
    t = translate
    doc = Document()
    _head(doc, t("parcel_documents", "Return slip"), station)
    doc.columns(t("parcel_documents", "Batch"), batch.number)
    doc.columns(t("parcel_documents", "Courier"), _carrier(carrier_names, batch.carrier))
    doc.columns(t("parcel_documents", "Time"), _when(batch.closed_at or batch.created_at))
    doc.columns(t("parcel_documents", "Operator"), batch.operator)
    doc.rule()
    for p in batch.parcels:
        doc.text(p.waybill, bold=True)
        doc.columns(t("parcel_documents", "  in since {day}").format(day=p.checked_in_at.astimezone().strftime("%m-%d")),
                    t("parcel_documents", "{days} days").format(days=p.days))
    doc.rule()
    doc.columns(t("parcel_documents", "Parcels returned"), str(len(batch.parcels)), bold=True)
    doc.feed(1)
    doc.text(t("parcel_documents", "Courier's signature: __________"))
    doc.feed(1)
    doc.text(t("parcel_documents", "Station's signature: __________"))
    doc.feed(2)
    doc.cut()
    return doc


def reconciliation_sheet(sheet: Any, station: str, carrier_names: Mapping[str, str],
                         translate: Translate = _english) -> Document:
    """``sheet``: pos.services.parcels.reconciliation.DailySheet."""
    t = translate
    doc = Document()
    _head(doc, t("parcel_documents", "Courier reconciliation"), station)
    doc.columns(t("parcel_documents", "Day"), sheet.day.isoformat())
    doc.columns(t("parcel_documents", "Printed"), _when(sheet.made_at))
    doc.rule()
    rows = list(sheet.lines) + [sheet.total]
    for i, x in enumerate(rows):
        last = i == len(rows) - 1
        doc.text(t("parcel_documents", "All carriers") if last else _carrier(carrier_names, x.carrier), bold=True)
        doc.columns(t("parcel_documents", "  received"), str(x.received))
        doc.columns(t("parcel_documents", "  handed over"), str(x.handed_over))
        doc.columns(t("parcel_documents", "  returned"), str(x.returned))
        doc.columns(t("parcel_documents", "  in stock at day's end"), str(x.in_stock), bold=last)
        if i == len(rows) - 2:
            doc.rule("=")
    if not sheet.lines:
        doc.text(t("parcel_documents", "No parcels that day."))
    doc.feed(1)
    doc.text(t("parcel_documents", "Courier's signature: __________"))
    doc.feed(2)
    doc.cut()
    return doc


def delivery_run_sheet(run: Any, station: str, carrier_names: Mapping[str, str],
                       translate: Translate = _english) -> Document:
    """``run``: pos.services.pickup.delivery.RunSheet, grouped by village group."""
    t = translate
    doc = Document()
    _head(doc, t("parcel_documents", "Delivery run sheet"), station)
    doc.columns(t("parcel_documents", "Run"), run.number)
    doc.columns(t("parcel_documents", "Time"), _when(run.created_at))
    doc.columns(t("parcel_documents", "Operator"), run.operator)
    if run.fee_fen:
        doc.columns(t("parcel_documents", "Delivery fee per stop"), Money(run.fee_fen))
    for group, stops in run.groups():
        doc.rule("=")
        doc.text(group or t("parcel_documents", "Village group unknown"), bold=True)
        for stop in stops:
            doc.rule()
            doc.columns(stop.recipient_name or t("parcel_documents", "(no name)"), stop.phone_masked, bold=True)
            doc.text(stop.address or t("parcel_documents", "Address unknown: phone first"))
            for p in stop.parcels:
                doc.columns(f"  {_carrier(carrier_names, p.carrier)} " + t("parcel_documents", "tail {digits}").format(digits=p.waybill[-4:]),
                            p.pickup_code or "-")
            doc.columns(t("parcel_documents", "  to collect"), Money(stop.due_fen), bold=True)
            doc.text(t("parcel_documents", "  received by: ________"))
    doc.rule("=")
    doc.columns(t("parcel_documents", "Stops"), str(len(run.stops)))
    doc.columns(t("parcel_documents", "Parcels"), str(sum(len(s.parcels) for s in run.stops)))
    doc.columns(t("parcel_documents", "Total to collect"), Money(run.due_fen), bold=True)
    doc.feed(2)
    doc.cut()
    return doc
