"""Demo data for a first look (`village-pos --demo`).

Each feature adds its own realistic data here as it lands, so the demo shows the whole app.
The README gives the PINs.
"""

from __future__ import annotations

from pos.db.unit_of_work import Database
from pos.domain.carriers import RuleSet
from pos.domain.station import StationDetails
from pos.domain.users import Operator
from pos.services.station import setup as station
from pos.services.station.auth import AuthService
from pos.services.clock import Clock, system_clock
from pos.demo.devices import add_demo_devices
from pos.demo.parcels import add_demo_parcels
from pos.demo.purchases import add_demo_purchases
from pos.demo.sales import add_demo_sales
from pos.demo.income import add_demo_rates
from pos.demo.shifts import add_demo_shifts
from pos.demo.villagers import add_demo_villagers

DEMO_OWNER_PIN = "1234"
DEMO_ASSISTANT_PIN = "5678"
DEMO_STATION = StationDetails(name="清水村电商服务站", address="浙江省丽水市遂昌县清水村村委会旁", phone="0578-8123456")


def create_demo(db: Database, rules: RuleSet, clock: Clock = system_clock) -> Operator:
    """Create the demo station on an empty database (refuses, like init, if a station exists);
    ``rules``: the station's carrier rules, which the demo parcels are checked in with."""
    owner = station.set_up_station(db, DEMO_STATION, "王小明", DEMO_OWNER_PIN)
    AuthService(db).add_assistant(owner, "李芳", DEMO_ASSISTANT_PIN)
    # villagers first: the other areas attach their records to register villagers
    add_demo_villagers(db, owner, clock)
    add_demo_parcels(db, owner, clock, rules)
    add_demo_purchases(db, owner, clock)
    add_demo_sales(db, owner, clock)
    # last: each closed demo day sums the payments made above
    add_demo_shifts(db, owner, clock)
    # after the demo parcels: their notices stay in the list rather than going out as SMS
    add_demo_devices(db)
    add_demo_rates(db, owner, clock)
    return owner
