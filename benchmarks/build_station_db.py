"""Build a station database for the benchmarks, by bulk inserts: everything the app writes.

    uv run python benchmarks/build_station_db.py --out /tmp/station.sqlite3 [--years 5] [--quick]
    ... --recent-days 30     only the last 30 days of that history (the same day's volume)

The database is created and migrated by pos.db.migrate, the station and its owner (PIN 1234) by
the station service; everything else goes in with SQLAlchemy core inserts in large batches, day
by day in time order, as the station would have written it. Per year of ``--years`` (default 5):

- villagers (2,000): Chinese names with their pinyin search keys, a mobile number (one in ten
  only known masked, 138****5678), village groups; how much each shops follows a capped Pareto
  law (the busiest get about ten times the average);
- parcels (200,000 a year, growing threefold over the history, a peak after Double 11 and a dip
  at the Spring Festival): carriers by market share, waybill numbers in each carrier's format,
  four in five for registered villagers; every parcel left (97% picked up after an exponential
  stay, 3% returned after a week) except 5,000 of the newest, which are in stock under their
  pickup codes on a layout large enough for them;
- per parcel what the check-in and the handover write: the event ``checked_in`` (naming the
  notice and the label's job it queued), then ``picked_up`` (with the handover's details and
  receipt number) or ``returned``; its place on the recipient's arrival notice of the day; the
  shelf label's print job and the pickup receipt's (one handover per parcel);
- assisted purchases (20,000 a year) with 1-3 items, their events, waybill links to the parcel
  they came in, deposits and balances as Payment rows, a few on account, cancelled or refunded;
- counter sales (60,000 a year) with 1-5 lines over 400 products, one Payment per tender (cash,
  mobile, on account with its AccountEntry and a later repayment), a few refunds, each with its
  receipt's print job;
- one closed shift a day (today's open) with the owner's login, the shift's opening and closing
  and the logout in the audit log; daily receipt and pickup counters in Sequence;
- print jobs as the app's retention leaves them (pos.services.hardware.print_retention): the
  last 30 days' with their documents, built by the app's own builders, and the older days'
  counts; the build reports what the deleted documents would have taken (``print_documents``).

Not written: SMS queue rows (no modem by default), the county outbox (not linked by default).

No ANALYZE is run: the app never runs it, so the query plans measured are a station's.

Times are spread over the station's opening hours in the machine's local time zone. Random
choices are seeded: the same arguments build the same station (ids and timestamps aside).
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import datetime as dt
import itertools
import json
import math
import random
import statistics
import sys
import time
import uuid
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, event, insert, update

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pos.db import checkpoints  # noqa: E402
from pos.db.engine import make_engine, sqlite_url  # noqa: E402
from pos.db.migrate import upgrade  # noqa: E402
from pos.db.models import (  # noqa: E402
    AccountEntry, AuditEntry, Notice, NoticeParcel, Parcel, ParcelEvent, Payment, PrintDayCount, PrintJob, Product, PurchaseEvent, PurchaseItem,
    PurchaseOrder, PurchaseWaybill, Refund, RefundLine, Sale, SaleLine, Sequence, Shift, Villager,
)
from pos.db.types import Key, UTCDateTime, micros  # noqa: E402
from pos.db.unit_of_work import Database  # noqa: E402
from pos.domain.barcodes import with_check_digit  # noqa: E402
from pos.domain.carriers import s10_check_digit  # noqa: E402
from pos.domain.event_details import details_json  # noqa: E402
from pos.domain.phone import mask_mobile  # noqa: E402
from pos.domain.pinyin import search_key  # noqa: E402
from pos.domain.receipt_numbers import format_number, sequence_key  # noqa: E402
from pos.domain.station import StationDetails  # noqa: E402
from pos.services import settings as st
from pos.services.station import setup as station
from pos.services.local_days import day_start, local_day  # noqa: E402
from pos.services.parcels.settings import SHELVES  # noqa: E402
from pos.services.parcels.pickup_codes import COUNTER_KEY, format_code, tail  # noqa: E402

OWNER_PIN = "1234"
OWNER_NAME = "王建国"
STATION = StationDetails("清水村电商服务站", "清水镇清水村村委会旁", "0731-8456 7788")
OPEN_HOUR, CLOSE_HOUR = 8, 20
CHUNK = 20_000


@dataclass(frozen=True)
class Scale:
    years: int
    parcels: int
    in_stock: int
    purchases: int
    sales: int
    villagers: int
    products: int
    headroom: int  # parcels the benchmark checks in on top of the stock: the shelves must take them
    # only the last ``recent_days`` of the history are written, with the volume they have in the
    # whole: a young station with the same day's work (goal 3 compares the two)
    recent_days: int | None = None


def full(years: int = 5) -> Scale:
    """200,000 parcels, 20,000 assisted purchases and 60,000 sales a year: the same day's volume at
    the end of any length of history (volume triples over the history in every case)."""
    return Scale(years=years, parcels=200_000 * years, in_stock=5_000, purchases=20_000 * years,
                 sales=60_000 * years, villagers=2_000, products=400, headroom=1_500)


FULL = full(5)
QUICK = Scale(years=1, parcels=20_000, in_stock=500, purchases=2_000, sales=6_000, villagers=300, products=120,
              headroom=300)

# market shares of rural parcels, roughly (State Post Bureau figures by carrier, 2023)
CARRIER_SHARES = {"ZTO": 22, "YTO": 16, "YUNDA": 14, "JT": 14, "STO": 11, "JD": 7, "SF": 6, "EMS": 4,
                  "CHINAPOST": 3, "DEPPON": 2, "OTHER": 1}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强丛华车"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红玲建国建华志强春梅海燕德明福生秋菊金花小红小明国庆淑珍凤英桂芝文学永红家乐子涵浩然雨桐欣怡宇轩思远"
GROUPS = [f"{n}组" for n in "一二三四五六七八九十"] + ["十一组", "十二组"]
CATEGORIES = {"饮料": (250, 800), "零食": (150, 2500), "日用品": (300, 4500), "调料": (200, 1800),
              "粮油": (1500, 9000), "烟酒": (1000, 12000), "文具": (100, 1500), "农资": (1200, 15000)}
SERVICES = [("话费充值50元", 5000), ("话费充值100元", 10000), ("电费代缴", 10000), ("快递寄件费", 1200)]
SHOPS = ["淘宝", "拼多多", "京东", "抖音商城", "快手小店"]
GOODS = ["电饭煲", "儿童羽绒服", "老人手机", "化肥20公斤", "种子", "保温壶", "棉被", "电动车电池", "运动鞋",
         "书包", "蚊帐", "洗衣液整箱", "奶粉", "电风扇", "手机壳", "充电宝", "锄头", "雨靴", "床单四件套", "暖手宝"]


# ids, times ----------------------------------------------------------------------------------------
_ids = random.Random(1)


def new_id() -> str:
    """A random version-4 UUID as 32 hex digits (seeded, so builds repeat); stored as its bytes."""
    n = _ids.getrandbits(128)
    n = (n & ~(0xF000 << 64) | (4 << 76)) & ~(0xC000 << 48) | (0x8000 << 48)
    return f"{n:032x}"


def _rec(at: dt.datetime, id_: str | None = None) -> dict:
    return {"id": id_ or new_id(), "created_at": at, "updated_at": at}


def day_weights(days: list[dt.date]) -> list[float]:
    """Station volume per day: threefold growth over the years, Double 11 and Spring Festival."""
    n = len(days)
    out = []
    for i, d in enumerate(days):
        w = 0.5 + i / max(n - 1, 1)
        if d.month == 11 and 11 <= d.day <= 20:
            w *= 2.2
        elif d.month == 6 and 18 <= d.day <= 22:
            w *= 1.5
        if (d.month == 1 and d.day >= 25) or (d.month == 2 and d.day <= 8):
            w *= 0.35
        if d.weekday() >= 5:
            w *= 1.1
        out.append(w)
    return out


def spread(total: int, weights: list[float]) -> list[int]:
    """``total`` items over the days in proportion to ``weights``, summing exactly (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    counts = [int(x) for x in raw]
    short = total - sum(counts)
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[:short]:
        counts[i] += 1
    return counts


class Timeline:
    """Moments within the opening hours of each local day, never after ``now``."""

    def __init__(self, first: dt.date, now: dt.datetime, rnd: random.Random) -> None:
        self.now = now
        self.rnd = rnd
        self.today = local_day(now)
        # today counts only once the counter has been open an hour
        last = self.today if now >= day_start(self.today) + dt.timedelta(hours=OPEN_HOUR + 1) else \
            self.today - dt.timedelta(days=1)
        self.days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        self._opens = {d: day_start(d) + dt.timedelta(hours=OPEN_HOUR) for d in self.days}
        self._latest = now - dt.timedelta(seconds=1)

    def moment(self, day: dt.date) -> dt.datetime:
        start = self._opens[day]
        span = (CLOSE_HOUR - OPEN_HOUR) * 3600
        if day == self.today:
            span = max(60, min(span, int((self.now - start).total_seconds()) - 60))
        # busier around 10:00 and 17:00, as at a real counter
        t = self.rnd.triangular(0, span, span * (0.2 if self.rnd.random() < 0.5 else 0.75))
        at = start + dt.timedelta(seconds=t)
        return at if at < self._latest else self._latest


# numbers in each carrier's format (benchmark numbers start with 9 where history ones start with 0)
def waybill_number(carrier: str, serial: int, bench: bool = False) -> str:
    lead = "9" if bench else "0"
    if carrier == "SF":
        return f"SF1{lead}{serial:011d}"
    if carrier == "ZTO":
        return f"78{lead}{serial:011d}"
    if carrier == "YTO":
        return f"YT{lead}{serial:012d}"
    if carrier == "STO":
        return f"77{lead}{serial:012d}"
    if carrier == "YUNDA":
        return f"46{lead}{serial:012d}"
    if carrier == "JT":
        return f"JT{lead}{serial:012d}"
    if carrier == "JD":
        return f"JDVA{lead}{serial:010d}"
    if carrier == "EMS":
        body = f"{lead}{serial % 10_000_000:07d}"
        return f"E{'ABCDEFGHJK'[serial // 10_000_000 % 10]}{body}{s10_check_digit(body)}CN"
    if carrier == "CHINAPOST":
        return f"PA{lead}{serial:010d}"
    if carrier == "DEPPON":
        return f"DPK{lead}{serial:011d}"
    return f"621{lead}{serial:011d}"


def mobile(rnd: random.Random) -> str:
    return rnd.choice(("13", "15", "17", "18", "19")) + f"{rnd.randrange(10**9):09d}"


def person_name(rnd: random.Random) -> str:
    given = rnd.choice(GIVEN) + (rnd.choice(GIVEN) if rnd.random() < 0.6 else "")
    return (rnd.choice(SURNAMES) + given)[:4]


# the writer ------------------------------------------------------------------------------------------
class Writer:
    """Buffers rows per table and inserts them in large executemany batches.

    Each table's INSERT is compiled once by SQLAlchemy core and every value goes through the
    column type's own bind processor (UUIDs, UTC datetimes as the app stores them); only the
    per-row statement machinery is skipped, which is most of the time of a plain
    ``conn.execute(insert(table), rows)`` at this size.
    """

    def __init__(self, engine, chunk: int = CHUNK) -> None:
        self.engine = engine
        self.chunk = chunk
        self.rows: dict = {}
        self.counts: dict[str, int] = {}
        self._plans: dict = {}

    def add(self, model, row: dict) -> None:
        buf = self.rows.setdefault(model.__table__, [])
        buf.append(row)
        if len(buf) >= self.chunk:
            self.flush(model.__table__)

    def _plan(self, table):
        plan = self._plans.get(table)
        if plan is None:
            dialect = self.engine.dialect
            compiled = insert(table).compile(dialect=dialect, column_keys=[c.key for c in table.columns])
            fields = []
            for k in compiled.positiontup:
                c = table.c[k]
                default = c.default.arg if c.default is not None and c.default.is_scalar else None
                proc = c.type._cached_bind_processor(dialect)
                if isinstance(c.type, UTCDateTime):
                    proc = _utc_micros(proc)
                elif isinstance(c.type, Key):
                    proc = _key_bytes(proc)
                fields.append((k, default, proc))
            plan = self._plans[table] = (str(compiled), fields)
        return plan

    def flush(self, table=None) -> None:
        tables = [table] if table is not None else list(self.rows)
        with self.engine.begin() as conn:
            for t in tables:
                buf = self.rows.get(t)
                if not buf:
                    continue
                sql, fields = self._plan(t)
                params = [tuple(proc(row.get(k, d)) if proc else row.get(k, d) for k, d, proc in fields)
                          for row in buf]
                conn.exec_driver_sql(sql, params)
                self.counts[t.name] = self.counts.get(t.name, 0) + len(buf)
                buf.clear()


def _utc_micros(slow):
    """UTCDateTime on SQLite stores microseconds since 1970: made directly for the UTC datetimes
    this builder creates (anything else goes the slow way)."""
    utc = dt.timezone.utc

    def proc(v):
        if v is None:
            return None
        if v.tzinfo is utc:
            return micros(v)
        return slow(v)

    return proc


def _key_bytes(slow):
    """Key on SQLite stores the 16 bytes; this builder's ids are 32 hex digits (new_id)."""
    def proc(v):
        if v is None:
            return None
        return bytes.fromhex(v) if isinstance(v, str) else slow(v)

    return proc


def _bulk_engine(path: Path):
    """An engine for loading only: no journal, no fsync, a large cache. The file is switched back
    to WAL at the end, as the app expects."""
    engine = create_engine(sqlite_url(path))

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=OFF")
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-400000")
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.execute("PRAGMA foreign_keys=OFF")
        cur.close()

    return engine


_BIG_TABLES = ("parcel", "parcel_event", "print_job", "audit_log", "purchase_order", "purchase_item", "purchase_event", "purchase_waybill",
               "sale", "sale_line", "payment", "account_entry", "notice", "notice_parcel")


def _drop_indexes(engine) -> list[str]:
    """Secondary indexes of the big tables, dropped for the load and created again after it
    (one sort per index instead of a million random inserts)."""
    with engine.begin() as conn:
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN ({})"
            .format(",".join(f"'{t}'" for t in _BIG_TABLES))).all()
        for name, _sql in rows:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


