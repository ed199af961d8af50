"""The shared receipt: one builder for sales, refunds, assisted purchases, pickups.

Callers describe a transaction as plain ``ReceiptData`` (station header, number, time, operator,
lines, totals, tenders, change, the villager's balance, extra label/value rows) and get a
``pos.domain.receipt.Document`` laid out for 32 (58 mm) or 48 (80 mm) columns:

    doc = build_receipt(ReceiptData(...), ReceiptOptions(columns=32, footer="..."), translate)

``translate(context, text)`` turns the builder's English labels (context "receipt") into the
station's language; the UI passes ``QCoreApplication.translate``, tests may pass a dict lookup.
Amounts in the item table carry no currency sign (a column of figures reads better); totals do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.receipt import Document
from pos.domain.receipt_numbers import barcode_data
from pos.domain.textwidth import pad_left, pad_right, printable, width, wrap

Translate = Callable[[str, str], str]
CONTEXT = "receipt"


def no_translation(_context: str, text: str) -> str:
    return text


TITLES = {
    "sale": tr_noop("receipt", "Sales receipt"),
    "refund": tr_noop("receipt", "Refund receipt"),
    "purchase": tr_noop("receipt", "Assisted purchase receipt"),
    "pickup": tr_noop("receipt", "Pickup receipt"),
    "payment": tr_noop("receipt", "Payment receipt"),
    "send": tr_noop("receipt", "Parcel sending receipt"),
    "service": tr_noop("receipt", "Service payment receipt"),
    "service_refund": tr_noop("receipt", "Service refund receipt"),
}
TOTAL_LABELS = {
    "refund": tr_noop("receipt", "Refunded"),
    "service_refund": tr_noop("receipt", "Refunded"),
}
METHOD_LABELS = {
    "cash": tr_noop("receipt", "Cash"),
    "mobile": tr_noop("receipt", "Mobile payment"),
    "account": tr_noop("receipt", "On account"),
}
L_TOTAL = tr_noop("receipt", "Total")
L_NUMBER = tr_noop("receipt", "Receipt no.")
L_TIME = tr_noop("receipt", "Time")
L_OPERATOR = tr_noop("receipt", "Operator")
L_CUSTOMER = tr_noop("receipt", "Customer")
L_ORIGINAL = tr_noop("receipt", "Original receipt")
L_PHONE = tr_noop("receipt", "Tel")
L_REPRINT = tr_noop("receipt", "*** Reprint ***")
L_ITEM = tr_noop("receipt", "Item")
L_QTY = tr_noop("receipt", "Qty")
L_PRICE = tr_noop("receipt", "Price")
L_AMOUNT = tr_noop("receipt", "Amount")
L_ITEM_QTY_PRICE = tr_noop("receipt", "Item / qty x price")
L_DISCOUNT = tr_noop("receipt", "Discount")
L_ITEMS = tr_noop("receipt", "Items")
L_SUBTOTAL = tr_noop("receipt", "Subtotal")
L_SALE_DISCOUNT = tr_noop("receipt", "Whole-sale discount")
L_TENDERED = tr_noop("receipt", "Cash received")
L_CHANGE = tr_noop("receipt", "Change")
L_REFERENCE = tr_noop("receipt", "Ref.")
L_BALANCE = tr_noop("receipt", "Balance owed on account")
L_BALANCE_CREDIT = tr_noop("receipt", "Credit on account")
L_THANKS = tr_noop("receipt", "Thank you, please come again!")


@dataclass(frozen=True)
class StationHeader:
    name: str
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ReceiptLine:
    description: str
    quantity: int
    unit_price_fen: int
    total_fen: int  # after this line's own discount
    discount_fen: int = 0
    measure: str = ""  # a weighed line: "1.234kg x 12.00/kg" (pos.domain.by_weight.measure_text)


@dataclass(frozen=True)
class ReceiptTender:
    """One tender as printed. ``amount_fen`` is what the transaction kept (negative on a
    refund); for cash, ``tendered_fen`` is what was handed over (None: not shown)."""

    method: str  # cash | mobile | account
    amount_fen: int
    reference: str = ""
    tendered_fen: int | None = None


@dataclass(frozen=True)
class ReceiptRow:
    """An extra label/value line, already in the station's language (order numbers, deposits,
    pickup codes ...)."""

    label: str
    value: str


@dataclass(frozen=True)
class ReceiptData:
    station: StationHeader
    number: str
    at: dt.datetime  # aware; printed in local time
    operator: str
    kind: str = "sale"  # picks the title and the total's label (TITLES, TOTAL_LABELS)
    lines: tuple[ReceiptLine, ...] = ()
    total_fen: int = 0
    discount_fen: int = 0  # whole-transaction discount, after the lines
    tenders: tuple[ReceiptTender, ...] = ()
    change_fen: int = 0
    customer: str = ""
    balance_fen: int | None = None  # the villager's balance on account after this transaction
    original_number: str = ""  # a refund's sale, a balance payment's order
    rows: tuple[ReceiptRow, ...] = ()
    notes: tuple[str, ...] = ()
    head_rows: tuple[ReceiptRow, ...] = ()  # under the number, time and operator (what was paid into)
    title: str = ""  # overrides TITLES[kind]; already translated
    reprint: bool = False

    @property
    def subtotal_fen(self) -> int:
        return sum(line.total_fen for line in self.lines)

    @property
    def moves_cash(self) -> bool:
        return any(t.method == "cash" and t.amount_fen for t in self.tenders)


@dataclass(frozen=True)
class ReceiptOptions:
    columns: int = 32  # 32 for 58 mm paper, 48 for 80 mm
    footer: str = ""  # empty: a translated thank-you
    code: str = "barcode"  # "barcode" (Code 128) or "qr": how the receipt number is printed
    kick_drawer: bool = False  # add the drawer pulse when cash moved
    cut: bool = True
    tz: dt.tzinfo | None = None  # None: the machine's local time zone


def columns_for_paper(paper_mm: int) -> int:
    return 48 if paper_mm == 80 else 32


def build_receipt(data: ReceiptData, options: ReceiptOptions = ReceiptOptions(),
                  translate: Translate = no_translation) -> Document:
    def t(text: str) -> str:
        return translate(CONTEXT, text)

    cols = options.columns
    doc = Document()
    _header(doc, data, options, t)
    doc.rule()
    if data.lines:
        for line in _table(data.lines, cols, t):
            doc.text(line)
        doc.rule()
        doc.columns(t(L_ITEMS), str(sum(line.quantity for line in data.lines)))
        if data.discount_fen or any(line.discount_fen for line in data.lines):
            doc.columns(t(L_SUBTOTAL), _yuan(data.subtotal_fen))
        if data.discount_fen:
            doc.columns(t(L_SALE_DISCOUNT), _yuan(-data.discount_fen))
    total_label = t(TOTAL_LABELS.get(data.kind, L_TOTAL))
    doc.big(f"{total_label} {_yuan(data.total_fen)}", 2, 2, "center")
    _tenders(doc, data, cols, t)
    for row in data.rows:
        doc.columns(row.label, row.value)
    for note in data.notes:
        doc.text(note)
    doc.rule()
    if options.code == "qr":
        doc.qr(data.number, 6)
    else:
        doc.barcode(barcode_data(data.number), 60, True)
    footer = options.footer.strip() or t(L_THANKS)
    for part in footer.splitlines():
        doc.text(part.strip(), "center")
    doc.feed(1)
    if options.cut:
        doc.cut()
    if options.kick_drawer and data.moves_cash and not data.reprint:
        doc.drawer_kick()
    return doc


def _header(doc: Document, data: ReceiptData, options: ReceiptOptions, t) -> None:
    st = data.station
    doc.title(st.name)
    if st.address:
        doc.text(st.address, "center")
    if st.phone:
        doc.text(f"{t(L_PHONE)} {st.phone}", "center")
    doc.text(data.title or t(TITLES.get(data.kind, TITLES["sale"])), "center", bold=True)
    if data.reprint:
        doc.text(t(L_REPRINT), "center")
    doc.rule()
    local = data.at.astimezone(options.tz) if options.tz else data.at.astimezone()
    doc.columns(t(L_NUMBER), data.number)
    doc.columns(t(L_TIME), local.strftime("%Y-%m-%d %H:%M"))
    doc.columns(t(L_OPERATOR), data.operator)
    if data.customer:
        doc.columns(t(L_CUSTOMER), data.customer)
    if data.original_number:
        doc.columns(t(L_ORIGINAL), data.original_number)
    for row in data.head_rows:
        doc.columns(row.label, row.value)


def _table(lines: tuple[ReceiptLine, ...], cols: int, t) -> list[str]:
    """The item table as finished text lines, columns aligned by display width."""
    out: list[str] = []
    if cols >= 48:
        qty_w, price_w, amount_w = 6, 10, 10
        name_w = cols - qty_w - price_w - amount_w
        out.append(_cells([(t(L_ITEM), name_w, "l"), (t(L_QTY), qty_w, "r"),
                           (t(L_PRICE), price_w, "r"), (t(L_AMOUNT), amount_w, "r")]))
        for line in lines:
            names = wrap(printable(line.description), name_w - 1) or [""]
            qty, price = ("", "") if line.measure else (str(line.quantity), Money(line.unit_price_fen).yuan_text())
            out.append(_cells([(names[0], name_w, "l"), (qty, qty_w, "r"), (price, price_w, "r"),
                               (Money(line.total_fen + line.discount_fen).yuan_text(), amount_w, "r")]))
            out.extend(names[1:])
            if line.measure:
                out.append("  " + line.measure)
            if line.discount_fen:
                out.append(_cells([("  " + t(L_DISCOUNT), cols - amount_w, "l"),
                                   (Money(-line.discount_fen).yuan_text(), amount_w, "r")]))
        return out
    amount_w = 10
    out.append(_cells([(t(L_ITEM_QTY_PRICE), cols - amount_w, "l"), (t(L_AMOUNT), amount_w, "r")]))
    for line in lines:
        out.extend(wrap(printable(line.description), cols))
        detail = f"  {line.measure or f'{line.quantity} x {Money(line.unit_price_fen).yuan_text()}'}"
        out.append(_cells([(detail, cols - amount_w, "l"),
                           (Money(line.total_fen + line.discount_fen).yuan_text(), amount_w, "r")]))
        if line.discount_fen:
            out.append(_cells([("  " + t(L_DISCOUNT), cols - amount_w, "l"),
                               (Money(-line.discount_fen).yuan_text(), amount_w, "r")]))
    return out


def _cells(cells: list[tuple[str, int, str]]) -> str:
    parts = []
    for text, w, align in cells:
        text = printable(text)
        parts.append(pad_left(text, w) if align == "r" else pad_right(text, w))
    return "".join(parts).rstrip()


def _tenders(doc: Document, data: ReceiptData, cols: int, t) -> None:
    change_shown = False
    for tender in data.tenders:
        label = t(METHOD_LABELS.get(tender.method, tender.method))
        if tender.method == "cash" and tender.tendered_fen is not None and data.change_fen:
            doc.columns(t(L_TENDERED), _yuan(tender.tendered_fen))
            if not change_shown:
                doc.columns(t(L_CHANGE), _yuan(data.change_fen), bold=True)
                change_shown = True
        else:
            doc.columns(label, _yuan(tender.amount_fen))
        if tender.reference:
            doc.columns(f"  {t(L_REFERENCE)}", tender.reference)
    if data.change_fen and not change_shown:
        doc.columns(t(L_CHANGE), _yuan(data.change_fen), bold=True)
    if data.balance_fen is not None:
        label = t(L_BALANCE) if data.balance_fen >= 0 else t(L_BALANCE_CREDIT)
        value = _yuan(abs(data.balance_fen))
        named = f"{label}({data.customer})"
        if data.customer and width(printable(named + " " + value)) <= cols:
            label = named
        doc.columns(label, value)


def _yuan(fen: int) -> str:
    return Money(fen).format("¥")
