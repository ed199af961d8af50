"""The parts both PDFs share: header, key figures, parcels, purchases, sales, money, charts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer, Table, TableStyle

from pos.reports import labels as lb
from pos.reports.charts import parcels_chart, sales_chart
from pos.reports.styles import LIGHT, WIDTH, Styles
from pos.services.reports.data import ReportData

t = QCoreApplication.translate


def header(st: Styles, data: ReportData) -> list:
    station = data.station_name or t("reports", "Village station")
    contact = "  ".join(x for x in (data.station_address, data.station_phone) if x)
    out = [st.p(f"{station} · {lb.report_title(data)}", st.title), st.p(lb.period_text(data), st.subtitle)]
    note = t("reports", "Made {time}. Stock figures as of {as_of}.").format(
        time=lb.local_time(data.generated_at), as_of=lb.as_of_text(data))
    out.append(st.p(f"{contact}  {note}" if contact else note, st.small_center))
    return out


def key_figures(st: Styles, data: ReportData) -> Table:
    p, s, c = data.parcels.total, data.sales, data.cash.total
    figures = [
        (lb.count(p.received), t("reports", "Parcels received")),
        (lb.count(p.handed_over), t("reports", "Parcels handed over")),
        (lb.count(p.in_stock), t("reports", "Parcels in stock")),
        (lb.count(p.overdue), t("reports", "Overdue parcels")),
        (lb.money(s.net_fen), t("reports", "Net sales")),
        (lb.count(data.purchases.placed.count), t("reports", "Purchases placed")),
        (lb.money(c.cash_fen), t("reports", "Cash taken (net)")),
        (lb.money(c.mobile_fen), t("reports", "Mobile pay taken")),
    ]
    cells = [[st.p(v, st.figure), st.p(label, st.figure_label)] for v, label in figures]
    rows = [[cells[i + j] for j in range(4)] for i in (0, 4)]
    table = Table(rows, colWidths=[WIDTH / 4] * 4)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font), ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                               ("BOX", (0, 0), (-1, -1), 0.5, LIGHT),
                               ("INNERGRID", (0, 0), (-1, -1), 3, "white"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return table


def parcels(st: Styles, data: ReportData, *, courier_note: bool = False) -> list:
    sec = data.parcels
    name = lb.CarrierNames(data)
    out = [st.p(t("reports", "Parcels by carrier"), st.h2)]
    if courier_note:
        out.append(st.p(t("reports", "The counts couriers settle with the station: parcels received, handed over "
                          "and returned in the month, per carrier."), st.note))
    header = [t("reports", "Carrier"), t("reports", "Received"), t("reports", "Handed over"),
              t("reports", "Returned"), t("reports", "In stock"), t("reports", "Overdue")]
    rows = [[name(r.carrier), lb.count(r.received), lb.count(r.handed_over), lb.count(r.returned),
             lb.count(r.in_stock), lb.count(r.overdue)] for r in sec.by_carrier]
    tot = sec.total
    rows.append([t("reports", "Total"), lb.count(tot.received), lb.count(tot.handed_over), lb.count(tot.returned),
                 lb.count(tot.in_stock), lb.count(tot.overdue)])
    table = st.table(header, rows, [WIDTH * 0.25] + [WIDTH * 0.15] * 5, total_row=True)
    note = st.p(t("reports", "In stock and overdue: as of {as_of}. Overdue: {days} days or more in stock; "
                  "{due} parcels have been in stock {return_days} days or more and are due to go back "
                  "to the courier.").format(as_of=lb.as_of_text(data), days=sec.overdue_after_days,
                                            due=sec.due_for_return, return_days=sec.return_after_days), st.note)
    out.append(KeepTogether([table, note]) if len(rows) < 20 else table)
    if len(rows) >= 20:
        out.append(note)
    if sec.overdue_list:
        out.append(CondPageBreak(40 * mm))
        out.append(st.p(t("reports", "Overdue parcels, oldest first"), st.h2))
        rows = [[p.pickup_code, p.waybill, name(p.carrier), p.recipient_name, p.phone_masked,
                 lb.local_time(p.checked_in_at), lb.count(p.days)] for p in sec.overdue_list]
        header = [t("reports", "Pickup code"), t("reports", "Waybill"), t("reports", "Carrier"),
                  t("reports", "Recipient"), t("reports", "Phone"), t("reports", "Checked in"), t("reports", "Days")]
        widths = [0.12, 0.2, 0.13, 0.13, 0.14, 0.2, 0.08]
        out.append(st.table(header, rows, [WIDTH * w for w in widths], right_from=6, font_size=9))
        if sec.total.overdue > len(sec.overdue_list):
            out.append(st.p(t("reports", "{shown} of {total} overdue parcels shown; the Pickup page lists them all.")
                            .format(shown=len(sec.overdue_list), total=sec.total.overdue), st.note))
    return out


def purchases(st: Styles, data: ReportData, *, commission: bool = False) -> list:
    p = data.purchases
    out = [CondPageBreak(60 * mm), st.p(t("reports", "Assisted purchases"), st.h2)]
    header = ["", t("reports", "Orders"), t("reports", "Amount")]
    rows = [[label, lb.count(ca.count), lb.money(ca.amount_fen)] for label, ca in (
        (t("reports", "Placed"), p.placed), (t("reports", "Arrived"), p.arrived),
        (t("reports", "Collected"), p.collected), (t("reports", "Cancelled or refunded"), p.cancelled))]
    out.append(st.table(header, rows, [WIDTH * 0.4, WIDTH * 0.25, WIDTH * 0.35]))
    out.append(st.p(t("reports", "Taken at the counter for orders: {received}; given back: {refunded}.")
                    .format(received=lb.money(p.received_fen), refunded=lb.money(p.refunded_fen)), st.note))
    if commission:
        out.append(st.p(t("reports", "Totals for the partner's commission"), st.h2))
        rows = [[t("reports", "Orders placed and not cancelled"), lb.count(p.kept.count)],
                [t("reports", "Goods value"), lb.money(p.kept_items_fen)],
                [t("reports", "Service fees"), lb.money(p.kept_service_fee_fen)],
                [t("reports", "Order totals"), lb.money(p.kept.amount_fen)]]
        out.append(st.table([t("reports", "Item"), t("reports", "Value")], rows, [WIDTH * 0.6, WIDTH * 0.4]))
    return out


def sales(st: Styles, data: ReportData) -> list:
    s = data.sales
    out = [CondPageBreak(60 * mm), st.p(t("reports", "Counter sales"), st.h2)]
    rows = [[t("reports", "Sales"), lb.count(s.count)], [t("reports", "Goods and services"), lb.money(s.subtotal_fen)],
            [t("reports", "Discounts"), lb.money(-s.discount_fen)], [t("reports", "Sales total"), lb.money(s.total_fen)],
            [t("reports", "Refunds ({n})").format(n=s.refund_count), lb.money(-s.refunded_fen)],
            [t("reports", "Net sales"), lb.money(s.net_fen)]]
    out.append(st.table([t("reports", "Item"), t("reports", "Value")], rows, [WIDTH * 0.6, WIDTH * 0.4], total_row=True))
    if s.by_category:
        out.append(st.p(t("reports", "Sales by category"), st.h2))
        rows = [[lb.category_name(c.category), lb.count(c.quantity), lb.money(c.amount_fen)] for c in s.by_category]
        out.append(st.table([t("reports", "Category"), t("reports", "Quantity"), t("reports", "Amount")], rows,
                            [WIDTH * 0.5, WIDTH * 0.2, WIDTH * 0.3]))
        out.append(st.p(t("reports", "Category amounts are before whole-sale discounts and refunds."), st.note))
    if s.by_tender:
        out.append(st.p(t("reports", "Sales by tender (after refunds)"), st.h2))
        rows = [[lb.tender_name(m), lb.money(fen)] for m, fen in s.by_tender]
        out.append(st.table([t("reports", "Tender"), t("reports", "Amount")], rows, [WIDTH * 0.6, WIDTH * 0.4]))
    return out


def services(st: Styles, data: ReportData) -> list:
    """Phone top-ups and bills by kind; nothing when there were none."""
    if not data.services:
        return []
    out = [CondPageBreak(50 * mm), st.p(t("reports", "Services: top-ups and bills"), st.h2)]
    header = [t("reports", "Service"), t("reports", "Payments"), t("reports", "Amount"), t("reports", "Fees"),
              t("reports", "Commission"), t("reports", "Refunded")]
    rows = [[r.name, lb.count(r.count), lb.money(r.amount_fen), lb.money(r.fee_fen), lb.money(r.commission_fen),
             f"{lb.money(r.refunded_fen)} ({r.refund_count})" if r.refund_count else ""] for r in data.services]
    widths = [0.22, 0.12, 0.17, 0.15, 0.16, 0.18]
    out.append(st.table(header, rows, [WIDTH * w for w in widths]))
    out.append(st.p(t("reports", "Commission as fixed when each payment was made; a refund takes it back on the "
                      "day of the refund."), st.note))
    return out


def money(st: Styles, data: ReportData) -> list:
    c = data.cash
    out = [CondPageBreak(70 * mm), st.p(t("reports", "Cash reconciliation"), st.h2)]
    header = [t("reports", "What for"), t("reports", "Cash"), t("reports", "Mobile pay"),
              t("reports", "On account"), t("reports", "Total")]
    # empty cells rather than rows of ¥0.00: the few amounts that exist stand out
    rows = [[lb.purpose_name(r.purpose), lb.money_or_blank(r.cash_fen), lb.money_or_blank(r.mobile_fen),
             lb.money_or_blank(r.account_fen), lb.money(r.total_fen)] for r in c.rows]
    rows.append([t("reports", "Total"), lb.money(c.total.cash_fen), lb.money(c.total.mobile_fen),
                 lb.money(c.total.account_fen), lb.money(c.total.total_fen)])
    out.append(st.table(header, rows, [WIDTH * 0.28] + [WIDTH * 0.18] * 4, total_row=True))
    out.append(st.p(t("reports", "Money in is positive, money out negative. The cash column is what the drawer "
                      "gained; mobile pay should match the payment app's statement."), st.note))
    if c.shifts:
        out.append(st.p(t("reports", "Shifts"), st.h2))
        header = [t("reports", "Shift"), t("reports", "Opened"), t("reports", "Closed"), t("reports", "Float"),
                  t("reports", "Expected"), t("reports", "Counted"), t("reports", "Difference")]
        rows = []
        for sh in c.shifts:
            opened = f"{lb.local_time(sh.opened_at, '%m-%d %H:%M')} {sh.opened_by}".strip()
            closed = (f"{lb.local_time(sh.closed_at, '%m-%d %H:%M')} {sh.closed_by}".strip()
                      if sh.closed_at else t("reports", "still open"))
            rows.append([sh.label, opened, closed, lb.money(sh.float_fen), lb.money(sh.expected_fen),
                         "" if sh.counted_fen is None else lb.money(sh.counted_fen),
                         "" if sh.variance_fen is None else lb.money(sh.variance_fen)])
        widths = [0.14, 0.19, 0.19, 0.12, 0.12, 0.12, 0.12]
        out.append(st.table(header, rows, [WIDTH * w for w in widths], right_from=3, font_size=9))
        reasons = [f"{sh.label}: {sh.variance_reason}" for sh in c.shifts if sh.variance_reason]
        if reasons:
            out.append(st.p(t("reports", "Reasons given for differences: {reasons}").format(reasons="; ".join(reasons)),
                            st.note))
    out.append(st.p(t("reports", "Villager accounts: {charged} put on account, {settled} paid off; "
                      "villagers owe {owed} in all at the end of the period.").format(
        charged=lb.money(c.account_charged_fen), settled=lb.money(c.account_settled_fen),
        owed=lb.money(c.account_outstanding_fen)), st.note))
    return out


def charts(st: Styles, data: ReportData) -> list:
    return [KeepTogether([Spacer(1, 4 * mm), parcels_chart(data.series, WIDTH), Spacer(1, 6 * mm),
                          sales_chart(data.series, WIDTH)])]
