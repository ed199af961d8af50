"""Sending on both backends: the waybill's partial unique index, case-blind search, handovers."""

from __future__ import annotations

import pytest

from pos.domain.cart import Tender
from pos.domain.errors import ValidationError
from pos.domain.station import StationDetails
from pos.services.sending import handover as ho
from pos.services.sending import parcels as sp
from pos.services.shifts import drawer
from pos.services.station import setup as station

from .conftest import parcel_input


def test_send_label_collect_search(any_database, clock, tariffs):
    db = any_database
    boss = station.set_up_station(db, StationDetails("清水村服务站"), "王小明", "1234")
    drawer.open_shift(db, boss, clock, 0)
    a = sp.send_parcel(db, boss, clock, tariffs, parcel_input(), [Tender("cash", 1900)]).parcel
    b = sp.send_parcel(db, boss, clock, tariffs, parcel_input(), [Tender("cash", 1900)]).parcel
    sp.attach_waybill(db, boss, clock, a.number, "ZT750012345678")
    with pytest.raises(ValidationError, match="already on parcel"):
        sp.attach_waybill(db, boss, clock, b.number, "zt750012345678")
    assert [p.number for p in sp.search_sent(db, text="zt7500")] == [a.number]
    assert [p.number for p in sp.search_sent(db, text=b.number.lower())] == [b.number]
    h = ho.open_handover(db, boss, clock, "ZTO")
    h = ho.add_to_handover(db, boss, clock, h.number, "ZT750012345678")
    assert ho.close_handover(db, boss, clock, h.number).parcels[0].status == "collected"
