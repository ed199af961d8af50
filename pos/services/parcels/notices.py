"""Arrival notices: one message per recipient per local day listing all their parcels.

A check-in attaches its parcel to the recipient's notice of the day (created on the first
parcel) and rewrites the text, so a villager who gets three parcels gets one message. A notice
already sent goes back to pending with the full list when another parcel arrives the same day.
Sending is outside the app: pending notices are exported as CSV for a bulk-SMS platform, copied
as text for the village WeChat group, or printed as a pickup list, then marked as sent.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from pos.db import direct
from pos.db.keys import new_key
from pos.db.models import Notice, NoticeParcel, Parcel, ParcelEvent, Station
from pos.db.models.notice import NOTICE_STATUSES
from pos.db.plans import unindexed
from pos.db.unit_of_work import Database
from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.parcel_documents import ListGroup, ListLine, build_pickup_list, masked_name
from pos.domain.receipt import Document
from pos.domain.users import Operator
from pos.services.purchases import links as purchase_links
from pos.services import csv_export
from pos.services import settings as st
from pos.services.clock import Clock
from pos.services.local_days import local_day
from pos.services.parcels import sms_notices
from pos.services.parcels.settings import (
    NOTICE_TEMPLATE, STATION_SHORT_NAME, WECHAT_SHOWS_CODES, template_or_default,
)

ARRIVAL = "arrival"
LIST_LIMIT = 1000
SMS_COLUMNS = ("phone", "name", "message")


@dataclass(frozen=True)
class NoticeItem:
    carrier_zh: str
    code: str


def render(template: str, station: str, name: str, items: list[NoticeItem]) -> str:
    """The message text: ``{carriers}`` reads 中通快递, or 中通快递、圆通速递, or 中通快递2件、圆通速递1件
    when a carrier brought several; ``{codes}`` lists every pickup code."""
    counts: dict[str, int] = {}
    for it in items:
        counts[it.carrier_zh] = counts.get(it.carrier_zh, 0) + 1
    if all(n == 1 for n in counts.values()):
        carriers = "、".join(counts)
    else:
        carriers = "、".join(f"{c}{n}件" for c, n in counts.items())
    codes = "、".join(it.code for it in items)
    return template_or_default(template).format(
        station=station, name=name, carriers=carriers, codes=codes, count=len(items)
    )


def phone_key(parcel: Parcel) -> str:
    """Groups a recipient's parcels: the whole number, else the masked form with the name
    (two people may share the visible digits)."""
    if parcel.phone:
        return parcel.phone
    return f"{parcel.phone_masked}/{parcel.recipient_name}"[:20]


def station_short_name(session: Session) -> str:
    """Read once per unit of work (a check-in needs it for the notice and for the label)."""
    cached = session.info.get(_STATION_KEY)
    if cached is None:
        cached = session.info[_STATION_KEY] = _read_station_short_name(session)
    return cached


_STATION_KEY = "notices.station_short_name"


def _read_station_short_name(session: Session) -> str:
    name = st.get(session, STATION_SHORT_NAME)
    if isinstance(name, str) and name.strip():
        return name.strip()
    # the name alone, as pos.services.station.setup.load_station orders them: no ORM row for every check-in
    return direct.run(session, _STATION_NAME).scalar() or ""


_STATION_NAME = select(Station.name).order_by(Station.created_at).limit(1)


def _rewrite(session: Session, notice: Notice, carrier_names: Mapping[str, str]) -> int:
    # the notice's few parcels by its links, the status and the order checked here: with the
    # status in the query SQLite walked every parcel in stock through the status index and
    # looked each one up in the links (12 ms of every check-in with 5,000 parcels in stock)
    parcels = _on_shelf(session.scalars(_LINKED, {"notice": notice.id}).all())
    if parcels:
        _write(session, notice, parcels, carrier_names, order_notes(session, parcels))
    return len(parcels)


_LINKED = select(Parcel).join(NoticeParcel, NoticeParcel.parcel_id == Parcel.id).where(
    NoticeParcel.notice_id == bindparam("notice"))


def _on_shelf(parcels: Iterable[Parcel]) -> list[Parcel]:
    return sorted((p for p in parcels if p.status == "in_stock"), key=lambda p: (p.checked_in_at, p.pickup_code))


def _write(session: Session, notice: Notice, parcels: list[Parcel], carrier_names: Mapping[str, str],
           notes: str) -> None:
    items = [NoticeItem(carrier_names.get(p.carrier, p.carrier), p.pickup_code) for p in parcels]
    template = st.get(session, NOTICE_TEMPLATE)
    notice.text = render(template, station_short_name(session), notice.recipient_name, items) + notes


def order_notes(session: Session, parcels: Iterable[Parcel]) -> str:
    """``（代购单 P20261122-0003）`` after the message when parcels bring assisted purchases, so the
    villager knows the goods ordered through the station are in. Outside the editable template:
    a partner's own wording keeps working and still names the order."""
    return _joined_notes(purchase_links.order_notes_for_notice(session, parcels))


