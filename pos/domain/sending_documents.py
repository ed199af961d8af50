"""Paper for sending parcels: the rows of the sender's receipt (built by the shared receipt
builder) and the handover list a courier signs when collecting (揽收)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Callable

from pos.domain.money import Money
from pos.domain.receipt import Document
from pos.domain.receipts import ReceiptRow
from pos.domain.scale_protocols import Weight

Translate = Callable[[str, str], str]


def _english(_context: str, text: str) -> str:
    return text


def kg(grams: int) -> str:
    return f"{Weight(grams).kg_text()} kg"


def _local(at: dt.datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def receipt_rows(p: Any, carrier_name: str, t: Translate = _english) -> tuple[ReceiptRow, ...]:
    """``p``: a SentParcel row. What the sender needs to check: where, how heavy, how priced."""
    rows = [
        ReceiptRow(t("sending_documents", "Carrier"), carrier_name),
        ReceiptRow(t("sending_documents", "Sender"), f"{p.sender_name} {p.sender_phone}"),
        ReceiptRow(t("sending_documents", "Recipient"), f"{p.recipient_name} {p.recipient_phone}"),
        ReceiptRow(t("sending_documents", "To"), " ".join(x for x in (p.province, p.city, p.county) if x)),
        ReceiptRow(t("sending_documents", "Address"), p.address),
        ReceiptRow(t("sending_documents", "Contents"), p.contents),
        ReceiptRow(t("sending_documents", "Weight"), kg(p.weight_grams)),
    ]
    if p.length_cm:
        rows.append(ReceiptRow(t("sending_documents", "Size (cm)"), f"{p.length_cm}×{p.width_cm}×{p.height_cm}"))
        rows.append(ReceiptRow(t("sending_documents", "Volumetric weight"), kg(p.volumetric_grams)))
    rows.append(ReceiptRow(t("sending_documents", "Charged weight"), kg(p.chargeable_grams)))
    rows.append(ReceiptRow(t("sending_documents", "Zone"), p.zone))
    rows.append(ReceiptRow(t("sending_documents", "First weight"), Money(p.first_fen).format("¥")))
    if p.additional_fen:
        rows.append(ReceiptRow(t("sending_documents", "Additional weight"), Money(p.additional_fen).format("¥")))
    if p.insured_value_fen:
        rows.append(ReceiptRow(t("sending_documents", "Insured value"), Money(p.insured_value_fen).format("¥")))
        rows.append(ReceiptRow(t("sending_documents", "Insurance"), Money(p.insurance_fen).format("¥")))
    if p.waybill:
        rows.append(ReceiptRow(t("sending_documents", "Waybill"), p.waybill))
    return tuple(rows)


def handover_list(h: Any, station: str, carrier_names: Mapping[str, str], t: Translate = _english) -> Document:
    """``h``: pos.services.sending.handover.HandoverView."""
    doc = Document()
    doc.title(t("sending_documents", "Courier collection list"))
    if station:
        doc.text(station, align="center")
    doc.rule()
    doc.columns(t("sending_documents", "List no."), h.number)
    doc.columns(t("sending_documents", "Carrier"), carrier_names.get(h.carrier, h.carrier))
    doc.columns(t("sending_documents", "List opened"), _local(h.opened_at))
    if h.closed_at is not None:
        doc.columns(t("sending_documents", "List closed"), _local(h.closed_at))
    doc.rule()
    for i, p in enumerate(h.parcels, start=1):
        doc.columns(f"{i}. {p.waybill}", kg(p.weight_grams))
        doc.text(f"   {p.number} → {p.province}{p.city} {p.recipient_name}")
    doc.rule()
    doc.columns(t("sending_documents", "Number of parcels"), str(len(h.parcels)), bold=True)
    doc.columns(t("sending_documents", "Total weight"), kg(h.total_grams))
    doc.feed(1)
    doc.text(t("sending_documents", "Courier's signature:"))
    doc.feed(2)
    doc.text("______________________")
    doc.text(t("sending_documents", "Station:") + " " + h.operator)
    doc.feed(1)
    doc.cut()
    return doc
