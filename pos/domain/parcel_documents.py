"""The shelf label stuck on a checked-in parcel and the daily pickup list, as Documents.

Both are read by villagers, so the pickup code is in big type. Phones are masked and names cut
to the surname: the label sits on an open shelf and the list hangs on the notice board.
Texts are marked with tr_noop and translated by the ``t`` the caller passes in (the UI passes
Qt's translate for context "parcel_documents"; tests may pass a dictionary lookup).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pos.domain.i18n import tr_noop
from pos.domain.receipt import Document

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


def surname(name: str) -> str:
    """The first character of a Chinese name, the first word of a Latin one."""
    name = " ".join((name or "").split())
    if not name:
        return ""
    if name[0].isascii():
        return name.split(" ")[0]
    return name[0]


def masked_name(name: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧***: enough for a villager to recognise their own line."""
    name = " ".join((name or "").split())
    if not name:
        return ""
    if name.isascii():
        return surname(name) + "*"
    name = name.replace(" ", "")
    return name[0] + "*" * max(1, len(name) - 1)


@dataclass(frozen=True)
class LabelData:
    pickup_code: str
    phone_display: str  # 138****5678
    recipient_name: str
    carrier_name: str
    checked_in_at: dt.datetime  # aware
    waybill: str
    station: str = ""


def build_shelf_label(data: LabelData, t: Translate = _same) -> Document:
    """Pickup code in large type, masked phone, surname, carrier, date, QR of the code."""
    doc = Document()
    if data.station:
        doc.text(data.station, align="center")
    doc.big(data.pickup_code, 3, 3)
    doc.rule()
    who = surname(data.recipient_name)
    doc.columns(data.phone_display, who)
    doc.columns(data.carrier_name, data.checked_in_at.astimezone().strftime("%Y-%m-%d"))
    doc.text(t(tr_noop("parcel_documents", "Waybill ending {tail}")).format(tail=data.waybill[-4:]))
    doc.qr(data.pickup_code, 6)
    doc.feed(1)
    doc.cut()
    return doc


@dataclass(frozen=True)
class ListLine:
    pickup_code: str
    carrier_name: str
    checked_in_at: dt.datetime  # aware


@dataclass(frozen=True)
class ListGroup:
    recipient_name: str
    phone_display: str
    village_group: str
    lines: tuple[ListLine, ...]


def build_pickup_list(groups: Sequence[ListGroup], station: str, day: dt.date,
                      t: Translate = _same) -> Document:
    """Everyone with parcels waiting, grouped by person, for the notice board or the loudspeaker
    round: villagers without a phone learn about their parcels from this list."""
    doc = Document()
    doc.title(t(tr_noop("parcel_documents", "Parcels waiting for pickup")))
    if station:
        doc.text(station, align="center")
    doc.text(day.isoformat(), align="center")
    doc.rule("=")
    total = 0
    for g in groups:
        head = masked_name(g.recipient_name) or t(tr_noop("parcel_documents", "(no name)"))
        if g.village_group:
            head = f"{head} · {g.village_group}"
        doc.columns(head, g.phone_display, bold=True)
        for line in g.lines:
            when = line.checked_in_at.astimezone()
            since = t(tr_noop("parcel_documents", "since {date}")).format(date=when.strftime("%m-%d"))
            doc.columns(f"  {line.pickup_code} {line.carrier_name}", since)
            total += 1
        doc.rule()
    if not groups:
        doc.text(t(tr_noop("parcel_documents", "No parcels are waiting.")), align="center")
    doc.text(t(tr_noop("parcel_documents", "{people} people, {parcels} parcels")).format(
        people=len(groups), parcels=total), align="right")
    doc.text(t(tr_noop("parcel_documents", "Bring your pickup code or tell us your phone's last four digits.")))
    doc.feed(1)
    doc.cut()
    return doc