def _joined_notes(found: Iterable[str | None]) -> str:
    notes: list[str] = []
    for note in found:
        if note and note not in notes:
            notes.append(note)
    return f"（{'、'.join(notes)}）" if notes else ""


# built once: every check-in runs it (#20, goal 2)
_ID_OF_THE_DAY = select(Notice.id).where(Notice.phone_key == bindparam("key"), Notice.day == bindparam("day"),
                                         Notice.kind == ARRIVAL)


def attach(session: Session, parcel: Parcel, at: dt.datetime, carrier_names: Mapping[str, str], *,
           brings: str | None = None) -> Notice:
    """Put a shelved parcel on its recipient's arrival notice of the day (inside the check-in).

    ``brings``: the number of the assisted purchase the parcel brings ("" for none) when the caller
    has just linked it. A notice new today then lists this parcel alone, written without a flush
    or a query (most check-ins: one parcel a villager a day); a notice of earlier parcels is
    rewritten from the parcels already on it, read without flushing this check-in, and this one.
    Without ``brings`` the text is rebuilt from the notice's links after a flush."""
    key, day = phone_key(parcel), local_day(at)
    written_here = brings is not None and parcel.status == "in_stock"
    note = purchase_links.NOTICE_TEMPLATE_ZH.format(number=brings) if brings else None
    # most check-ins start a notice: whether there is one, past the ORM, first (pos.db.direct)
    found = direct.run(session, _ID_OF_THE_DAY, {"key": key, "day": day}).scalar()
    notice = session.get(Notice, found) if found is not None else None
    if notice is None:
        # its key now, so the link below goes into the same flush (Notice sorts before NoticeParcel)
        notice = Notice(id=new_key(), phone_key=key, day=day, kind=ARRIVAL, status="pending", error="", text="")
        if written_here:
            # written before it is added: reading the station's name cannot flush it without its
            # text, so it is stored by one INSERT and no UPDATE
            _fill(notice, parcel)
            _write(session, notice, [parcel], carrier_names, _joined_notes([note]))
            # stored at once, past the unit of work (pos.db.direct): the parcel's row is in
            direct.insert(session, notice)
            direct.insert(session, NoticeParcel(notice_id=notice.id, parcel_id=parcel.id))
            return notice
        session.add(notice)
    _fill(notice, parcel)
    if notice.status != "pending":
        notice.status, notice.sent_at, notice.error = "pending", None, ""
    link = NoticeParcel(notice_id=notice.id, parcel_id=parcel.id)
    if not written_here:
        session.add(link)
        session.flush()
        _rewrite(session, notice, carrier_names)
        return notice
    direct.insert(session, link)
    with session.no_autoflush:  # the notice's new text is not written yet
        # by key: this check-in's parcel and link are stored already, and a parcel stored
        # past the session (pos.db.direct) comes back from a query as another object
        earlier = [p for p in session.scalars(_LINKED, {"notice": notice.id}).all() if p.id != parcel.id]
        notes = dict(zip((p.id for p in earlier), purchase_links.order_notes_for_notice(session, earlier)))
    notes[parcel.id] = note
    parcels = _on_shelf([*earlier, parcel])
    _write(session, notice, parcels, carrier_names, _joined_notes(notes.get(p.id) for p in parcels))
    return notice


