"""Parcel statuses, history events and their details in the partner's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pos.domain.money import Money


def status_text(status: str) -> str:
    t = QCoreApplication.translate
    return {
        "awaiting_phone": t("parcel_labels", "waiting for a phone"),
        "in_stock": t("parcel_labels", "in stock"),
        "out_for_delivery": t("parcel_labels", "out for delivery"),
        "picked_up": t("parcel_labels", "handed over"),
        "returned": t("parcel_labels", "returned to courier"),
    }.get(status, status)


def statuses() -> list[tuple[str, str]]:
    return [(s, status_text(s)) for s in ("awaiting_phone", "in_stock", "out_for_delivery", "picked_up", "returned")]


def event_text(kind: str) -> str:
    t = QCoreApplication.translate
    return {
        "checked_in": t("parcel_labels", "checked in"),
        "phone_added": t("parcel_labels", "phone added"),
        "label_printed": t("parcel_labels", "label printed"),
        "notice_queued": t("parcel_labels", "notice queued"),
        "picked_up": t("parcel_labels", "handed over at the counter"),
        "reminded": t("parcel_labels", "reminder notice"),
        "return_batch_added": t("parcel_labels", "put in a return batch"),
        "return_batch_removed": t("parcel_labels", "taken out of a return batch"),
        "returned": t("parcel_labels", "returned to courier"),
        "delivery_requested": t("parcel_labels", "marked for delivery"),
        "delivery_cancelled": t("parcel_labels", "delivery cancelled"),
        "out_for_delivery": t("parcel_labels", "out for delivery"),
        "delivered": t("parcel_labels", "delivered to the door"),
        "not_at_home": t("parcel_labels", "nobody at home, back in stock"),
        "stocktake_not_seen": t("parcel_labels", "not found in a stocktake"),
        "notice_sent": t("parcel_labels", "notice sent"),
        "notice_failed": t("parcel_labels", "notice failed"),
        "notice_pending": t("parcel_labels", "notice to send again"),
    }.get(kind, kind)


def details_text(details: dict) -> str:
    t = QCoreApplication.translate
    names = {
        "receipt": t("parcel_labels", "receipt"),
        "collector": t("parcel_labels", "collected by"),
        "relation": t("parcel_labels", "relation"),
        "reason": t("parcel_labels", "reason"),
        "batch": t("parcel_labels", "batch"),
        "run": t("parcel_labels", "run"),
        "received_by": t("parcel_labels", "received by"),
        "days": t("parcel_labels", "days in stock"),
        "code": t("parcel_labels", "pickup code"),
        "due_fen": t("parcel_labels", "due"),
        "collected_fen": t("parcel_labels", "collected"),
        "delivery_fee_fen": t("parcel_labels", "delivery fee"),
    }
    methods = {"cash": t("parcel_labels", "cash"), "mobile": t("parcel_labels", "mobile payment")}
    parts = []
    for key, value in details.items():
        if value in ("", None, [], {}) or key not in names:
            continue
        if key.endswith("_fen"):
            if not value:
                continue
            value = Money(int(value)).format()
            if key == "collected_fen" and details.get("method") in methods:
                value = f"{value} ({methods[details['method']]})"
        parts.append(f"{names[key]}: {value}")
    if details.get("scanned") is False:
        parts.insert(0, t("parcel_labels", "without scan"))
    # a check-in's one event names what it queued
    if details.get("notice"):
        parts.append(t("parcel_labels", "notice queued"))
    if details.get("label_job"):
        parts.append(t("parcel_labels", "label printed"))
    return "; ".join(parts)