# the build ---------------------------------------------------------------------------------------------
@dataclass
class _Villager:
    id: str
    name: str
    phone: str
    phone_masked: str
    tail: str


def build(path: Path, scale: Scale = FULL, *, now: dt.datetime | None = None, seed: int = 7,
          log: Callable[[str], None] = print) -> dict:
    """Create the station database at ``path`` (which must not exist). Returns counts and timings."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    now = now or dt.datetime.now(dt.timezone.utc)
    rnd = random.Random(seed)

    app_engine = make_engine(sqlite_url(path))
    upgrade(app_engine, "head")
    db = Database(app_engine)
    owner = station.set_up_station(db, STATION, OWNER_NAME, OWNER_PIN)
    slots_needed = scale.in_stock + scale.headroom
    layers, capacity = 8, 80
    shelves = [chr(ord("A") + i) for i in range(max(2, math.ceil(slots_needed * 1.15 / (layers * capacity))))]
    st.save(db, owner, {SHELVES: {"shelves": shelves, "layers": layers, "capacity": capacity},
                        st.IDLE_LOCK_MINUTES: 0})
    with db.reader() as s:
        from pos.domain.carriers import load_rules
        from pos.services.parcels.notices import station_short_name
        from pos.services.sales.receipts import station_header
        from pos.services.station.receipt_settings import options_in

        ctx = {"rules": load_rules(), "station_short": station_short_name(s), "header": station_header(s),
               "receipt_options": options_in(s), "owner": owner}
    app_engine.dispose()

    # the app's checkpoint thread (pos.db.checkpoints) copies the set-up's last commits back a
    # moment after them, on a connection of its own; leaving WAL needs the file to itself
    # ("database is locked" in CI when the two met), so that checkpoint is waited for
    with checkpoints.paused():
        engine = _bulk_engine(path)
        index_sql = _drop_indexes(engine)
    w = Writer(engine)
    first = local_day(now - dt.timedelta(days=round(365.25 * scale.years)))
    tl = Timeline(first, now, rnd)
    weights = day_weights(tl.days)
    op = owner.name

    villagers = _villagers(w, rnd, scale.villagers, tl)
    # some villagers shop online far more than others (a shopkeeper gets ten times the average),
    # none gets everything
    v_cum = list(itertools.accumulate(min(rnd.paretovariate(2.5), 15.0) for _ in villagers))
    products = _products(w, rnd, scale.products, tl.days[0])
    log(f"  villagers {len(villagers):,}, products {len(products):,}")

    docs = Docs(w, tl, ctx)
    linked = _parcels(w, rnd, scale, tl, weights, villagers, v_cum, shelves, layers, op, log, docs, ctx)
    log(f"  parcels {w.counts.get('parcel', 0):,} ({time.perf_counter() - t_start:.0f} s)")
    balances: dict[str, int] = {}
    _purchases(w, rnd, scale, tl, linked, villagers, v_cum, balances, op)
    log(f"  purchases {w.counts.get('purchase_order', 0):,} ({time.perf_counter() - t_start:.0f} s)")
    _sales(w, rnd, scale, tl, weights, products, villagers, v_cum, balances, op, docs, ctx)
    docs.write_day_counts()
    w.flush()
    log(f"  sales {w.counts.get('sale', 0):,} ({time.perf_counter() - t_start:.0f} s)")

    t_idx = time.perf_counter()
    with engine.begin() as conn:
        for vid, bal in balances.items():
            conn.execute(update(Villager.__table__).where(Villager.__table__.c.id == uuid.UUID(vid))
                         .values(balance_fen=bal))
        for sql in index_sql:
            conn.exec_driver_sql(sql)
    log(f"  indexes rebuilt ({time.perf_counter() - t_idx:.0f} s)")
    with checkpoints.paused(), engine.connect() as conn:
        # no ANALYZE: the app never runs it, so a station's database has no planner statistics,
        # and the benchmark must see the query plans a station gets
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    engine.dispose()
    counts = dict(sorted(w.counts.items()))
    out = {"path": str(path), "scale": asdict(scale), "now": now.isoformat(), "seed": seed, "counts": counts,
           "size_bytes": path.stat().st_size, "build_s": round(time.perf_counter() - t_start, 1),
           "print_documents": docs.summary()}
    log(f"  built in {out['build_s']} s, {out['size_bytes'] / 1e6:.0f} MB")
    return out


def _villagers(w: Writer, rnd: random.Random, n: int, tl: Timeline) -> list[_Villager]:
    out, phones = [], set()
    for _ in range(n):
        at = tl.moment(tl.days[min(len(tl.days) - 1, int(rnd.random() ** 2 * len(tl.days)))])
        name = person_name(rnd)
        phone = mobile(rnd)
        while phone in phones:
            phone = mobile(rnd)
        phones.add(phone)
        masked_only = rnd.random() < 0.1
        v = _Villager(new_id(), name, "" if masked_only else phone, mask_mobile(phone) if masked_only else "",
                      phone[7:])
        out.append(v)
        w.add(Villager, {**_rec(at, v.id), "name": name, "name_initials": search_key(name), "phone": v.phone,
                         "phone_masked": v.phone_masked, "phone_tail": v.tail, "village_group": rnd.choice(GROUPS),
                         "household": f"{v.name[0]}家", "address": f"清水村{rnd.choice(GROUPS)}{rnd.randrange(1, 90)}号",
                         "notes": "", "delivery_consent": rnd.random() < 0.15, "delivery_consent_at": None,
                         "balance_fen": 0, "active": rnd.random() > 0.02})
    return out


def _products(w: Writer, rnd: random.Random, n: int, day: dt.date) -> list[dict]:
    at = day_start(day)
    out = []
    cats = list(CATEGORIES)
    for i in range(n):
        if i < len(SERVICES):
            name, price = SERVICES[i]
            row = {"name": name, "barcode": "", "price_fen": price, "category": "服务", "is_service": True, "stock": 0}
        else:
            cat = cats[i % len(cats)]
            lo, hi = CATEGORIES[cat]
            name = f"{cat}商品{i:03d}"
            row = {"name": name, "barcode": with_check_digit(f"69{i:010d}"), "price_fen": rnd.randrange(lo, hi, 10),
                   "category": cat, "is_service": False, "stock": rnd.randrange(20, 300)}
        row = {**_rec(at), **row, "name_initials": search_key(row["name"]), "low_stock": 5, "active": True}
        w.add(Product, row)
        out.append(row)
    return out


def _dashed(h: str) -> str:
    """A 32-digit id as str(uuid.UUID): how the app writes ids into event details."""
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class Docs:
    """Print jobs as the app stores them, with documents built by the app's own builders.

    The app deletes a job printed more than pos.services.hardware.print_retention.DOCUMENT_DAYS
    ago (at each shift close), keeping each day's count by kind (print_day_count); the records it
    was built from stay. The builder writes the station as that leaves it: only the jobs of the
    last DOCUMENT_DAYS, and the counts of the others. The older ones are still built for
    one job in SAMPLE, so that the build says how many bytes of documents the retention saves.
    """

    SAMPLE = 50

    def __init__(self, w: Writer, tl: Timeline, ctx: dict) -> None:
        from pos.services.hardware.print_retention import DOCUMENT_DAYS

        self.w, self.ctx = w, ctx
        self.cutoff = tl.now - dt.timedelta(days=DOCUMENT_DAYS)
        self.kept_bytes: dict[str, int] = {}
        self.sampled: dict[str, list[int]] = {}
        self.pruned: dict[str, int] = {}
        self.day_counts: dict[tuple[dt.date, str], int] = {}  # print_day_count, as the retention keeps it
        self._n = 0

    def job(self, at: dt.datetime, kind: str, reference: str, make: Callable[[], object]) -> str:
        jid = new_id()
        printed = at + dt.timedelta(seconds=2)
        if printed < self.cutoff:
            self.pruned[kind] = self.pruned.get(kind, 0) + 1
            day = local_day(at)
            self.day_counts[(day, kind)] = self.day_counts.get((day, kind), 0) + 1
            self._n += 1
            if self._n % self.SAMPLE == 0:
                self.sampled.setdefault(kind, []).append(len(make().to_json().encode()))  # type: ignore[attr-defined]
            return jid
        document = make().to_json()  # type: ignore[attr-defined]
        self.kept_bytes[kind] = self.kept_bytes.get(kind, 0) + len(document.encode())
        self.w.add(PrintJob, {**_rec(at, jid), "updated_at": printed, "kind": kind, "reference": reference[:60],
                              "document": document, "status": "printed", "attempts": 1, "last_error": None,
                              "next_attempt_at": None, "sent_at": at + dt.timedelta(seconds=1),
                              "printed_at": printed, "reprint_of": None, "counter_id": None})
        return jid

    def write_day_counts(self) -> None:
        for (day, kind), n in sorted(self.day_counts.items()):
            self.w.add(PrintDayCount, {"day": day, "kind": kind, "jobs": n})

    def summary(self) -> dict:
        est = {k: round(self.pruned[k] * statistics.fmean(v)) for k, v in self.sampled.items() if v}
        return {"kept_since": self.cutoff.isoformat(timespec="seconds"), "kept_document_bytes": self.kept_bytes,
                "pruned_jobs": self.pruned, "pruned_document_bytes_estimate": est,
                "pruned_document_mb_estimate": round(sum(est.values()) / 1e6, 1)}


class _Handover:
    """What pos.domain.pickup_documents.pickup_receipt reads of a HandoverResult."""

    def __init__(self, number, at, operator, name, masked, card) -> None:
        self.number, self.at, self.operator = number, at, operator
        self.recipient_name, self.phone_masked = name, masked
        self.collector_name = self.collector_relation = self.reason = self.method = ""
        self.parcels, self.unscanned_ids = (card,), ()
        self.due_fen = self.collected_fen = self.waived_fen = 0


class _Card:
    def __init__(self, pid, carrier, waybill, code) -> None:
        self.id, self.carrier, self.pickup_code, self.dues = pid, carrier, code, ()
        self.waybill_tail = waybill[-4:]


def _parcels(w, rnd, scale, tl, weights, villagers, v_cum, shelves, layers, op, log, docs, ctx) -> list[tuple]:
    """All parcels in time order with what the app writes for each: its two events
    (checked_in, naming its notice and label; picked_up or returned), its place on
    the day's arrival notice, its shelf label's print job and, once handed over, the pickup
    receipt's. Returns the ones that will be assisted purchases:
    (parcel id, waybill, villager, checked_in_at, picked_up_at or None)."""
    from pos.domain.pickup_documents import pickup_receipt
    from pos.domain.receipt_numbers import PICKUP
    from pos.services.parcels.labels import LabelWording, shelf_label

    rules, station_short, station = ctx["rules"], ctx["station_short"], STATION.name
    wording = LabelWording()
    carrier_names = {code: c.name_zh for code, c in rules.carriers.items()}
    per_day = spread(scale.parcels, weights)
    first_day = tl.days[-scale.recent_days] if scale.recent_days else tl.days[0]
    carriers = list(CARRIER_SHARES)
    c_cum = list(itertools.accumulate(CARRIER_SHARES.values()))
    slots = [(s, layer) for s in shelves for layer in range(1, layers + 1)]
    # exactly scale.in_stock of the newest parcels stay, the rest of them have left already
    window = min(scale.parcels, scale.in_stock * 3 // 2)
    staying = set(rnd.sample(range(scale.parcels - window, scale.parcels), scale.in_stock))
    linked_target = scale.purchases * 95 // 100
    p_link = linked_target / (scale.parcels * 0.8 * 0.97) * 1.01
    linked: list[tuple] = []
    checked_in_details = {c: details_json({"carrier": c, "again": False}) for c in carriers}
    pickups: dict[dt.date, int] = {}
    serial = 0
    for day, n in zip(tl.days, per_day):
        if day < first_day:
            serial += n
            continue
        times = sorted(tl.moment(day) for _ in range(n))
        notices: dict[str, tuple[str, list]] = {}
        for at in times:
            carrier = carriers[bisect.bisect(c_cum, rnd.random() * c_cum[-1])]
            pid = new_id()
            waybill = waybill_number(carrier, serial * 7 + rnd.randrange(7))
            shelf, layer = slots[serial % len(slots)]
            code = format_code(shelf, layer, tail(serial + 1))
            villager = None
            if rnd.random() < 0.8:
                villager = villagers[bisect.bisect(v_cum, rnd.random() * v_cum[-1])]
                phone, masked, ptail, name = villager.phone, villager.phone_masked, villager.tail, villager.name
            else:
                full_ = mobile(rnd)
                phone, masked, ptail, name = "", f"{full_[:3]}****{full_[7:]}", full_[7:], person_name(rnd)
            status, picked, returned = "in_stock", None, None
            if serial not in staying:
                room = (tl.now - at).total_seconds()
                if rnd.random() < 0.03 and room > 8 * 86400:
                    status, returned = "returned", at + dt.timedelta(days=7, hours=rnd.uniform(1, 60))
                else:
                    stay = min(rnd.expovariate(1 / (1.4 * 86400)), 6.5 * 86400, room * rnd.random())
                    status, picked = "picked_up", at + dt.timedelta(seconds=max(stay, 120))
            left = picked or returned
            w.add(Parcel, {**_rec(at, pid), "updated_at": left or at, "waybill": waybill, "carrier": carrier,
                           "status": status, "phone": phone, "phone_masked": masked, "phone_tail": ptail,
                           "recipient_name": name, "villager_id": villager.id if villager else None,
                           "shelf": shelf, "layer": layer, "pickup_code": code, "fee_due_fen": 0,
                           "checked_in_at": at, "checked_in_by": op, "picked_up_at": picked, "handed_over_by":
                           op if picked else "", "collector_name": "", "collector_relation": "",
                           "handover_without_scan_reason": "", "returned_at": returned, "return_batch_id": None,
                           "delivery_run_id": None, "delivery_requested": False, "reminded_at": None})
            key = phone or f"{masked}/{name}"[:20]
            notice = notices.setdefault(key, (new_id(), []))
            notice[1].append((pid, at, phone, name, villager, carrier, code, left))
            shown = masked or mask_mobile(phone)
            job = docs.job(at, "shelf_label", code, partial(
                shelf_label, rules, wording, pickup_code=code, phone_display=shown, recipient_name=name,
                carrier=carrier, checked_in_at=at, waybill=waybill, station=station_short))
            # the check-in's one event, naming its notice and its label's job (as the app writes it)
            w.add(ParcelEvent, {**_rec(at), "parcel_id": pid, "at": at, "kind": "checked_in", "operator": op,
                                "details": checked_in_details[carrier][:-1]
                                + f',"notice":"{_dashed(notice[0])}","label_job":"{_dashed(job)}"}}'})
            if picked:
                pday = local_day(picked)
                pickups[pday] = pickups.get(pday, 0) + 1
                number = format_number(PICKUP, pday, pickups[pday])
                w.add(ParcelEvent, {**_rec(picked), "parcel_id": pid, "at": picked, "kind": "picked_up",
                                    "operator": op, "details": details_json({
                                        "receipt": number, "scanned": True, "reason": "", "collector": "",
                                        "relation": "", "dues": [], "due_fen": 0, "collected_fen": 0, "method": "",
                                    })})
                docs.job(picked, "pickup", number, partial(
                    pickup_receipt, _Handover(number, picked, op, name, shown, _Card(pid, carrier, waybill, code)),
                    station, carrier_names))
            elif returned:
                w.add(ParcelEvent, {**_rec(returned), "parcel_id": pid, "at": returned, "kind": "returned",
                                    "operator": op, "details": ""})
            if villager is not None and status != "returned" and rnd.random() < p_link:
                linked.append((pid, waybill, villager, at, picked))
            serial += 1
        _notices(w, notices, day, tl, carrier_names)
        if serial and serial % 200_000 < n:
            log(f"    {serial:,} parcels")
    w.add(Sequence, {**_rec(tl.now), "key": COUNTER_KEY, "value": serial})
    for d, n in pickups.items():
        w.add(Sequence, {**_rec(tl.now), "key": sequence_key(PICKUP, d), "value": n})
    return linked[: scale.purchases]


def _notices(w: Writer, groups: dict, day: dt.date, tl: Timeline, names: dict[str, str]) -> None:
    """The day's arrival notices: one per recipient and day (pos.services.parcels.notices.attach),
    sent unless today's and still waiting."""
    for key, (nid, items) in groups.items():
        at = items[0][1]
        text_ = f"【清水村】您的{'、'.join(dict.fromkeys(names[i[5]] for i in items))}已到站，取件码" \
                f"{'、'.join(i[6] for i in items)}，请尽快到服务站领取。"
        sent = day < tl.today or all(i[7] for i in items)
        w.add(Notice, {**_rec(at, nid), "phone_key": key, "phone": items[0][2], "recipient_name": items[0][3],
                       "villager_id": items[0][4].id if items[0][4] else None, "day": day, "kind": "arrival",
                       "text": text_, "status": "sent" if sent else "pending",
                       "sent_at": at + dt.timedelta(hours=1) if sent else None, "error": ""})
        for i in items:
            w.add(NoticeParcel, {**_rec(at), "notice_id": nid, "parcel_id": i[0]})


