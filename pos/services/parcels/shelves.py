"""Where a checked-in parcel goes: the layer where the same villager's parcels already wait (when
it has room), else the emptiest layer, or the one the partner chose.

Occupancy counts parcels that hold a shelf place: on the shelf, or out on a delivery run (they
come back to their place when nobody is home). It is read from the partial index of pickup codes
in use, which holds only the parcels in the station, whatever the size of the history.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.orm import Session

from pos.db import direct
from pos.db.models import Parcel
from pos.db.models.parcel import _IN_STATION_SQL
from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop
from pos.services.parcels.settings import ShelfLayout


class ShelfFull(DomainError):
    """No place for another parcel; nothing was recorded."""


@dataclass(frozen=True)
class SlotView:
    shelf: str
    layer: int
    used: int
    capacity: int

    @property
    def name(self) -> str:
        return f"{self.shelf}-{self.layer}"

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.used)

    def plus_one(self) -> SlotView:
        return SlotView(self.shelf, self.layer, self.used + 1, self.capacity)


# The same condition as the partial unique index on parcel.pickup_code, written out literally so
# SQLite and PostgreSQL answer from that small index alone (bound parameters would hide it).
_HOLDING = "status IN ('awaiting_phone', 'in_stock', 'out_for_delivery') AND pickup_code != ''"
_HOLDING_SQL = text(_HOLDING)
_CODE_INDEX = "uq_parcel_pickup_code_in_station"  # the partial unique index of pickup codes in use


def occupancy(session: Session, layout: ShelfLayout) -> dict[tuple[str, int], int]:
    """Parcels per (shelf, layer) of the layout, read off the pickup codes (<shelf>-<layer>-NNNN) in use."""
    places = layout.slots()
    if session.get_bind().dialect.name == "sqlite":
        return _occupancy_by_ranges(session, places)
    grouped = _occupancy_grouped(session)
    return {place: grouped.get(place, 0) for place in places}


def _occupancy_by_ranges(session: Session, places: list[tuple[str, int]]) -> dict[tuple[str, int], int]:
    # One range count per place on the partial code index: its keys are sorted, so a place's
    # codes lie between "<shelf>-<layer>-" and "<shelf>-<layer>." (shelf names have no "-").
    # This runs at every check-in. The GROUP BY below took 6 ms with 7,000 parcels in the
    # station (SQLAlchemy renders no index hint for SQLite, so it walked the status index and
    # read every in-station row) and still 2 ms forced onto the code index (a key computed and
    # sorted per parcel); this takes 0.6 ms. INDEXED BY, because left to itself the planner's
    # choice differs from one station file to the next: on the five-year benchmark station it
    # took the status index, 443 ms for these counts (1.5 ms with the hint) in every check-in.
    # Byte order is what SQLite compares text by; PostgreSQL's collations may not be, hence the
    # GROUP BY there.
    names = tuple(f"{shelf}-{layer}" for shelf, layer in places)
    if not names:
        return {}
    # straight to the driver: SQLAlchemy's handling of a hundred bound values cost more than the query
    rows = session.connection().exec_driver_sql(
        f"WITH place(name) AS (VALUES {', '.join('(?)' for _ in names)}) SELECT (SELECT count(*) FROM parcel "
        f"INDEXED BY {_CODE_INDEX} "
        f"WHERE {_HOLDING} AND pickup_code > place.name || '-' AND pickup_code < place.name || '.') FROM place",
        names,
    ).all()
    return {place: n for place, (n,) in zip(places, rows)}


def _occupancy_grouped(session: Session) -> dict[tuple[str, int], int]:
    place = func.substr(Parcel.pickup_code, 1, func.length(Parcel.pickup_code) - 5)
    rows = session.execute(select(place, func.count()).where(_HOLDING_SQL).group_by(place))
    out: dict[tuple[str, int], int] = {}
    for name, n in rows:
        shelf, _, layer = (name or "").rpartition("-")
        if shelf and layer.isdigit():
            out[(shelf, int(layer))] = out.get((shelf, int(layer)), 0) + n
    return out


def ensure_room(session: Session, layout: ShelfLayout) -> None:
    """ShelfFull when no layer has room; cheap while the station is not nearly full.

    Parcels holding a place, counted on the status index alone, bound the parcels on the
    configured shelves from above: fewer than the places in all means some layer has room.
    """
    held = session.scalar(
        select(func.count()).select_from(Parcel).where(text("status IN ('in_stock', 'out_for_delivery')"))
    ) or 0
    if held < layout.total:
        return
    choose_slot(session, layout)


def slots(session: Session, layout: ShelfLayout) -> list[SlotView]:
    used = occupancy(session, layout)
    return [SlotView(s, layer, used.get((s, layer), 0), layout.capacity) for s, layer in layout.slots()]


_FAMILY = (select(Parcel.shelf, Parcel.layer, Parcel.villager_id, Parcel.phone, Parcel.phone_masked,
                  Parcel.recipient_name)
           .where(text(_IN_STATION_SQL)).where(Parcel.phone_tail == bindparam("tail")))  # built once: every check-in


def family_slot(session: Session, parcel: Parcel, views: list[SlotView]) -> tuple[str, int] | None:
    """The layer holding most of this recipient's other parcels in the station, if it has room.

    A family's parcels on one layer: the partner fetches them in one go and none is forgotten
    (two parcels of one villager spread over A-1 and A-2 was how one got left behind). Looked up
    by the phone tail on the in-station index, then matched on the villager, the whole phone, or
    the masked phone and name together, so a neighbour with the same last four digits is not
    taken for family."""
    if not parcel.phone_tail:
        return None
    rows = direct.run(session, _FAMILY, {"tail": parcel.phone_tail}).all()
    free = {(v.shelf, v.layer) for v in views if v.free > 0}
    counts: dict[tuple[str, int], int] = {}
    for shelf, layer, villager_id, phone, masked, name in rows:
        same = ((parcel.villager_id is not None and villager_id == parcel.villager_id)
                or (parcel.phone and phone == parcel.phone)
                or (not parcel.phone and masked == parcel.phone_masked and name and name == parcel.recipient_name))
        if same and shelf and (shelf, layer) in free:
            counts[(shelf, layer)] = counts.get((shelf, layer), 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda place: counts[place])


def choose_slot(session: Session, layout: ShelfLayout, wanted: tuple[str, int] | None = None,
                views: list[SlotView] | None = None) -> SlotView:
    """The wanted layer if it has room, else (wanted None) the emptiest; ShelfFull otherwise."""
    views = views if views is not None else slots(session, layout)
    if wanted is not None:
        view = next((v for v in views if (v.shelf, v.layer) == tuple(wanted)), None)
        if view is None:
            raise DomainError(
                tr_noop("errors", "Layer {slot} is not in the shelf settings; choose another layer."),
                slot=f"{wanted[0]}-{wanted[1]}",
            )
        if view.free == 0:
            raise ShelfFull(
                tr_noop("errors", "Layer {slot} is full ({capacity} parcels); choose another layer "
                        "or let the app choose."),
                slot=view.name, capacity=view.capacity,
            )
        return view
    # min() keeps the first of equal counts: shelves and layers in their configured order
    best = min(views, key=lambda v: v.used)
    if best.free == 0:
        raise ShelfFull(
            tr_noop("errors", "The shelves are full: every layer holds {capacity} parcels. Hand "
                    "parcels over or add shelves in Settings before checking in more."),
            capacity=layout.capacity,
        )
    return best
