"""Setting up the station and keeping its details."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.db.models import Station, User
from pos.db.unit_of_work import Database
from pos.domain.errors import DomainError, PermissionDenied
from pos.domain.i18n import tr_noop
from pos.domain.pins import hash_pin, validate_pin
from pos.domain.station import StationDetails, clean_person_name
from pos.domain.users import Operator, Role
from pos.services import audit


class StationExists(DomainError):
    pass


@dataclass(frozen=True)
class StationView:
    name: str
    address: str
    phone: str


def has_station(db: Database) -> bool:
    with db.reader() as s:
        return bool(s.scalar(select(func.count()).select_from(Station)))


def load_station(session: Session) -> Station | None:
    return session.scalar(select(Station).order_by(Station.created_at).limit(1))


def get_station(db: Database) -> StationView | None:
    with db.reader() as s:
        st = load_station(s)
        return StationView(st.name, st.address, st.phone) if st else None


def set_up_station(db: Database, details: StationDetails, owner_name: str, owner_pin: str) -> Operator:
    """Create the station and its owner in one transaction; refuses if a station exists."""
    details = details.cleaned()
    owner_name = clean_person_name(owner_name)
    validate_pin(owner_pin)
    pin_hash = hash_pin(owner_pin)
    with db.unit_of_work() as s:
        existing = load_station(s)
        if existing is not None:
            raise StationExists(
                tr_noop("errors", "This data folder already has a station ({name}); nothing was changed."),
                name=existing.name,
            )
        s.add(Station(name=details.name, address=details.address, phone=details.phone))
        owner = User(name=owner_name, role=Role.OWNER.value, pin_hash=pin_hash, active=True)
        s.add(owner)
        s.flush()
        op = Operator(owner.id, owner.name, Role.OWNER)
        audit.record(s, op, audit.STATION_CREATED, {"station": details.name, "owner": owner_name})
    return op


def update_station(db: Database, operator: Operator, details: StationDetails) -> StationView:
    if not operator.is_owner:
        raise PermissionDenied(tr_noop("errors", "Only the owner can change the station's details."))
    details = details.cleaned()
    with db.unit_of_work() as s:
        st = load_station(s)
        assert st is not None  # the app opens its pages only on a set-up station
        before = {"name": st.name, "address": st.address, "phone": st.phone}
        st.name, st.address, st.phone = details.name, details.address, details.phone
        after = {"name": st.name, "address": st.address, "phone": st.phone}
        if before != after:
            audit.record(s, operator, audit.STATION_UPDATED, {"before": before, "after": after})
    return StationView(details.name, details.address, details.phone)
