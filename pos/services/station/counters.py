"""Counters (收银台): each PC of a station is a named counter with its own printer, print queue and
cash drawer. The PC keeps which counter it is in ``counter.json`` in its data folder; the counter
table in the shared database lists them all, and each running counter writes a heartbeat there so
the others can show who is on.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from pos.db.models import Counter, PrintJob, Shift
from pos.db.rowcount import rowcount
from pos.db.unit_of_work import Database
from pos.domain.errors import NotFound, ValidationError
from pos.domain.i18n import tr_noop
from pos.services.clock import Clock

ONLINE_WINDOW = dt.timedelta(minutes=1)  # a counter that wrote no heartbeat for this long is off
HEARTBEAT_S = 15
NAME_MAX = 40


@dataclass(frozen=True)
class CounterView:
    id: uuid.UUID
    name: str
    hostname: str
    seen_at: dt.datetime | None
    online: bool = False
    open_shift: str | None = None  # the number of its open shift


@dataclass(frozen=True)
class Identity:
    """What counter.json holds: which counter of the station this PC is."""

    id: uuid.UUID
    name: str


def default_name() -> str:
    """The PC's own name: what the partner most likely calls it."""
    return (socket.gethostname() or "PC").split(".")[0][:NAME_MAX]


def clean_name(name: str) -> str:
    text = " ".join((name or "").split())
    if not text:
        raise ValidationError(tr_noop("errors", "Give the counter a name (for example 收银台1)."), field="name")
    if len(text) > NAME_MAX:
        raise ValidationError(tr_noop("errors", "A counter name has at most {n} characters."),
                              field="name", n=str(NAME_MAX))
    return text


def _view(c: Counter, now: dt.datetime | None = None, shift: str | None = None) -> CounterView:
    online = now is not None and c.seen_at is not None and now - c.seen_at <= ONLINE_WINDOW
    return CounterView(c.id, c.name, c.hostname, c.seen_at, online, shift)


def register(db: Database, name: str, clock: Clock, hostname: str | None = None) -> CounterView:
    """The counter with this name, made when it is new. The first counter of a station adopts what
    was there before counters (print jobs, shifts), so a single-PC station goes on as it was."""
    name = clean_name(name)
    host = (hostname if hostname is not None else default_name())[:100]
    for _ in range(2):  # another PC may register the same name at the same moment
        try:
            with db.unit_of_work() as s:
                row = s.scalar(select(Counter).where(Counter.name == name))
                if row is not None:
                    return _view(row)
                first = not s.scalar(select(func.count()).select_from(Counter))
                row = Counter(name=name, hostname=host, seen_at=clock())
                s.add(row)
                s.flush()
                if first:
                    s.execute(update(PrintJob).where(PrintJob.counter_id.is_(None)).values(counter_id=row.id))
                    s.execute(update(Shift).where(Shift.counter_id.is_(None)).values(counter_id=row.id))
                return _view(row)
        except IntegrityError:
            continue
    raise ValidationError(tr_noop("errors", "The counter {name} could not be saved; try again."), name=name)


def get(db: Database, counter_id: uuid.UUID) -> CounterView | None:
    with db.reader() as s:
        row = s.get(Counter, counter_id)
        return _view(row) if row is not None else None


def heartbeat(db: Database, counter_id: uuid.UUID, clock: Clock) -> None:
    """This counter is on. Raises what the database raises when the server cannot be reached:
    pos.ui.connection_watch turns that into the banner that stops recording."""
    with db.unit_of_work(probe=True) as s:
        done = s.execute(update(Counter).where(Counter.id == counter_id).values(seen_at=clock()))
        if rowcount(done) != 1:
            raise NotFound(tr_noop("errors", "This counter was removed from the station."))


def list_counters(db: Database, clock: Clock) -> list[CounterView]:
    """Every counter of the station, with whether it is on and its open shift."""
    now = clock()
    with db.reader() as s:
        shifts = dict(s.execute(select(Shift.counter_id, Shift.number).where(Shift.closed_at.is_(None))).all())
        rows = s.scalars(select(Counter).order_by(Counter.name)).all()
        return [_view(c, now, shifts.get(c.id)) for c in rows]


# the identity file --------------------------------------------------------------------------------
def read_identity(path: Path) -> Identity | None:
    """None when the file is missing or unreadable: the counter is set up again."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Identity(uuid.UUID(str(data["id"])), str(data["name"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_identity(path: Path, counter: CounterView) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"id": str(counter.id), "name": counter.name}, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def resolve(db: Database, path: Path, clock: Clock, name: str | None = None) -> CounterView | None:
    """This PC's counter: the one named (``--counter``), else the one counter.json names, and it
    is written to counter.json. None: nothing says yet (the partner is asked, pos.ui.counter_dialog).
    A counter.json naming a counter the database does not know (another station's database, or a
    restored one) is set up again by name."""
    if name is not None:
        counter = register(db, name, clock)
    else:
        known = read_identity(path)
        if known is None:
            return None
        counter = get(db, known.id) or register(db, known.name, clock)
    write_identity(path, counter)
    return counter
