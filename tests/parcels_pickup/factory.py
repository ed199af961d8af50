"""Parcels made directly in the database, as the check-in would leave them."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid

from pos.db.models import DeliveryConsent, Parcel, ParcelEvent, Villager
from pos.domain.phone import mask_mobile

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 3, 10, 4, 0, tzinfo=UTC)  # noon in China, same local day in UTC runs
_serial = itertools.count(1)


def waybill(carrier: str = "ZTO") -> str:
    n = next(_serial)
    return {"ZTO": f"7310{n:010d}", "YTO": f"YT{n:013d}", "SF": f"SF{n:013d}", "JT": f"JT{n:013d}"}[carrier]


def make_parcel(db, *, code: str | None = None, phone: str = "13812345678", masked: bool = False,
                name: str = "张三", carrier: str = "ZTO", status: str = "in_stock", days_ago: int = 0,
                now: dt.datetime = NOW, fee_fen: int = 0, villager_id: uuid.UUID | None = None,
                number: str | None = None, delivery: bool = False) -> Parcel:
    n = next(_serial)
    shelf, layer = "ABC"[n % 3], 1 + n % 4
    code = code if code is not None else f"{shelf}-{layer}-{n:04d}"
    if code:
        shelf, layer = code.split("-")[0], int(code.split("-")[1])
    p = Parcel(
        id=uuid.uuid4(), waybill=number or waybill(carrier), carrier=carrier, status=status,
        phone="" if masked else phone, phone_masked=mask_mobile(phone), phone_tail=phone[-4:],
        recipient_name=name, villager_id=villager_id, shelf=shelf, layer=layer, pickup_code=code,
        fee_due_fen=fee_fen, checked_in_at=now - dt.timedelta(days=days_ago), checked_in_by="李芳",
        delivery_requested=delivery,
    )
    with db.unit_of_work() as s:
        s.add(p)
        s.flush()
        s.add(ParcelEvent(parcel_id=p.id, at=p.checked_in_at, kind="checked_in", operator="李芳",
                          details=json.dumps({"code": code})))
    return p


def make_villager(db, name: str = "王奶奶", phone: str = "13900001111", group: str = "三组",
                  address: str = "清水村三组12号", consent: bool = True, initials: str = "") -> uuid.UUID:
    """``consent``: the villager signed the paper for delivery to the door (a log entry)."""
    v = Villager(id=uuid.uuid4(), name=name, phone=phone, phone_masked=mask_mobile(phone), phone_tail=phone[-4:],
                 name_initials=initials, village_group=group, address=address, delivery_consent=consent,
                 delivery_consent_at=NOW - dt.timedelta(days=30) if consent else None)
    with db.unit_of_work() as s:
        s.add(v)
        s.flush()
        if consent:
            s.add(DeliveryConsent(villager_id=v.id, given=True, at=v.delivery_consent_at, how="paper",
                                  recorded_by="王小明"))
    return v.id


def open_shift(db, at: dt.datetime = NOW - dt.timedelta(hours=1)) -> None:
    """Money is only taken inside an open shift: open one (once) for tests about parcels."""
    from pos.domain.users import Operator, Role
    from pos.services.shifts import drawer as shifts

    if shifts.current_shift(db) is None:
        shifts.open_shift(db, Operator(uuid.uuid4(), "李芳", Role.ASSISTANT), lambda: at, 20000)


def status_of(db, parcel_id) -> Parcel:
    with db.reader() as s:
        return s.get(Parcel, parcel_id)


def ledger(db) -> list[tuple]:
    """The drawer ledger (Payment rows) as (purpose, method, fen, receipt, parcel id, villager id, note)."""
    from sqlalchemy import select

    from pos.db.models.payment import Payment

    with db.reader() as s:
        rows = s.scalars(select(Payment).order_by(Payment.at, Payment.purpose, Payment.note)).all()
        return [(r.purpose, r.method, r.amount_fen, r.receipt_number, r.parcel_id, r.villager_id, r.note) for r in rows]