def _account(w, villager_id, at, amount, kind, ref, op, balances) -> int:
    w.add(AccountEntry, {**_rec(at), "villager_id": villager_id, "at": at, "amount_fen": amount, "kind": kind,
                         "reference": ref, "operator": op, "note": ""})
    balances[villager_id] = balances.get(villager_id, 0) + amount
    return balances[villager_id]


def _pay(w, at, purpose, method, amount, op, ref="", sale_id=None, purchase_id=None, villager_id=None,
         note="") -> None:
    w.add(Payment, {**_rec(at), "at": at, "purpose": purpose, "method": method, "amount_fen": amount,
                    "reference": f"WX{rnd_ref(at)}" if method == "mobile" else "", "operator": op,
                    "receipt_number": ref, "sale_id": sale_id, "purchase_id": purchase_id, "parcel_id": None,
                    "villager_id": villager_id, "note": note})


def rnd_ref(at: dt.datetime) -> str:
    return f"{at:%Y%m%d%H%M%S}{at.microsecond:06d}"


def _repay(w, rnd, tl, villager_id, at, amount, op, balances) -> None:
    """Most villagers settle their account within a month."""
    if rnd.random() < 0.85:
        when = at + dt.timedelta(days=rnd.uniform(1, 30))
        if when < tl.now:
            _account(w, villager_id, when, -amount, "payment", "", op, balances)
            _pay(w, when, "account_payment", rnd.choice(("cash", "mobile")), amount, op, villager_id=villager_id)


