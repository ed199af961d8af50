"""The day's or month's summary on the receipt printer: the key numbers on one short slip, for a
partner who closes the day at the counter without a PC printer."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pos.domain.receipt import Document
from pos.reports import labels as lb
from pos.services.reports.data import DAY, ReportData

t = QCoreApplication.translate


def print_reference(data: ReportData) -> str:
    """The print-queue reference: D2026-11-20 or M2026-11."""
    return ("D" if data.period.kind == DAY else "M") + data.period.label


def summary_document(data: ReportData) -> Document:
    doc = Document()
    if data.station_name:
        doc.title(data.station_name)
    doc.text(lb.report_title(data), align="center", bold=True)
    doc.text(lb.period_text(data), align="center")
    doc.rule()
    p = data.parcels.total
    doc.text(t("reports", "Parcels"), bold=True)
    doc.columns(t("reports", "Received"), lb.count(p.received))
    doc.columns(t("reports", "Handed over"), lb.count(p.handed_over))
    doc.columns(t("reports", "Returned"), lb.count(p.returned))
    doc.columns(t("reports", "In stock"), lb.count(p.in_stock))
    doc.columns(t("reports", "Overdue"), lb.count(p.overdue))
    names = lb.CarrierNames(data)
    for r in data.parcels.by_carrier:
        doc.columns(f"  {names(r.carrier)}", f"{r.received}/{r.handed_over}/{r.returned}")
    if data.parcels.by_carrier:
        doc.text(t("reports", "  (received/handed over/returned)"))
    doc.rule()
    s = data.sales
    doc.text(t("reports", "Counter sales"), bold=True)
    doc.columns(t("reports", "Sales"), lb.count(s.count))
    doc.columns(t("reports", "Sales total"), lb.money(s.total_fen))
    doc.columns(t("reports", "Refunds ({n})").format(n=s.refund_count), lb.money(-s.refunded_fen))
    doc.columns(t("reports", "Net sales"), lb.money(s.net_fen), bold=True)
    for method, fen in s.by_tender:
        doc.columns(f"  {lb.tender_name(method)}", lb.money(fen))
    doc.rule()
    pu = data.purchases
    doc.text(t("reports", "Assisted purchases"), bold=True)
    for label, ca in ((t("reports", "Placed"), pu.placed), (t("reports", "Arrived"), pu.arrived),
                      (t("reports", "Collected"), pu.collected)):
        doc.columns(f"{label} {ca.count}", lb.money(ca.amount_fen))
    doc.rule()
    c = data.cash.total
    doc.text(t("reports", "Money taken"), bold=True)
    doc.columns(t("reports", "Cash"), lb.money(c.cash_fen))
    doc.columns(t("reports", "Mobile pay"), lb.money(c.mobile_fen))
    doc.columns(t("reports", "On account"), lb.money(c.account_fen))
    for sh in data.cash.shifts:
        if sh.counted_fen is not None:
            doc.columns(t("reports", "Shift {number} difference").format(number=sh.label), lb.money(sh.variance_fen or 0))
    doc.rule()
    doc.text(t("reports", "Made {time}").format(time=lb.local_time(data.generated_at)), align="center")
    doc.feed(2)
    doc.cut()
    return doc
