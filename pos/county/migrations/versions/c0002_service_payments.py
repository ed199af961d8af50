"""Service payments synced from the stations (phone top-ups, bills): the county's table.

Revision ID: c0002_service_payments
Revises: c0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'c0002_service_payments'
down_revision = 'c0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('synced_service_payment',
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('commission_fen', sa.BigInteger(), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('refunded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_synced_service_payment_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'uuid', name=op.f('pk_synced_service_payment'))
    )
    op.create_index('ix_synced_service_payment_station_paid_at', 'synced_service_payment', ['station_id', 'paid_at'])
    op.create_index('ix_synced_service_payment_station_refunded_at', 'synced_service_payment',
                    ['station_id', 'refunded_at'])


def downgrade() -> None:
    op.drop_table('synced_service_payment')
