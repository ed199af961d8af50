"""Settings of the pickup side of parcels: reminder and return ages, storage and delivery fees,
the reminder text. Also the local-day arithmetic every overdue rule shares."""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.domain.carriers import RuleSet
from pos.domain.errors import PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.users import Operator
from pos.services import settings as st
from pos.services.settings import SettingDef

REMINDER_AGE_DAYS = SettingDef("parcels.reminder_age_days", 3)
RETURN_AGE_DAYS = SettingDef("parcels.return_age_days", 7)
STORAGE_FEE_PER_DAY_FEN = SettingDef("parcels.storage_fee_per_day_fen", 0)  # 0 = no storage fee
STORAGE_FREE_DAYS = SettingDef("parcels.storage_free_days", 3)
DELIVERY_FEE_FEN = SettingDef("parcels.delivery_fee_fen", 0)  # per stop of a delivery run
REMINDER_TEMPLATE = SettingDef(
    "parcels.reminder_template",
    "【{station}】{name}您好，您有{count}个包裹已到站{days}天未取，取件码：{codes}。"
    "请尽快来取，到站满{return_days}天未取的包裹将退回快递公司。",
)

# what a reminder text may contain; anything else in braces is refused when the owner saves
TEMPLATE_FIELDS = ("station", "name", "count", "codes", "days", "return_days")
MAX_DAYS = 90
MAX_FEE_FEN = 100_000  # ¥1000: a typo guard, no station charges more per day or per trip


@dataclass(frozen=True)
class PickupSettings:
    reminder_age_days: int
    return_age_days: int
    storage_fee_per_day_fen: int
    storage_free_days: int
    delivery_fee_fen: int
    reminder_template: str


_DEFS = {
    "reminder_age_days": REMINDER_AGE_DAYS,
    "return_age_days": RETURN_AGE_DAYS,
    "storage_fee_per_day_fen": STORAGE_FEE_PER_DAY_FEN,
    "storage_free_days": STORAGE_FREE_DAYS,
    "delivery_fee_fen": DELIVERY_FEE_FEN,
    "reminder_template": REMINDER_TEMPLATE,
}


def _int(value, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def from_session(session: Session) -> PickupSettings:
    # one query for all six: the pickup lookup reads them on every keystroke-Enter
    import json

    from sqlalchemy import select

    from pos.db.models import Setting

    stored = dict(session.execute(select(Setting.key, Setting.value).where(Setting.key.like("parcels.%"))).all())
    raw = {}
    for name, d in _DEFS.items():
        try:
            raw[name] = json.loads(stored[d.key]) if d.key in stored else d.default
        except ValueError:
            raw[name] = d.default
    return PickupSettings(
        reminder_age_days=_int(raw["reminder_age_days"], REMINDER_AGE_DAYS.default),
        return_age_days=_int(raw["return_age_days"], RETURN_AGE_DAYS.default),
        storage_fee_per_day_fen=_int(raw["storage_fee_per_day_fen"], 0),
        storage_free_days=_int(raw["storage_free_days"], STORAGE_FREE_DAYS.default),
        delivery_fee_fen=_int(raw["delivery_fee_fen"], 0),
        reminder_template=raw["reminder_template"] if isinstance(raw["reminder_template"], str)
        and raw["reminder_template"].strip() else REMINDER_TEMPLATE.default,
    )


def load(db) -> PickupSettings:
    with db.reader() as s:
        return from_session(s)


def check_template(template: str) -> str:
    template = template.strip()
    if not template:
        raise ValidationError(tr_noop("errors", "The reminder text is empty."), field="reminder_template")
    if len(template) > 500:
        raise ValidationError(
            tr_noop("errors", "The reminder text is too long (500 characters at most)."),
            field="reminder_template",
        )
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError:
        raise ValidationError(
            tr_noop("errors", "The reminder text has an unmatched brace {{ or }}."), field="reminder_template"
        ) from None
    for name in names:
        if name not in TEMPLATE_FIELDS:
            raise ValidationError(
                tr_noop("errors", "The reminder text may not contain {{{name}}}; use {allowed}."),
                field="reminder_template", allowed=" ".join("{" + f + "}" for f in TEMPLATE_FIELDS),
                name=name[:20],
            )
    return template


def check(values: PickupSettings) -> PickupSettings:
    for name in ("reminder_age_days", "return_age_days", "storage_free_days"):
        v = getattr(values, name)
        if not isinstance(v, int) or not 0 <= v <= MAX_DAYS:
            raise ValidationError(tr_noop("errors", "A number of days must be 0 to {max}."), field=name, max=MAX_DAYS)
    if values.reminder_age_days < 1:
        raise ValidationError(
            tr_noop("errors", "Reminders can start after 1 day at the earliest."), field="reminder_age_days"
        )
    if values.return_age_days <= values.reminder_age_days:
        raise ValidationError(
            tr_noop("errors", "The return age must be longer than the reminder age, so villagers are "
                    "reminded before their parcel goes back."),
            field="return_age_days",
        )
    for name in ("storage_fee_per_day_fen", "delivery_fee_fen"):
        v = getattr(values, name)
        if not isinstance(v, int) or not 0 <= v <= MAX_FEE_FEN:
            raise ValidationError(tr_noop("errors", "A fee must be ¥0 to ¥1000."), field=name)
    return PickupSettings(**{**values.__dict__, "reminder_template": check_template(values.reminder_template)})


def save(db, operator: Operator, values: PickupSettings) -> list[str]:
    """Owner only: fees are money the villagers pay. Every change is audited by settings.save."""
    if not operator.is_owner:
        raise PermissionDenied(tr_noop("errors", "Only the owner can change the parcel fees and ages."))
    values = check(values)
    return st.save(db, operator, {d: getattr(values, name) for name, d in _DEFS.items()})


# local days --------------------------------------------------------------------------------
def local_date(at: dt.datetime) -> dt.date:
    """The station's calendar day of an aware time (the machine's time zone)."""
    return at.astimezone().date()


def local_day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of a local day, as an aware UTC time (for range queries)."""
    return dt.datetime.combine(day, dt.time(0)).astimezone().astimezone(dt.timezone.utc)


def days_in_stock(checked_in_at: dt.datetime, now: dt.datetime) -> int:
    """Calendar days since check-in: 0 on the day it arrived, 1 the next day, and so on.

    Villagers count days, not hours: a parcel in on Monday evening is "3 days" on Thursday."""
    return max(0, (local_date(now) - local_date(checked_in_at)).days)


def checked_in_before_for_age(now: dt.datetime, days: int) -> dt.datetime:
    """Parcels checked in before this UTC time are at least ``days`` days in stock."""
    return local_day_start(local_date(now) - dt.timedelta(days=days - 1))


def storage_fee_fen(checked_in_at: dt.datetime, now: dt.datetime, cfg: PickupSettings) -> int:
    if cfg.storage_fee_per_day_fen <= 0:
        return 0
    return max(0, days_in_stock(checked_in_at, now) - cfg.storage_free_days) * cfg.storage_fee_per_day_fen


def carrier_names(rules: RuleSet) -> dict[str, tuple[str, str]]:
    """Carrier code -> (Chinese name, English name), from the station's carrier rules."""
    return {code: (c.name_zh, c.name_en) for code, c in rules.carriers.items()}