def _purchases(w, rnd, scale, tl, linked, villagers, v_cum, balances, op) -> None:
    seq: dict[dt.date, int] = {}
    orders = [(villager, at - dt.timedelta(days=rnd.uniform(2, 6)), pid, waybill, at, picked)
              for pid, waybill, villager, at, picked in linked]
    days = tl.days[-scale.recent_days:] if scale.recent_days else tl.days
    # the young station's last month has more linked orders than the history's average month, so
    # a share of the average would leave it none that never came as a parcel (cancelled, refunded,
    # on the way): it gets them in the history's proportion to its linked ones instead
    wanted = len(orders) * 100 // 95 if scale.recent_days else scale.purchases
    while len(orders) < wanted:  # orders that never came as a parcel: cancelled, refunded, on the way
        v = villagers[bisect.bisect(v_cum, rnd.random() * v_cum[-1])]
        orders.append((v, tl.moment(rnd.choice(days)), None, "", None, None))
    orders.sort(key=lambda o: o[1])
    for villager, placed, pid, waybill, arrived, collected in orders:
        placed = max(placed, day_start(days[0]) + dt.timedelta(hours=OPEN_HOUR))
        day = local_day(placed)
        seq[day] = seq.get(day, 0) + 1
        number = format_number("P", day, seq[day])
        oid = new_id()
        items = [(rnd.choice(GOODS), rnd.choice(SHOPS), rnd.randrange(1, 3), rnd.randrange(990, 39900, 10))
                 for _ in range(rnd.choice((1, 1, 1, 2, 2, 3)))]
        items_total = sum(q * p for _, _, q, p in items)
        fee = rnd.choice((0, 200, 300, 500, 500, 1000))
        total = items_total + fee
        if pid is not None:
            status = "collected" if collected else "arrived"
        else:
            age = (tl.now - placed).days
            status = rnd.choice(("placed", "shipped")) if age < 5 else rnd.choice(("cancelled", "cancelled", "refunded"))
        on_account = total if rnd.random() < 0.05 else 0
        paid_now = 0 if on_account else (total if rnd.random() < 0.7 else total // 3)
        paid_later = total - on_account - paid_now if status == "collected" else 0
        refunded = total if status == "refunded" else 0
        cancelled = placed + dt.timedelta(days=1) if status in ("cancelled", "refunded") else None
        w.add(PurchaseOrder, {**_rec(placed, oid), "updated_at": collected or arrived or cancelled or placed,
                              "number": number, "villager_id": villager.id, "customer_name": villager.name,
                              "customer_phone": villager.phone, "status": status,
                              "platform_orders": f"{rnd.randrange(10**17, 10**18)}", "items_total_fen": items_total,
                              "service_fee_fen": fee, "total_fen": total, "paid_fen": paid_now + paid_later,
                              "on_account_fen": on_account, "refunded_fen": refunded,
                              "expected_on": local_day(placed) + dt.timedelta(days=5), "operator": op,
                              "placed_at": placed, "shipped_at": placed + dt.timedelta(days=1) if status != "placed"
                              else None, "arrived_at": arrived, "collected_at": collected, "cancelled_at": cancelled,
                              "cancel_reason": "村民不要了" if cancelled else "", "return_waybill": "", "note": ""})
        for desc, shop, q, price in items:
            w.add(PurchaseItem, {**_rec(placed), "order_id": oid, "description": desc, "shop": shop, "link": "",
                                 "quantity": q, "unit_price_fen": price, "refunded_fen": q * price if refunded else 0})
        events = [("placed", placed)]
        if pid is not None:
            w.add(PurchaseWaybill, {**_rec(placed), "order_id": oid, "waybill": waybill, "parcel_id": pid})
            events += [("arrived", arrived)] + ([("collected", collected)] if collected else [])
        elif cancelled:
            events.append((status, cancelled))
        for kind, at in events:
            w.add(PurchaseEvent, {**_rec(at), "order_id": oid, "at": at, "kind": kind, "operator": op,
                                  "details": ""})
        if on_account:
            _account(w, villager.id, placed, on_account, "purchase", number, op, balances)
            _repay(w, rnd, tl, villager.id, placed, on_account, op, balances)
        elif paid_now:
            _pay(w, placed, "purchase_deposit", rnd.choice(("cash", "mobile")), paid_now, op, number,
                 purchase_id=oid, villager_id=villager.id)
        if paid_later:
            _pay(w, collected, "purchase_balance", rnd.choice(("cash", "mobile")), paid_later, op, number,
                 purchase_id=oid, villager_id=villager.id)
        if refunded and paid_now:
            _pay(w, cancelled, "purchase_refund", "cash", -paid_now, op, number, purchase_id=oid,
                 villager_id=villager.id)
    for d, n in seq.items():
        w.add(Sequence, {**_rec(tl.now), "key": sequence_key("P", d), "value": n})


def _receipt(ctx: dict, number: str, at: dt.datetime, op: str, lines: list, total: int, tenders: list,
             change: int, customer: str, balance: int | None):
    from pos.domain.receipts import ReceiptData, ReceiptLine, ReceiptTender, build_receipt

    data = ReceiptData(station=ctx["header"], number=number, at=at, operator=op, kind="sale",
                       lines=tuple(ReceiptLine(*line) for line in lines), total_fen=total,
                       tenders=tuple(ReceiptTender(*t) for t in tenders), change_fen=change, customer=customer,
                       balance_fen=balance)
    return build_receipt(data, ctx["receipt_options"])


def _audit(w: Writer, at: dt.datetime, owner, action: str, details) -> None:
    w.add(AuditEntry, {**_rec(at), "at": at, "operator": owner.name, "operator_id": str(owner.id), "action": action,
                       "details": details if isinstance(details, str) else json.dumps(details, ensure_ascii=False)})


def _sales(w, rnd, scale, tl, weights, products, villagers, v_cum, balances, op, docs, ctx) -> None:
    """Counter sales with their receipts' print jobs, one shift a day (opened and closed in the
    audit log, with the owner's login and logout)."""
    per_day = spread(scale.sales, weights)
    first_day = tl.days[-scale.recent_days] if scale.recent_days else tl.days[0]
    owner = ctx["owner"]
    goods = [p for p in products if not p["is_service"]]
    services = [p for p in products if p["is_service"]]
    g_cum = list(itertools.accumulate(1 / (i + 1) ** 0.9 for i in range(len(goods))))
    sequences, shifts = [], []
    refund_seq: dict[dt.date, int] = {}
    for day, n in zip(tl.days, per_day):
        if day < first_day:
            continue
        cash_in = 0
        for i, at in enumerate(sorted(tl.moment(day) for _ in range(n)), start=1):
            number = format_number("R", day, i)
            sid = new_id()
            if rnd.random() < 0.08:
                picks = [rnd.choice(services)]
            else:
                picks = [goods[bisect.bisect(g_cum, rnd.random() * g_cum[-1])]
                         for _ in range(rnd.choice((1, 1, 2, 2, 2, 3, 3, 4, 5)))]
            total = 0
            lines = []
            for k, p in enumerate(picks):
                q = 1 if p["is_service"] else rnd.choice((1, 1, 1, 2, 2, 3, 6))
                disc = (p["price_fen"] * q) // 10 if rnd.random() < 0.03 else 0
                line_total = p["price_fen"] * q - disc
                total += line_total
                lid = new_id()
                lines.append((lid, q, line_total, (p["name"], q, p["price_fen"], line_total, disc)))
                w.add(SaleLine, {**_rec(at + dt.timedelta(microseconds=k), lid), "sale_id": sid,
                                 "product_id": p["id"], "description": p["name"], "category": p["category"],
                                 "unit_price_fen": p["price_fen"], "quantity": q, "discount_fen": disc,
                                 "total_fen": line_total, "refunded_quantity": 0})
            r = rnd.random()
            villager = villagers[bisect.bisect(v_cum, rnd.random() * v_cum[-1])] if r < 0.04 else None
            refunded = rnd.random() < 0.003 and at < tl.now - dt.timedelta(hours=2)
            w.add(Sale, {**_rec(at, sid), "number": number, "status": "refunded" if refunded else "completed",
                         "operator": op, "villager_id": villager.id if villager else None, "subtotal_fen": total,
                         "discount_fen": 0, "total_fen": total, "completed_at": at, "note": ""})
            bal, change = None, 0
            if villager is not None:
                bal = _account(w, villager.id, at, total, "sale", number, op, balances)
                _pay(w, at, "sale", "account", total, op, number, sid, villager_id=villager.id,
                     note=json.dumps({"balance_after_fen": bal}))
                _repay(w, rnd, tl, villager.id, at, total, op, balances)
                tenders = [("account", total, "", None)]
            elif r < 0.50:
                tendered = -(-total // 1000) * 1000 if rnd.random() < 0.6 else total
                change = tendered - total
                cash_in += total
                _pay(w, at, "sale", "cash", total, op, number, sid,
                     note=json.dumps({"tendered_fen": tendered, "change_fen": tendered - total}))
                tenders = [("cash", total, "", tendered)]
            else:
                _pay(w, at, "sale", "mobile", total, op, number, sid)
                tenders = [("mobile", total, f"WX{rnd_ref(at)}", None)]
            docs.job(at, "receipt", number, partial(
                _receipt, ctx, number, at, op, [line[3] for line in lines], total, tenders, change,
                villager.name if villager else "", bal))
            if refunded:
                rday = local_day(at)
                refund_seq[rday] = refund_seq.get(rday, 0) + 1
                fid = new_id()
                when = at + dt.timedelta(minutes=30)
                w.add(Refund, {**_rec(when, fid), "number": format_number("F", rday, refund_seq[rday]),
                               "sale_id": sid, "purchase_id": None, "reason": "商品有问题", "operator": op,
                               "approved_by": op, "total_fen": total, "at": when})
                for lid, q, amount, _line in lines:
                    w.add(RefundLine, {**_rec(when), "refund_id": fid, "sale_line_id": lid, "purchase_item_id": None,
                                       "quantity": q, "amount_fen": amount})
                _pay(w, when, "sale_refund", "cash", -total, op, format_number("F", rday, refund_seq[rday]), sid)
        if n:
            sequences.append({**_rec(tl.now), "key": sequence_key("R", day), "value": n})
        opened = day_start(day) + dt.timedelta(hours=OPEN_HOUR - 1, minutes=50)
        closed = day_start(day) + dt.timedelta(hours=CLOSE_HOUR, minutes=10)
        if opened < tl.now:
            open_now = closed >= tl.now
            variance = 0 if rnd.random() < 0.9 else rnd.choice((-500, -100, 100, 200))
            number = f"S{day:%Y%m%d}-01"
            # the app numbers a day's next shift from this counter: without it, a shift opened
            # after today's close would take -01 again
            sequences.append({**_rec(tl.now), "key": f"shift:{day:%Y%m%d}", "value": 1})
            _audit(w, opened - dt.timedelta(minutes=1), owner, "login", "")
            _audit(w, opened, owner, "shift.opened", {"shift": number, "float": "200.00"})
            if not open_now:
                _audit(w, closed, owner, "shift.closed", {
                    "shift": number, "expected": f"{(20000 + cash_in) / 100:.2f}",
                    "counted": f"{(20000 + cash_in + variance) / 100:.2f}", "variance": f"{variance / 100:.2f}",
                    "reason": "找零出错" if variance else "", "approved_by": ""})
                _audit(w, closed + dt.timedelta(minutes=1), owner, "logout", "")
            shifts.append({**_rec(opened), "number": number, "opened_at": opened, "opened_by": op,
                           "float_fen": 20000, "closed_at": None if open_now else closed,
                           "closed_by": "" if open_now else op,
                           "expected_cash_fen": None if open_now else 20000 + cash_in,
                           "counted_cash_fen": None if open_now else 20000 + cash_in + variance,
                           "variance_fen": None if open_now else variance,
                           "variance_reason": "找零出错" if variance else "", "denominations": "{}"})
    for d, n in refund_seq.items():
        sequences.append({**_rec(tl.now), "key": sequence_key("F", d), "value": n})
    for row in shifts:
        w.add(Shift, row)
    for row in sequences:
        w.add(Sequence, row)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build a station database for the benchmarks.")
    ap.add_argument("--out", type=Path, required=True, help="the SQLite file to create (must not exist)")
    ap.add_argument("--quick", action="store_true", help="a small station (CI)")
    ap.add_argument("--years", type=int, default=5, help="years of history (5: 1,000,000 parcels; 10: 2,000,000)")
    ap.add_argument("--recent-days", type=int, help="write only the last N days of that history, with the "
                    "same day's volume (the young station of goal 3)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=Path, help="write the build's counts and time here")
    args = ap.parse_args(argv)
    scale = QUICK if args.quick else full(args.years)
    if args.recent_days:
        scale = dataclasses.replace(scale, recent_days=args.recent_days)
    out = build(args.out, scale, seed=args.seed)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
