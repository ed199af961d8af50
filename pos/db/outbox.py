"""The sync outbox, written in the same transaction as every change the county is sent.

One generic mechanism instead of a line in every service: an ``after_flush`` listener on the
station's sessions notes what each flush inserted or changed, and just before the transaction
commits (``before_commit``), when the station is linked, one outbox row per changed record goes
in under the next per-station ``seq``s. Taking the seqs is an UPDATE of the one ``sync_state``
row, which the transaction then holds until it commits a moment later, so seqs are handed out in
commit order on PostgreSQL as on SQLite.

Once per transaction, not once per flush: a check-in flushes four times, and each flush's UPDATE
of ``sync_state`` was 14% of the check-in's storage work (#20), and on PostgreSQL it held the row
lock, and so every other counter's writes, from the first flush to the commit.

Child rows count as a change of their parent record (a sale line changes the sale; a print job
or a notice changes that day's counts), because the county is sent whole records.
"""

from __future__ import annotations

import datetime as dt
import uuid
import weakref
from typing import Any, Callable, Iterable

from sqlalchemy import bindparam, event, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from pos.db.models import (
    Notice, OutboxEntry, Parcel, ParcelEvent, Payment, PrintJob, PurchaseEvent, PurchaseItem, PurchaseOrder,
    Refund, RefundLine, Sale, SaleLine, ServicePayment, Shift, SyncState,
)

Key = tuple[str, str]  # (kind, key)


def local_day(t: dt.datetime | None) -> str:
    """The station's local day of a UTC time: counts go up one record a local day."""
    return (t or dt.datetime.now(dt.timezone.utc)).astimezone().date().isoformat()


def _one(kind: str, attr: str = "id") -> Callable[[Any], Iterable[Key]]:
    def keys(obj: Any) -> Iterable[Key]:
        value = getattr(obj, attr)
        return [(kind, str(value))] if value is not None else []
    return keys


def _payment(obj: Payment) -> Iterable[Key]:
    return [("sale", str(obj.sale_id))] if obj.sale_id is not None else []


def _notice(obj: Notice) -> Iterable[Key]:
    return [("counts", obj.day.isoformat() if obj.day else local_day(None))]


def _print_job(obj: PrintJob) -> Iterable[Key]:
    return [("counts", local_day(obj.created_at))]


# model -> the records a change of it changes
SYNCED: dict[type, Callable[[Any], Iterable[Key]]] = {
    Parcel: _one("parcel"),
    ParcelEvent: _one("parcel_event"),
    PurchaseOrder: _one("purchase"),
    PurchaseItem: _one("purchase", "order_id"),
    PurchaseEvent: _one("purchase_event"),
    Sale: _one("sale"),
    SaleLine: _one("sale", "sale_id"),
    Payment: _payment,
    Refund: _one("refund"),
    RefundLine: _one("refund", "refund_id"),
    Shift: _one("shift"),
    ServicePayment: _one("service_payment"),
    Notice: _notice,
    PrintJob: _print_job,
}


def changed_keys(session: Session) -> list[Key]:
    """The records this flush changes, each once, in a stable order."""
    seen: dict[Key, None] = {}
    for obj in list(session.new) + [o for o in session.dirty if session.is_modified(o)]:
        keys = SYNCED.get(type(obj))
        if keys is not None:
            for k in keys(obj):
                seen.setdefault(k, None)
    return list(seen)


# built once: every writing transaction runs it
_TAKE = (update(SyncState).where(SyncState.id == 1, SyncState.county_url != "")
         .values(next_seq=SyncState.next_seq + bindparam("n")))


def take_seqs(session: Session, n: int) -> int | None:
    """Reserve ``n`` seqs; the first, or None when the station is not linked."""
    conn = session.connection()
    moved = conn.execute(_TAKE, {"n": n})
    if moved.rowcount != 1:
        return None
    return conn.execute(select(SyncState.next_seq).where(SyncState.id == 1)).scalar_one() - n


def enqueue(session: Session, keys: list[Key], now: dt.datetime | None = None) -> int:
    """Outbox rows for ``keys`` under fresh seqs; how many (0 when not linked)."""
    if not keys:
        return 0
    first = take_seqs(session, len(keys))
    if first is None:
        return 0
    now = now or dt.datetime.now(dt.timezone.utc)
    session.connection().execute(OutboxEntry.__table__.insert(), [
        {"seq": first + i, "kind": kind, "key": key, "changed_at": now} for i, (kind, key) in enumerate(keys)])
    return len(keys)


