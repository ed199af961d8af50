"""County staff accounts and web sessions; the per-station, per-day rollup the dashboard reads
(filled from what is already synced) and the indexes that keep it and the dashboard fast.

Revision ID: c0003_staff_web
Revises: c0002_statements
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'c0003_staff_web'
down_revision = 'c0002_statements'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_user',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('administrator', 'viewer')", name=op.f('ck_staff_user_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_user')),
    sa.UniqueConstraint('name', name=op.f('uq_staff_user_name'))
    )
    op.create_table('web_session',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name=op.f('fk_web_session_user_id_staff_user'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_web_session'))
    )
    op.create_index(op.f('ix_web_session_user_id'), 'web_session', ['user_id'], unique=False)
    op.create_table('station_day',
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('checkins', sa.Integer(), nullable=False),
    sa.Column('purchases', sa.Integer(), nullable=False),
    sa.Column('purchases_fen', sa.BigInteger(), nullable=False),
    sa.Column('sales', sa.Integer(), nullable=False),
    sa.Column('sales_fen', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_station_day_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'day', name=op.f('pk_station_day'))
    )
    op.create_index('ix_station_day_day', 'station_day', ['day'], unique=False)
    op.create_index('ix_synced_parcel_station_checked_in', 'synced_parcel', ['station_id', 'checked_in_at'])
    op.create_index('ix_synced_purchase_station_placed', 'synced_purchase', ['station_id', 'placed_at'])
    op.create_index('ix_synced_sale_station_completed', 'synced_sale', ['station_id', 'completed_at'])
    op.create_index('ix_manifest_line_open', 'manifest_line', ['station_id'],
                    postgresql_where=sa.text("status <> 'arrived'"))
    op.create_index('ix_synced_parcel_in_stock', 'synced_parcel', ['station_id', 'checked_in_at'],
                    postgresql_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery')"))
    # what was synced before this revision (frozen copy of pos.county.rollup.BACKFILL_SQL)
    op.execute("""
    INSERT INTO station_day (station_id, day, checkins, purchases, purchases_fen, sales, sales_fen)
    SELECT station_id, day, sum(checkins), sum(purchases), sum(purchases_fen), sum(sales), sum(sales_fen)
      FROM (
        SELECT station_id, (checked_in_at AT TIME ZONE 'Asia/Shanghai')::date AS day, 1 AS checkins,
               0 AS purchases, 0 AS purchases_fen, 0 AS sales, 0 AS sales_fen FROM synced_parcel
        UNION ALL
        SELECT station_id, (placed_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1, total_fen, 0, 0
          FROM synced_purchase WHERE status <> 'cancelled'
        UNION ALL
        SELECT station_id, (completed_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, 1, total_fen
          FROM synced_sale
      ) AS x
     GROUP BY station_id, day
""")


def downgrade() -> None:
    op.drop_index('ix_synced_parcel_in_stock', table_name='synced_parcel')
    op.drop_index('ix_manifest_line_open', table_name='manifest_line')
    op.drop_index('ix_synced_sale_station_completed', table_name='synced_sale')
    op.drop_index('ix_synced_purchase_station_placed', table_name='synced_purchase')
    op.drop_index('ix_synced_parcel_station_checked_in', table_name='synced_parcel')
    op.drop_index('ix_station_day_day', table_name='station_day')
    op.drop_table('station_day')
    op.drop_index(op.f('ix_web_session_user_id'), table_name='web_session')
    op.drop_table('web_session')
    op.drop_table('staff_user')