def _fill(notice: Notice, parcel: Parcel) -> None:
    notice.phone = parcel.phone
    notice.recipient_name = parcel.recipient_name or notice.recipient_name or ""
    notice.villager_id = parcel.villager_id or notice.villager_id


def detach(session: Session, parcel: Parcel, carrier_names: Mapping[str, str]) -> None:
    """Take an undone check-in off its notice; a pending notice left empty goes away."""
    links = session.scalars(select(NoticeParcel).where(NoticeParcel.parcel_id == parcel.id)).all()
    for link in links:
        notice = session.get(Notice, link.notice_id)
        session.delete(link)
        session.flush()
        if notice is None:
            continue
        gone = _rewrite(session, notice, carrier_names) == 0 and notice.status == "pending"
        sms_notices.notice_rewritten(session, notice, gone)
        if gone:
            session.execute(delete(NoticeParcel).where(NoticeParcel.notice_id == notice.id))
            session.delete(notice)
    session.flush()


LEFT_STATION = ("picked_up", "returned")


# asked of each notice not yet sent (a few), never of the parcels that left (all of five years:
# as "notice.id IN (the links of every parcel that left)" it took 5 s at every opening of the
# Notices page at five years); the status unindexed, or SQLite reads the parcels by status
_SOME_LEFT = (select(NoticeParcel.id).join(Parcel, Parcel.id == NoticeParcel.parcel_id)
              .where(NoticeParcel.notice_id == Notice.id, unindexed(Parcel.status).in_(LEFT_STATION)))


def withdraw_left(db: Database, carrier_names: Mapping[str, str]) -> int:
    """Notices not yet sent (pending or failed) whose parcels have left: a notice whose parcels
    have all been collected or returned is withdrawn (nobody is told to fetch nothing); one that
    still names some waiting parcels is rewritten to name only those. Returns how many were
    withdrawn. Run before the notices are listed or sent, so it covers every way a parcel leaves
    (pickup, delivery, returns, the command line)."""
    withdrawn = 0
    with db.unit_of_work() as s:
        stale = s.scalars(select(Notice).where(Notice.status.in_(("pending", "failed")), _SOME_LEFT.exists())).all()
        for notice in stale:
            statuses = set(s.scalars(select(Parcel.status).join(NoticeParcel, NoticeParcel.parcel_id == Parcel.id)
                                     .where(NoticeParcel.notice_id == notice.id)))
            if statuses <= set(LEFT_STATION):
                s.execute(delete(NoticeParcel).where(NoticeParcel.notice_id == notice.id))
                s.delete(notice)
                withdrawn += 1
            else:
                _rewrite(s, notice, carrier_names)
    return withdrawn


# lists and sending ------------------------------------------------------------------------------
@dataclass(frozen=True)
class NoticeView:
    id: uuid.UUID
    day: dt.date
    phone: str
    phone_key: str
    recipient_name: str
    text: str
    status: str
    sent_at: dt.datetime | None
    error: str
    parcels: int
    items: tuple[tuple[str, str], ...]  # (carrier code, pickup code) of parcels still on the shelf
    kind: str = ARRIVAL  # arrival | reminder (pos.services.parcels.reminders): both are listed and sent alike

    @property
    def can_sms(self) -> bool:
        return bool(self.phone)


def _views(session: Session, rows: Iterable[Notice]) -> list[NoticeView]:
    rows = list(rows)
    counts = dict(session.execute(
        select(NoticeParcel.notice_id, func.count()).where(NoticeParcel.notice_id.in_([n.id for n in rows]))
        .group_by(NoticeParcel.notice_id)
    ).all()) if rows else {}
    items: dict[uuid.UUID, list[tuple[str, str]]] = {}
    if rows:
        found = session.execute(
            select(NoticeParcel.notice_id, Parcel.carrier, Parcel.pickup_code)
            .join(Parcel, Parcel.id == NoticeParcel.parcel_id)
            # the status unindexed: through its index SQLite took every parcel on the shelf
            # and looked each up among the listed notices (6,000 x 1,000 look-ups, 4.7 s)
            .where(NoticeParcel.notice_id.in_([n.id for n in rows]), unindexed(Parcel.status) == "in_stock")
            .order_by(Parcel.checked_in_at)
        )
        for nid, carrier, code in found:
            items.setdefault(nid, []).append((carrier, code))
    return [NoticeView(n.id, n.day, n.phone, n.phone_key, n.recipient_name, n.text, n.status,
                       n.sent_at, n.error, counts.get(n.id, 0), tuple(items.get(n.id, ())), n.kind)
            for n in rows]


