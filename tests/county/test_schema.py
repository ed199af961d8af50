"""The county migration makes exactly what the models say, and goes down again."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from pos.county.database import VERSION_TABLE, current_revision, head_revision, make_county_engine, upgrade
from pos.county.models import Base

pytestmark = pytest.mark.postgres


def test_migration_matches_the_models_and_downgrades(county_url):
    engine = make_county_engine(county_url, pool_size=1)
    try:
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True, "version_table": VERSION_TABLE})
            assert compare_metadata(ctx, Base.metadata) == []
        upgrade(engine, "head")  # idempotent
        from alembic import command

        from pos.county.database import _config

        cfg = _config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        assert set(inspect(engine).get_table_names()) == {VERSION_TABLE}
    finally:
        engine.dispose()
