"""A pickup code is not given again within the rest period (90 days by default) after its last
parcel left, and the public WeChat-group text names no codes unless the partner turns them on."""

import datetime as dt

from sqlalchemy import select, update

from pos.db.models import Parcel
from pos.services import settings as st
from pos.services.parcels import checkin, notices
from pos.services.parcels.checkin import Recipient
from pos.services.parcels.settings import CODE_REST_DAYS, SHELVES, WECHAT_SHOWS_CODES

from .conftest import JT, SF, YTO, ZTO
from .test_pickup_codes import set_counter

NAMES = {"ZTO": "中通快递", "YTO": "圆通速递", "SF": "顺丰速运", "JT": "极兔速递"}


def _in(db, op, clock, rules, waybill, carrier, phone="13812345678", name="张三"):
    return checkin.check_in(db, op, clock, rules, waybill=waybill, carrier=carrier,
                            recipient=Recipient(phone, name)).parcel


def _leaves(db, parcel, at, how="picked_up"):
    column = "picked_up_at" if how == "picked_up" else "returned_at"
    with db.unit_of_work() as s:
        s.execute(update(Parcel).where(Parcel.id == parcel.id).values(status=how, **{column: at}))


def test_a_code_rests_ninety_days_after_its_parcel_left(database, op, clock, rules):
    st.save(database, op, {SHELVES: {"shelves": ["A"], "layers": 1, "capacity": 5}})
    set_counter(database, 9998)
    first = _in(database, op, clock, rules, ZTO, "ZTO")
    assert first.pickup_code == "A-1-9999"
    _leaves(database, first, clock())
    clock.advance(days=89)
    set_counter(database, 9998)  # the counter came round again while the SMS is still on a phone
    second = _in(database, op, clock, rules, YTO, "YTO")
    assert second.pickup_code == "A-1-0001"
    _leaves(database, second, clock(), "returned")
    clock.advance(days=2)  # A-1-9999 left 91 days ago, A-1-0001 two days ago
    set_counter(database, 9998)
    assert _in(database, op, clock, rules, SF, "SF").pickup_code == "A-1-9999"
    set_counter(database, 0)
    assert _in(database, op, clock, rules, JT, "JT").pickup_code == "A-1-0002"


def test_the_rest_period_is_a_setting(database, op, clock, rules):
    st.save(database, op, {SHELVES: {"shelves": ["A"], "layers": 1, "capacity": 5}, CODE_REST_DAYS: 0})
    set_counter(database, 9998)
    first = _in(database, op, clock, rules, ZTO, "ZTO")
    _leaves(database, first, clock())
    set_counter(database, 9998)
    assert _in(database, op, clock, rules, YTO, "YTO").pickup_code == first.pickup_code


def test_a_layer_out_of_rested_codes_still_checks_parcels_in(database, op, clock, rules, monkeypatch):
    from pos.services.parcels import pickup_codes

    monkeypatch.setattr(pickup_codes, "MODULUS", 3)  # three codes a layer, all of them resting
    st.save(database, op, {SHELVES: {"shelves": ["A"], "layers": 1, "capacity": 5}})
    for waybill, carrier in ((ZTO, "ZTO"), (YTO, "YTO"), (SF, "SF")):
        _leaves(database, _in(database, op, clock, rules, waybill, carrier), clock())
    assert _in(database, op, clock, rules, JT, "JT").pickup_code in {"A-1-0001", "A-1-0002", "A-1-0003"}
    with database.reader() as s:
        assert s.scalar(select(Parcel.status).where(Parcel.waybill == JT)) == "in_stock"


def test_wechat_text_names_no_codes_unless_turned_on(database, op, clock, rules):
    _in(database, op, clock, rules, ZTO, "ZTO", name="张桂芳")
    _in(database, op, clock, rules, YTO, "YTO", name="张桂芳")
    _in(database, op, clock, rules, SF, "SF", phone="158****3377", name="孙海燕")
    pending = notices.list_notices(database, "pending")
    day = clock().date()
    text = notices.wechat_text(pending, "清水村服务站", day, NAMES)
    assert "张** (phone ending 5678): 2 parcel(s)" in text
    assert "孙** (phone ending 3377): 1 parcel(s)" in text
    assert "A-1-0001" not in text and "A-" not in text and "13812345678" not in text
    shown = notices.wechat_text(pending, "清水村服务站", day, NAMES, show_codes=True)
    assert "张** (phone ending 5678): 中通快递 A-1-0001, 圆通速递 A-1-0002" in shown  # one layer per family
    # SMS rows keep the code: it only reaches the villager
    csv_text, _, _ = notices.sms_csv(pending)
    assert "A-1-0001" in csv_text
    assert st.read(database, WECHAT_SHOWS_CODES) is False
    assert st.read(database, CODE_REST_DAYS) == 90


def test_rest_days_on_postgres_too(any_database, clock, rules):
    from pos.domain.station import StationDetails
    from pos.services.station import setup as station

    db = any_database
    op = station.set_up_station(db, StationDetails("清水村服务站"), "王小明", "1234")
    st.save(db, op, {SHELVES: {"shelves": ["A"], "layers": 1, "capacity": 5}})
    set_counter(db, 9998)
    first = _in(db, op, clock, rules, ZTO, "ZTO")
    _leaves(db, first, clock() - dt.timedelta(days=1))
    set_counter(db, 9998)
    assert _in(db, op, clock, rules, YTO, "YTO").pickup_code == "A-1-0001"
