"""Column types shared by every model.

On SQLite a key is kept as its 16 bytes and a time as whole microseconds since 1970 (UTC): the
text forms SQLAlchemy would write there (32 hex digits, 26-character times) made up about 40% of
a five-year station's file, index entries included. Both sort as their text forms did, so every
range and order keeps its meaning. PostgreSQL keeps its native ``uuid`` and
``timestamp with time zone``. Reads still accept the text forms, which only a station that has
not yet run migration 0017 holds.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, DateTime, LargeBinary, Uuid
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.types import TypeDecorator

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_MICROSECOND = dt.timedelta(microseconds=1)


def micros(value: dt.datetime) -> int:
    """An aware datetime as whole microseconds since 1970 UTC (exact: no float on the way)."""
    return (value - EPOCH) // _MICROSECOND


def from_micros(value: int) -> dt.datetime:
    return EPOCH + dt.timedelta(microseconds=value)


class _Micros(BigInteger):
    """Microseconds kept in a column declared DATETIME, as the migrations since 0001 declare it
    (on SQLite the declared type only sets the column's affinity, which keeps an integer)."""


@compiles(_Micros, "sqlite")
def _declared_datetime(_type, _compiler, **_kw) -> str:
    return "DATETIME"


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every backend.

    Naive datetimes are refused on the way in: a naive value is a bug (local or UTC? nobody
    knows).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_Micros())
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | int | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use an aware datetime")
        if dialect.name == "sqlite":
            return micros(value)
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, int):
            return from_micros(value)
        if isinstance(value, str):  # a row written before migration 0017
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Key(TypeDecorator):
    """A record's UUID: 16 bytes on SQLite, ``uuid`` on PostgreSQL."""

    impl = Uuid
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(LargeBinary(16))
        return dialect.type_descriptor(Uuid())

    def process_bind_param(self, value, dialect):
        if value is None or dialect.name != "sqlite":
            return value
        if not isinstance(value, uuid.UUID):
            value = uuid.UUID(str(value))
        return value.bytes

    def process_result_value(self, value, dialect):
        if value is None or dialect.name != "sqlite":
            return value
        if isinstance(value, str):  # a row written before migration 0017
            return uuid.UUID(value)
        return uuid.UUID(bytes=bytes(value))


def compare_type(_context, _inspected_column, _metadata_column, inspected_type, metadata_type) -> bool | None:
    """Alembic's type comparison, told that the declared SQLite types of the migrations
    (CHAR(32), DATETIME; they only set a column's affinity, which keeps blobs and integers as
    they are) are what a Key and a UTCDateTime are kept in. None: Alembic's own comparison."""
    declared = str(inspected_type).upper()
    if isinstance(metadata_type, Key) and declared in ("CHAR(32)", "UUID"):
        return False
    if isinstance(metadata_type, UTCDateTime) and declared.startswith(("DATETIME", "TIMESTAMP")):
        return False
    return None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
