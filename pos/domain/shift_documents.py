"""A shift's figures (ShiftReport) and their printed form: the X report (mid-shift, closes
nothing) and the Z report (the close), as receipt-printer Documents.

Labels are English marked with tr_noop("shift_documents", ...); the caller passes ``tr`` (the UI
gives QCoreApplication.translate for that context), so this module stays free of Qt.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Callable

from pos.domain.cash import DENOMINATIONS, METHODS, ShiftTotals
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.receipt import Document

Translate = Callable[[str], str]
CONTEXT = "shift_documents"


@dataclass(frozen=True)
class CashMove:
    at: dt.datetime
    purpose: str  # cash_in | cash_out
    amount_fen: int
    reason: str
    operator: str


@dataclass(frozen=True)
class ServiceTotal:
    """Services with an account paid in the shift, one kind: how many, their amounts and fees."""

    name: str
    count: int
    amount_fen: int
    fee_fen: int


@dataclass(frozen=True)
class ShiftReport:
    shift_id: uuid.UUID
    number: str
    opened_at: dt.datetime
    opened_by: str
    float_fen: int
    until: dt.datetime  # the close, or the moment of an X report
    totals: ShiftTotals
    expected_cash_fen: int
    parcels_in: int = 0
    parcels_out: int = 0
    parcels_returned: int = 0
    cash_moves: tuple[CashMove, ...] = ()
    closed: bool = False
    closed_by: str = ""
    counted_cash_fen: int | None = None
    variance_fen: int | None = None
    variance_reason: str = ""
    counts: dict[int, int] = field(default_factory=dict)
    approved_by: str = ""
    services: tuple[ServiceTotal, ...] = ()

    @property
    def kind(self) -> str:
        return "Z" if self.closed else "X"


METHOD_LABELS = {
    "cash": tr_noop("shift_documents", "Cash"),
    "mobile": tr_noop("shift_documents", "Mobile payment"),
    "account": tr_noop("shift_documents", "On account"),
}
PURPOSE_LABELS = {
    "sale": tr_noop("shift_documents", "Counter sales"),
    "sale_refund": tr_noop("shift_documents", "Sale refunds"),
    "purchase_deposit": tr_noop("shift_documents", "Purchase deposits"),
    "purchase_balance": tr_noop("shift_documents", "Purchase balances"),
    "purchase_refund": tr_noop("shift_documents", "Purchase refunds"),
    "parcel_fee": tr_noop("shift_documents", "Parcel fees"),
    "delivery": tr_noop("shift_documents", "Delivery collections"),
    "parcel_send": tr_noop("shift_documents", "Parcels sent"),
    "service": tr_noop("shift_documents", "Services (top-ups, bills)"),
    "service_refund": tr_noop("shift_documents", "Service refunds"),
    "account_payment": tr_noop("shift_documents", "Account payments"),
    "cash_in": tr_noop("shift_documents", "Cash in"),
    "cash_out": tr_noop("shift_documents", "Cash out"),
}
PURPOSE_ORDER = ("sale", "sale_refund", "purchase_deposit", "purchase_balance", "purchase_refund",
                 "parcel_fee", "delivery", "parcel_send", "service", "service_refund", "account_payment", "cash_in",
                 "cash_out")
# the kinds of money a shift takes, on every report even at ¥0.00: a kind missing from the Z would
# hide money taken outside the shift (issue 14: a pickup fee with no shift open)
KINDS_ALWAYS_SHOWN = ("sale", "purchase_deposit", "purchase_balance", "parcel_fee", "delivery", "parcel_send", "service",
                      "account_payment")


def cash_by_kind(report: ShiftReport) -> list[tuple[str, int]]:
    """What the expected cash is made of: the float, then each kind's cash (refunds and cash out
    negative), as (untranslated label, fen). The cash count and the Z report show it."""
    lines = [(tr_noop("shift_documents", "Opening float"), report.float_fen)]
    for p in PURPOSE_ORDER:
        fen = report.totals.purpose_method(p, "cash")
        if fen or p in KINDS_ALWAYS_SHOWN:
            lines.append((PURPOSE_LABELS[p], fen))
    return lines


def _same(text: str) -> str:
    return text


def _local(at: dt.datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def denomination_text(fen: int) -> str:
    """¥100 … ¥1, ¥0.5, ¥0.1: how a note or coin is named on the count."""
    return f"¥{fen // 100}" if fen % 100 == 0 else f"¥{fen / 100:.1f}"


def build_report(report: ShiftReport, station: str = "", tr: Translate = _same, printed_by: str = "",
                 printed_at: dt.datetime | None = None) -> Document:
    doc = Document()
    if station:
        doc.text(station, align="center", bold=True)
    doc.title(tr(tr_noop("shift_documents", "Z report (shift close)")) if report.closed
              else tr(tr_noop("shift_documents", "X report (shift so far)")))
    doc.columns(tr(tr_noop("shift_documents", "Shift number")), report.number)
    doc.columns(tr(tr_noop("shift_documents", "Shift opened")), _local(report.opened_at))
    doc.columns(tr(tr_noop("shift_documents", "Opened by")), report.opened_by)
    if report.closed:
        doc.columns(tr(tr_noop("shift_documents", "Shift closed")), _local(report.until))
        doc.columns(tr(tr_noop("shift_documents", "Closed by")), report.closed_by)
    else:
        doc.columns(tr(tr_noop("shift_documents", "Up to")), _local(report.until))
    doc.rule()
    t = report.totals
    doc.text(tr(tr_noop("shift_documents", "Totals by tender")), bold=True)
    for m in METHODS:
        doc.columns(tr(METHOD_LABELS[m]), Money(t.by_method.get(m, 0)))
    doc.columns(tr(tr_noop("shift_documents", "All tenders")), Money(t.total_fen), bold=True)
    doc.rule()
    doc.text(tr(tr_noop("shift_documents", "By purpose")), bold=True)
    for p in PURPOSE_ORDER:
        if p not in t.by_purpose and p not in KINDS_ALWAYS_SHOWN:
            continue
        doc.columns(f"{tr(PURPOSE_LABELS[p])} ×{t.counts.get(p, 0)}", Money(t.purpose_total(p)), bold=True)
        for m in METHODS:
            if m in t.by_purpose.get(p, {}):
                doc.columns("  " + tr(METHOD_LABELS[m]), Money(t.by_purpose[p][m]))
    if not t.by_purpose:
        doc.text(tr(tr_noop("shift_documents", "No payments in this shift.")))
    doc.columns(tr(tr_noop("shift_documents", "Refunds")) + f" ×{t.refund_count}", Money(t.refunds_fen))
    if report.services:
        doc.rule()
        doc.text(tr(tr_noop("shift_documents", "Services paid (top-ups, bills)")), bold=True)
        for sv in report.services:
            doc.columns(f"{sv.name} ×{sv.count}", Money(sv.amount_fen + sv.fee_fen), bold=True)
            doc.columns("  " + tr(tr_noop("shift_documents", "Amount paid in")), Money(sv.amount_fen))
            doc.columns("  " + tr(tr_noop("shift_documents", "Fees")), Money(sv.fee_fen))
    doc.rule()
    doc.text(tr(tr_noop("shift_documents", "Parcels in this shift")), bold=True)
    doc.columns(tr(tr_noop("shift_documents", "Parcels checked in")), str(report.parcels_in))
    doc.columns(tr(tr_noop("shift_documents", "Parcels picked up")), str(report.parcels_out))
    doc.columns(tr(tr_noop("shift_documents", "Parcels returned to courier")), str(report.parcels_returned))
    if report.cash_moves:
        doc.rule()
        doc.text(tr(tr_noop("shift_documents", "Cash in and out")), bold=True)
        for mv in report.cash_moves:
            doc.columns(f"{mv.at.astimezone():%H:%M} {tr(PURPOSE_LABELS.get(mv.purpose, mv.purpose))}", Money(mv.amount_fen))
            if mv.reason:
                doc.text("  " + mv.reason)
    doc.rule()
    doc.text(tr(tr_noop("shift_documents", "Cash drawer")), bold=True)
    for label, fen in cash_by_kind(report):
        doc.columns(tr(label), Money(fen))
    doc.columns(tr(tr_noop("shift_documents", "Cash movements")), Money(t.cash_fen))
    doc.columns(tr(tr_noop("shift_documents", "Expected in drawer")), Money(report.expected_cash_fen), bold=True)
    if report.closed and report.counted_cash_fen is not None:
        for d in DENOMINATIONS:
            n = report.counts.get(d, 0)
            if n:
                doc.columns(f"  {denomination_text(d)} × {n}", Money(d * n))
        doc.columns(tr(tr_noop("shift_documents", "Counted")), Money(report.counted_cash_fen), bold=True)
        doc.columns(tr(tr_noop("shift_documents", "Variance")), _signed(report.variance_fen or 0), bold=True)
        if report.variance_reason:
            doc.text(tr(tr_noop("shift_documents", "Reason: {reason}")).format(reason=report.variance_reason))
        if report.approved_by:
            doc.text(tr(tr_noop("shift_documents", "Approved by: {name}")).format(name=report.approved_by))
    if printed_at is not None:
        doc.rule()
        doc.columns(tr(tr_noop("shift_documents", "Printed")), _local(printed_at))
        if printed_by:
            doc.columns(tr(tr_noop("shift_documents", "By")), printed_by)
    if report.closed:
        doc.feed(1)
        doc.text(tr(tr_noop("shift_documents", "Signature: ____________")))
    doc.feed(2)
    doc.cut()
    return doc


def _signed(fen: int) -> str:
    return ("+" if fen > 0 else "") + str(Money(fen))


def build_cash_slip(move: CashMove, shift_number: str, station: str = "", tr: Translate = _same,
                    kick_drawer: bool = True) -> Document:
    """The slip for a cash in or cash out: put in the drawer with the money (and opens it)."""
    doc = Document()
    if station:
        doc.text(station, align="center", bold=True)
    doc.title(tr(PURPOSE_LABELS.get(move.purpose, move.purpose)))
    doc.columns(tr(tr_noop("shift_documents", "Shift number")), shift_number)
    doc.columns(tr(tr_noop("shift_documents", "Time")), _local(move.at))
    doc.columns(tr(tr_noop("shift_documents", "Operator")), move.operator)
    doc.big(str(Money(abs(move.amount_fen))))
    doc.text(tr(tr_noop("shift_documents", "Reason: {reason}")).format(reason=move.reason))
    doc.feed(2)
    doc.cut()
    if kick_drawer:
        doc.drawer_kick()
    return doc