_HAS_TABLES: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def _has_sync_tables(session: Session) -> bool:
    # a database not yet migrated (a test on an old schema, a restore mid-upgrade) has no outbox
    conn = session.connection()
    if _HAS_TABLES.get(conn.engine):
        return True
    found = inspect(conn).has_table("sync_state")
    if found:
        _HAS_TABLES[conn.engine] = True
    return found


def _linked(session: Session) -> bool:
    """Whether the station is linked, read once per session: the rows an ORM UPDATE may touch
    are looked up only then (a first start's UPDATE of every print job loaded all 70,000 of them,
    documents and all, on a five-year station that syncs nowhere). A link is made in a unit of
    work of its own, so it cannot change under a session that writes."""
    linked = session.info.get("_outbox_linked")
    if linked is None:
        linked = bool(session.connection().execute(select(SyncState.county_url).where(SyncState.id == 1)).scalar())
        session.info["_outbox_linked"] = linked
    return linked


_PENDING = "_outbox_pending"


def _note(session: Session, keys: Iterable[Key]) -> None:
    pending: dict[Key, None] = session.info.setdefault(_PENDING, {})
    for k in keys:
        pending.setdefault(k, None)


def note_new(session: Session, obj: Any) -> None:
    """A row stored past the unit of work (pos.db.direct.insert): noted as its flush would."""
    keys = SYNCED.get(type(obj))
    if keys is not None:
        _note(session, keys(obj))


def _after_flush(session: Session, _context: Any) -> None:
    _note(session, changed_keys(session))


def _before_commit(session: Session) -> None:
    """The transaction's changed records into the outbox, after its last flush. A record changed
    by several flushes goes in once. A savepoint rolled back may leave a key whose change is
    gone: that costs a send of the record as it is, never a lost one."""
    if session.in_nested_transaction():
        return  # a savepoint released (a pickup code's retry): the transaction goes on
    session.flush()
    pending = session.info.pop(_PENDING, None)
    if pending and _has_sync_tables(session):
        enqueue(session, list(pending))


def _forget(session: Session, transaction: Any) -> None:
    # the transaction is over: committed (the keys went in above) or rolled back (never written)
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def _on_execute(state: ORMExecuteState) -> Any:
    """ORM UPDATE statements (a pickup's ``update(Parcel).where(...)``, a shift's close) change
    records without a flush: the rows they may touch are looked up first, in the same
    transaction, and enqueued after. A row the WHERE then does not match costs a needless send
    of an unchanged record, never a lost one."""
    if not state.is_update:
        return None
    mapper = state.bind_mapper
    model = mapper.class_ if mapper is not None else None
    keys_of = SYNCED.get(model) if model is not None else None
    session = state.session
    if keys_of is None or not _has_sync_tables(session) or not _linked(session):
        return None
    where = state.statement.whereclause
    params = state.parameters
    if isinstance(params, (list, tuple)):  # a bulk UPDATE by primary key: the keys are the rows
        ids = [p.get("id") for p in params if isinstance(p, dict) and p.get("id") is not None]
        query = select(model).where(model.id.in_(ids))
    else:
        query = select(model) if where is None else select(model).where(where)
    keys: dict[Key, None] = {}
    for obj in session.scalars(query):
        for k in keys_of(obj):
            keys.setdefault(k, None)
    result = state.invoke_statement()
    _note(session, keys)
    return result


_INSTALLED = "_pos_outbox_installed"


def install(session_factory: Any) -> None:
    """Write the outbox from every session ``session_factory`` (a sessionmaker) makes.

    The mark is kept on the factory's own Session subclass, not asked of ``event.contains``:
    SQLAlchemy's registry keys listeners by ``id()`` of the target, so a new sessionmaker that
    reuses a collected one's address looked "already installed" and never wrote the outbox
    (a station's changes silently never synced: the lost check-ins of #17's benchmark and CI).
    """
    cls = session_factory.class_
    if cls.__dict__.get(_INSTALLED):
        return
    event.listen(session_factory, "after_flush", _after_flush)
    event.listen(session_factory, "before_commit", _before_commit)
    event.listen(session_factory, "after_transaction_end", _forget)
    event.listen(session_factory, "do_orm_execute", _on_execute)
    setattr(cls, _INSTALLED, True)


def installed(session: Session) -> bool:
    """Whether ``session`` writes the outbox."""
    return _after_flush in list(session.dispatch.after_flush)


def renew_generation(session: Session) -> None:
    """A restored database is another copy of the station's history: the county must be told
    (``db_generation``) so it says what this copy lacks."""
    session.execute(update(SyncState).where(SyncState.id == 1).values(db_generation=str(uuid.uuid4())))


def sync_tables_exist(session: Session) -> bool:
    return inspect(session.connection()).has_table("sync_state")
