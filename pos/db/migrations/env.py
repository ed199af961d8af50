"""Alembic environment: run with a connection handed in by pos.db.migrate (never from alembic.ini)."""

from __future__ import annotations

from alembic import context

from pos.db.models import Base
from pos.db.types import compare_type

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("pos migrations run through pos.db.migrate, with a connection")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=compare_type,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
