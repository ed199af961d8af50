"""The words of a report in the current language: section names, payment purposes, tenders,
carriers, money and time. Shared by the PDFs, the printed summary and the Reports page."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QLocale

from pos.domain.money import Money
from pos.services.reports.data import DAY, ReportData

t = QCoreApplication.translate


def is_chinese() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


def purpose_name(purpose: str) -> str:
    names = {
        "sale": t("reports", "Counter sales"),
        "sale_refund": t("reports", "Sale refunds"),
        "purchase_deposit": t("reports", "Purchase deposits"),
        "purchase_balance": t("reports", "Purchase balances"),
        "purchase_refund": t("reports", "Purchase refunds"),
        "parcel_fee": t("reports", "Parcel fees"),
        "delivery": t("reports", "Delivery collections"),
        "parcel_send": t("reports", "Parcels sent"),
        "service": t("reports", "Services (top-ups, bills)"),
        "service_refund": t("reports", "Service refunds"),
        "account_payment": t("reports", "Account repayments"),
        "cash_in": t("reports", "Cash put in"),
        "cash_out": t("reports", "Cash taken out"),
    }
    return names.get(purpose, purpose)


def tender_name(method: str) -> str:
    names = {"cash": t("reports", "Cash"), "mobile": t("reports", "Mobile pay"), "account": t("reports", "On account")}
    return names.get(method, method)


def category_name(category: str) -> str:
    return category or t("reports", "(no category)")


class CarrierNames:
    """Carrier code -> name in the current language, as the report's data names them."""

    def __init__(self, data: ReportData) -> None:
        zh = is_chinese()
        self.names = {code: (names[0] if zh else names[1]) for code, names in data.carrier_names.items()}

    def __call__(self, code: str) -> str:
        return self.names.get(code, code)


def money(fen: int) -> str:
    return Money(int(fen)).format()


def money_or_blank(fen: int) -> str:
    return money(fen) if fen else ""


def as_of_text(data: ReportData) -> str:
    """When the stock figures hold: the close of the period's last day, or the time it was made."""
    if data.as_of >= data.period.end:
        return t("reports", "the close of {day}").format(day=data.period.last.isoformat())
    return local_time(data.as_of)


def count(n: int) -> str:
    return f"{n:,}"


def local_time(at: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return at.astimezone().strftime(fmt) if at is not None else ""


def report_title(data: ReportData) -> str:
    return t("reports", "Daily station report") if data.period.kind == DAY else t("reports", "Monthly statement")


def period_text(data: ReportData) -> str:
    p = data.period
    if p.kind == DAY:
        return t("reports", "{date}, {weekday}").format(date=p.first.isoformat(), weekday=weekday(p.first))
    return t("reports", "{month} ({first} to {last})").format(
        month=p.first.strftime("%Y-%m"), first=p.first.isoformat(), last=p.last.isoformat())


def weekday(day: dt.date) -> str:
    names = (t("reports", "Monday"), t("reports", "Tuesday"), t("reports", "Wednesday"), t("reports", "Thursday"),
             t("reports", "Friday"), t("reports", "Saturday"), t("reports", "Sunday"))
    return names[day.weekday()]
