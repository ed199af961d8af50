"""Demo parcels: a week of check-ins across carriers, some collected, a few returned to the
courier, some still on the shelf, and today's batch still awaiting phone numbers."""

from __future__ import annotations

import datetime as dt
import json
import random

from pos.db.models import Parcel, ParcelEvent
from pos.db.unit_of_work import Database
from pos.domain.carriers import RuleSet, s10_check_digit
from pos.domain.users import Operator
from pos.domain.waybill import recognise
from pos.services.parcels import checkin
from pos.services.parcels import notices
from pos.services.clock import Clock
from pos.services.local_days import day_start, local_day

RECIPIENTS = [
    ("13857812345", "张桂芳"), ("13905783210", "李建国"), ("15867123456", "王秀英"),
    ("18757809876", "刘德华"), ("13757861234", "陈美玲"), ("15988776655", "杨志强"),
    ("17706781122", "赵丽娟"), ("13396785544", "黄国平"), ("18868903311", "周小红"),
    ("13587654321", "吴建军"), ("****6621", "徐"), ("158****3377", "孙海燕"), ("****9012", "朱大伯"),
]
CARRIER_WEIGHTS = [("ZTO", 5), ("YTO", 4), ("YUNDA", 4), ("JT", 4), ("STO", 3), ("SF", 2),
                   ("JD", 2), ("EMS", 2), ("DEPPON", 1)]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def waybill_for(carrier: str, rng: random.Random) -> str:
    """A number in the carrier's current format (resources/carriers.toml)."""
    if carrier == "SF":
        return "SF" + rng.choice("1234") + _digits(rng, 12)
    if carrier == "ZTO":
        return "7" + rng.choice("3578") + _digits(rng, 12)
    if carrier == "YTO":
        return "YT" + rng.choice("6789") + _digits(rng, 12)
    if carrier == "STO":
        return "77" + rng.choice("356") + _digits(rng, 12)
    if carrier == "YUNDA":
        return rng.choice("34") + "6" + _digits(rng, 13)
    if carrier == "JT":
        return "JT" + rng.choice("0235") + _digits(rng, 12)
    if carrier == "JD":
        return "JDV" + rng.choice("ABCDE") + _digits(rng, 11)
    if carrier == "EMS":
        serial = rng.choice(["10", "11", "12"]) + _digits(rng, 8)
        return serial + str(s10_check_digit(serial[2:10])) + _digits(rng, 2)
    if carrier == "DEPPON":
        return "DPK3" + _digits(rng, 11)
    raise ValueError(carrier)


def _numbers(rng: random.Random, rules: RuleSet, count: int) -> list[tuple[str, str]]:
    carriers = [c for c, w in CARRIER_WEIGHTS for _ in range(w)]
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(out) < count:
        carrier = rng.choice(carriers)
        number = waybill_for(carrier, rng)
        rec = recognise(number, rules)
        if number not in seen and rec.carrier == carrier:  # only numbers the rules read unasked
            seen.add(number)
            out.append((number, carrier))
    return out


def _left(db: Database, owner: Operator, parcel_id, at: dt.datetime, kind: str) -> None:
    with db.unit_of_work() as s:
        p = s.get(Parcel, parcel_id)
        p.status = kind
        if kind == "picked_up":
            p.picked_up_at, p.handed_over_by = at, owner.name
        else:
            p.returned_at = at
        s.add(ParcelEvent(parcel_id=p.id, at=at, kind=kind, operator=owner.name,
                          details=json.dumps({"demo": True})))


def add_demo_parcels(db: Database, owner: Operator, clock: Clock, rules: RuleSet, seed: int = 20261122) -> int:
    """About 60 parcels over the last 7 days; returns how many were created."""
    rng = random.Random(seed)
    now = clock()
    numbers = _numbers(rng, rules, 64)
    made = 0
    for i, (number, carrier) in enumerate(numbers[:58]):
        days_ago = 6 - i * 7 // 58
        at = now - dt.timedelta(days=days_ago, minutes=rng.randint(5, 300))
        phone, name = rng.choice(RECIPIENTS)
        result = checkin.check_in(db, owner, lambda at=at: at, rules, waybill=number, carrier=carrier,
                                  recipient=checkin.Recipient(phone=phone, name=name))
        made += 1
        if days_ago >= 5 and rng.random() < 0.15:
            _left(db, owner, result.parcel.id, at + dt.timedelta(days=4), "returned")
        elif days_ago >= 1 and rng.random() < 0.7:
            _left(db, owner, result.parcel.id, at + dt.timedelta(hours=rng.randint(2, 30)), "picked_up")
    # this morning's pile scanned in batch mode, phones still to be typed
    for number, carrier in numbers[58:62]:
        at = now - dt.timedelta(minutes=rng.randint(1, 20))
        checkin.check_in_batch(db, owner, lambda at=at: at, rules, waybill=number, carrier=carrier)
        made += 1
    _send_old_notices(db, owner, now)
    return made


def _send_old_notices(db: Database, owner: Operator, now: dt.datetime) -> None:
    """Notices of earlier days went out that evening; one number turned out to be wrong."""
    today = local_day(now)
    old = [n for n in notices.list_notices(db, "pending") if n.day < today]
    for n in old:
        sent = day_start(n.day) + dt.timedelta(hours=19)
        notices.mark_sent(db, owner, lambda sent=sent: min(sent, now), [n.id])
    if old:
        notices.mark_failed(db, owner, lambda: now, [old[-1].id], "短信平台回执：空号")
