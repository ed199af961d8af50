"""Partners' income at the county: the times income is earned on beside the synced data, and a
per-station income by day and by month for the dashboard (pos.county.income_rollup), filled here
for what the county already holds.

Revision ID: c0002_statements
Revises: c0002_service_payments
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'c0002_statements'
down_revision = 'c0002_service_payments'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('synced_purchase', sa.Column('collected_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE synced_purchase SET collected_at = (data->>'collected_at')::timestamptz "
               "WHERE data->>'collected_at' IS NOT NULL")
    op.add_column('synced_refund', sa.Column('purchase_uuid', sa.Uuid(), nullable=True))
    op.execute("UPDATE synced_refund SET purchase_uuid = (data->>'purchase_uuid')::uuid "
               "WHERE data->>'purchase_uuid' IS NOT NULL")
    op.create_index('ix_synced_parcel_station_checked_in_at', 'synced_parcel', ['station_id', 'checked_in_at'])
    op.create_index('ix_synced_parcel_station_picked_up_at', 'synced_parcel', ['station_id', 'picked_up_at'])
    op.create_index('ix_synced_purchase_station_collected_at', 'synced_purchase', ['station_id', 'collected_at'])
    op.create_index('ix_synced_refund_station_purchase_uuid', 'synced_refund', ['station_id', 'purchase_uuid'])
    op.create_index('ix_synced_refund_station_at', 'synced_refund', ['station_id', 'at'])
    op.create_table('income_day',
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=30), nullable=False),
    sa.Column('key', sa.String(length=50), nullable=False),
    sa.Column('event', sa.String(length=12), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('base_fen', sa.BigInteger(), nullable=False),
    sa.Column('income_fen', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_income_day_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'day', 'source', 'key', 'event', name=op.f('pk_income_day'))
    )
    op.create_table('income_month',
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('county_paid_fen', sa.BigInteger(), nullable=False),
    sa.Column('total_fen', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_income_month_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'month', name=op.f('pk_income_month'))
    )
    op.create_index('ix_income_month_month', 'income_month', ['month'])
    # what the county already holds: priced with each station's rates, as a batch would have
    from sqlalchemy.orm import Session

    from pos.county.income_rollup import rebuild_all

    rebuild_all(Session(bind=op.get_bind()))


def downgrade() -> None:
    op.drop_table('income_month')
    op.drop_table('income_day')
    for ix, table in (('ix_synced_refund_station_at', 'synced_refund'),
                      ('ix_synced_refund_station_purchase_uuid', 'synced_refund'),
                      ('ix_synced_purchase_station_collected_at', 'synced_purchase'),
                      ('ix_synced_parcel_station_picked_up_at', 'synced_parcel'),
                      ('ix_synced_parcel_station_checked_in_at', 'synced_parcel')):
        op.drop_index(ix, table_name=table)
    op.drop_column('synced_refund', 'purchase_uuid')
    op.drop_column('synced_purchase', 'collected_at')
