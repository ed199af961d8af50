"""Alembic environment of the county database: run with a connection from pos.county.database."""

from __future__ import annotations

from alembic import context

from pos.county.models import Base

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("county migrations run through pos.county.database, with a connection")
    # its own version table: a county schema in the same database as a station's never mixes
    context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True,
                      version_table="county_alembic_version")
    with context.begin_transaction():
        context.run_migrations()


run()
