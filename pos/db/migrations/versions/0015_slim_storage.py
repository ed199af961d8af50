"""Slimmer storage: two indexes no query needs; daily print counts kept when printed jobs go

- print_day_count: printed jobs are deleted after a month (pos.services.hardware.print_retention);
  how many a day printed, by kind, is kept here for the county's daily counts.

- ix_notice_parcel_notice_id: the unique (notice_id, parcel_id) index starts with notice_id and
  serves every look-up by notice; the second index was a copy (41 bytes a parcel).
- ix_parcel_carrier: no query looks parcels up by carrier alone; the reports and the
  reconciliation group by carrier within a time range, found through the time indexes, and the
  parcel search by carrier always has the search's other conditions (12 bytes a parcel).

Every other parcel index has a query that needs it (BENCHMARKS.md, "Size").

Revision ID: 0015_slim_storage
Revises: 0014_income
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_slim_storage"
down_revision = "0014_income"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_day_count",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("jobs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "kind", name=op.f("pk_print_day_count")),
    )
    # plain DROP INDEX (no batch mode): nothing is copied, even on a five-year station
    op.drop_index("ix_notice_parcel_notice_id", table_name="notice_parcel")
    op.drop_index("ix_parcel_carrier", table_name="parcel")


def downgrade() -> None:
    op.create_index("ix_parcel_carrier", "parcel", ["carrier"], unique=False)
    op.create_index("ix_notice_parcel_notice_id", "notice_parcel", ["notice_id"], unique=False)
    op.drop_table("print_day_count")
