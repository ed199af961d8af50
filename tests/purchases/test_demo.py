"""The demo orders cover the whole life cycle."""

import datetime as dt
from collections import Counter

from pos.domain.station import StationDetails
from pos.services.station import setup as station
from pos.demo.purchases import add_demo_purchases
from pos.services.purchases.views import OrderFilter, list_orders


def test_demo_orders_in_every_state(database):
    owner = station.set_up_station(database, StationDetails("清水村电商服务站"), "王小明", "1234")
    now = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.timezone.utc)
    assert add_demo_purchases(database, owner, lambda: now) == 15
    orders = list_orders(database, OrderFilter(), now)
    assert len(orders) == 15
    assert set(Counter(o.status for o in orders)) == {"placed", "shipped", "arrived", "collected", "cancelled", "refunded"}
    assert any(o.late for o in orders)
    assert any(o.return_waybill for o in orders)
    assert any(o.due_fen for o in orders) and any(o.on_account_fen for o in orders)
    placed = [o.placed_at for o in orders]
    assert max(placed) - min(placed) >= dt.timedelta(days=12) and max(placed) <= now
