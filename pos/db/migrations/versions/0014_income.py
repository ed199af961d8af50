"""Income: goods category on assisted purchase items, cost price on products and sale lines,
indexes that let a month's parcel fees be counted from the index alone

Revision ID: 0014_income
Revises: 0013_service_payments
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_income"
down_revision = "0013_service_payments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("purchase_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("category", sa.String(50), nullable=False, server_default=""))
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cost_fen", sa.Integer(), nullable=True))
    with op.batch_alter_table("sale_line", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cost_fen", sa.Integer(), nullable=True))
    # a month's check-ins and handovers per carrier and day, read from the index alone (a
    # five-year station has a million parcels)
    op.create_index("ix_parcel_checked_in_carrier", "parcel", ["checked_in_at", "carrier"])
    op.create_index("ix_parcel_picked_up_carrier", "parcel", ["picked_up_at", "carrier", "status"])


def downgrade() -> None:
    op.drop_index("ix_parcel_picked_up_carrier", table_name="parcel")
    op.drop_index("ix_parcel_checked_in_carrier", table_name="parcel")
    with op.batch_alter_table("sale_line", schema=None) as batch_op:
        batch_op.drop_column("cost_fen")
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_column("cost_fen")
    with op.batch_alter_table("purchase_item", schema=None) as batch_op:
        batch_op.drop_column("category")