def list_notices(db: Database, status: str, limit: int = LIST_LIMIT) -> list[NoticeView]:
    if status not in NOTICE_STATUSES:
        raise ValueError(status)
    # pending: the oldest first (they wait longest); sent and failed: the newest first. Both read
    # in the order of ix_notice_status_day, not sorted from every notice sent in five years
    order = (Notice.day.asc(), Notice.created_at.asc()) if status == "pending" else (
        Notice.day.desc(), Notice.created_at.desc())
    with db.reader() as s:
        rows = s.scalars(select(Notice).where(Notice.status == status).order_by(*order).limit(limit))
        return _views(s, rows)


def status_counts(db: Database, limit: int = LIST_LIMIT) -> dict[str, int]:
    """How many notices each list holds, counted up to ``limit`` + 1 (more than the list shows:
    the page says "1000+"); a five-year station has sent most of a million."""
    with db.reader() as s:
        return {k: s.scalar(select(func.count()).select_from(
            select(Notice.id).where(Notice.status == k).limit(limit + 1).subquery())) or 0
            for k in NOTICE_STATUSES}


def _mark(db: Database, operator: Operator, clock: Clock, ids: Iterable[uuid.UUID],
          status: str, error: str) -> int:
    ids = list(ids)
    if not ids:
        return 0
    now = clock()
    done = 0
    with db.unit_of_work() as s:
        for notice in s.scalars(select(Notice).where(Notice.id.in_(ids))).all():
            notice.status = status
            notice.sent_at = now if status == "sent" else None
            notice.error = error
            done += 1
            parcel_ids = s.scalars(select(NoticeParcel.parcel_id).where(NoticeParcel.notice_id == notice.id)).all()
            details = json.dumps({"notice": str(notice.id), "error": error} if error else {"notice": str(notice.id)},
                                 ensure_ascii=False)
            for pid in parcel_ids:
                s.add(ParcelEvent(parcel_id=pid, at=now, kind=f"notice_{status}", operator=operator.name,
                                  details=details))
    return done


def mark_sent(db: Database, operator: Operator, clock: Clock, ids: Iterable[uuid.UUID]) -> int:
    return _mark(db, operator, clock, ids, "sent", "")


def mark_failed(db: Database, operator: Operator, clock: Clock, ids: Iterable[uuid.UUID], reason: str) -> int:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(tr_noop("errors", "Say why the notice could not be sent."), field="reason")
    return _mark(db, operator, clock, ids, "failed", reason[:300])


def back_to_pending(db: Database, operator: Operator, clock: Clock, ids: Iterable[uuid.UUID]) -> int:
    return _mark(db, operator, clock, ids, "pending", "")


def sms_csv(notices: Iterable[NoticeView]) -> tuple[str, list[uuid.UUID], int]:
    """CSV text (UTF-8 with BOM when written as utf-8-sig) for a bulk-SMS platform: one row per
    notice that has a whole phone number. Returns the text, the ids included and how many were
    left out for want of a whole number."""
    rows = []
    included: list[uuid.UUID] = []
    skipped = 0
    for n in notices:
        if not n.can_sms:
            skipped += 1
            continue
        rows.append((n.phone, n.recipient_name, n.text))
        included.append(n.id)
    return csv_export.csv_text(SMS_COLUMNS, rows), included, skipped


def write_csv(path, text: str, *, db: Database | None = None, operator: Operator | None = None, rows: int = 0) -> None:
    """The SMS list (full phone numbers) to ``path``: whole or not at all, and audited when ``db``
    is given (the app always gives it)."""
    audited = (csv_export.audit_export(db, operator, kind="sms-notices", phones=csv_export.FULL, out=path)
               if db is not None else None)
    csv_export.write_text(path, text, rows=rows, before_placing=audited)


