"""The pickup code's index holds each stay's status and leaving times

At every check-in the pickup code's rest check asks whether a parcel with the code is still in
the station or left within the rest period (pos.services.parcels.pickup_codes). Through
``ix_parcel_pickup_code (pickup_code)`` SQLite read the row of every parcel that ever had the
code, about 3 at five years and 6 at ten, parcels of years ago whose pages were long out of
memory: on the five-year station that read was the check-in's statement that grew with history
(BENCHMARKS.md, goal 3a). With the status and both leaving times in the index it reads one
index page. The look-ups by code alone (the parcel search) use the same index by its first
column.

Revision ID: 0018_pickup_code_stays
Revises: 0017_compact_keys_times
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0018_pickup_code_stays"
down_revision = "0017_compact_keys_times"
branch_labels = None
depends_on = None

_COLUMNS = ["pickup_code", "status", "picked_up_at", "returned_at"]


def upgrade() -> None:
    # IF [NOT] EXISTS: made on a five-year station in seconds, and kept by SQLite even when the
    # app is stopped before the version is written; the next start goes on from there
    op.create_index("ix_parcel_pickup_code_stay", "parcel", _COLUMNS, if_not_exists=True)
    op.drop_index("ix_parcel_pickup_code", table_name="parcel", if_exists=True)


def downgrade() -> None:
    op.create_index("ix_parcel_pickup_code", "parcel", ["pickup_code"])
    op.drop_index("ix_parcel_pickup_code_stay", table_name="parcel")
