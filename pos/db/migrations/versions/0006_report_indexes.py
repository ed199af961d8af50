"""Indexes for reports (handed over, returned, arrived, collected by time) and the pickup lookup by phone tail

Revision ID: 0006_report_indexes
Revises: 0005_shifts
Create Date: 2026-11-22 03:01:02.787120
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006_report_indexes'
down_revision = '0005_shifts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('parcel', schema=None) as batch_op:
        batch_op.create_index('ix_parcel_phone_tail_in_station', ['phone_tail'], unique=False, sqlite_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery')"), postgresql_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery')"))
        batch_op.create_index(batch_op.f('ix_parcel_picked_up_at'), ['picked_up_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_parcel_returned_at'), ['returned_at'], unique=False)

    with op.batch_alter_table('purchase_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchase_order_arrived_at'), ['arrived_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_order_collected_at'), ['collected_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('purchase_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchase_order_collected_at'))
        batch_op.drop_index(batch_op.f('ix_purchase_order_arrived_at'))

    with op.batch_alter_table('parcel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parcel_returned_at'))
        batch_op.drop_index(batch_op.f('ix_parcel_picked_up_at'))
        batch_op.drop_index('ix_parcel_phone_tail_in_station', sqlite_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery')"), postgresql_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery')"))