def wechat_text(notices: Iterable[NoticeView], station: str, day: dt.date,
                carrier_names: Mapping[str, str], t: Callable[[str], str] = lambda s: s,
                show_codes: bool = False) -> str:
    """Text to paste into the village WeChat group. The group is public, so each line shows the
    surname, the last four digits and the number of parcels; the carriers and pickup codes only
    when the partner turned codes on (Settings, WECHAT_SHOWS_CODES): anyone in the group could
    otherwise read a neighbour's code and collect their parcel."""
    lines = [t(tr_noop("parcel_documents", "[{station}] Parcels waiting at the station ({day}):"))
             .format(station=station, day=day.isoformat())]
    for n in notices:
        if not n.items:
            continue
        tail = n.phone[-4:] if n.phone else n.phone_key.split("/")[0][-4:]
        name = masked_name(n.recipient_name) or "-"
        if show_codes:
            parcels = t(tr_noop("parcel_documents", ", ")).join(
                f"{carrier_names.get(c, c)} {code}" for c, code in n.items
            )
            lines.append(t(tr_noop("parcel_documents", "{name} (phone ending {tail}): {parcels}"))
                         .format(name=name, tail=tail, parcels=parcels))
        else:
            lines.append(t(tr_noop("parcel_documents", "{name} (phone ending {tail}): {count} parcel(s)"))
                         .format(name=name, tail=tail, count=len(n.items)))
    closing = (tr_noop("parcel_documents", "Please bring your pickup code to the station.") if show_codes else
               tr_noop("parcel_documents", "Your pickup codes are in your SMS; please bring them to the station."))
    lines.append(t(closing))
    return "\n".join(lines)


def wechat_message(db: Database, notices: Iterable[NoticeView], day: dt.date, carrier_names: Mapping[str, str],
                   t: Callable[[str], str] = lambda s: s) -> str:
    """wechat_text under the station's short name, with pickup codes only when the partner
    turned them on (the group is public), both read here."""
    with db.reader() as s:
        station = station_short_name(s)
        show_codes = st.get(s, WECHAT_SHOWS_CODES) is True
    return wechat_text(notices, station, day, carrier_names, t, show_codes=show_codes)


# the printed pickup list ------------------------------------------------------------------------
def pickup_groups(db: Database, carrier_names: Mapping[str, str]) -> list[ListGroup]:
    """Everyone with parcels on the shelf, grouped by villager (or phone and name), ordered by
    village group and name, for build_pickup_list."""
    with db.reader() as s:
        return _pickup_groups(s, carrier_names)


def pickup_list(db: Database, carrier_names: Mapping[str, str], day: dt.date,
                t: Callable[[str], str] = lambda s: s) -> tuple[Document, int]:
    """The printed pickup list of ``day`` and how many people are on it, read in one go."""
    with db.reader() as s:
        groups = _pickup_groups(s, carrier_names)
        station = station_short_name(s)
    return build_pickup_list(groups, station, day, t), len(groups)


def _pickup_groups(s: Session, carrier_names: Mapping[str, str]) -> list[ListGroup]:
    from pos.db.models import Villager
    from pos.domain.phone import mask_mobile

    rows = s.execute(
        select(Parcel, Villager.village_group)
        .outerjoin(Villager, Villager.id == Parcel.villager_id)
        .where(Parcel.status == "in_stock")
        .order_by(Parcel.checked_in_at)
    ).all()
    groups: dict[str, dict] = {}
    for p, village_group in rows:
        key = str(p.villager_id) if p.villager_id else phone_key(p)
        g = groups.setdefault(key, {
            "name": p.recipient_name, "group": village_group or "", "lines": [],
            "phone": mask_mobile(p.phone) if p.phone else p.phone_masked,
        })
        g["lines"].append(ListLine(p.pickup_code, carrier_names.get(p.carrier, p.carrier), p.checked_in_at))
    ordered = sorted(groups.values(), key=lambda g: (g["group"], g["name"], g["phone"]))
    return [ListGroup(g["name"], g["phone"], g["group"], tuple(g["lines"])) for g in ordered]
