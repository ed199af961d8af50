"""Parcels and their history, villagers, notices, return batches, delivery runs, stocktakes, sequences

Revision ID: 0003_parcels
Revises: 0002_print_queue
Create Date: 2026-11-22 02:30:43.609315
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos.db.types import UTCDateTime


revision = '0003_parcels'
down_revision = '0002_print_queue'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('delivery_run',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('fee_fen', sa.Integer(), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_run')),
    sa.UniqueConstraint('number', name=op.f('uq_delivery_run_number'))
    )
    op.create_table('return_batch',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('carrier', sa.String(length=12), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_return_batch')),
    sa.UniqueConstraint('number', name=op.f('uq_return_batch_number'))
    )
    op.create_table('sequence',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sequence')),
    sa.UniqueConstraint('key', name=op.f('uq_sequence_key'))
    )
    op.create_table('stocktake',
    sa.Column('finished_at', UTCDateTime(), nullable=True),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('seen', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stocktake'))
    )
    op.create_table('villager',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('name_initials', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('phone_masked', sa.String(length=20), nullable=False),
    sa.Column('phone_tail', sa.String(length=4), nullable=False),
    sa.Column('village_group', sa.String(length=50), nullable=False),
    sa.Column('household', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('delivery_consent', sa.Boolean(), nullable=False),
    sa.Column('delivery_consent_at', UTCDateTime(), nullable=True),
    sa.Column('balance_fen', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_villager'))
    )
    with op.batch_alter_table('villager', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_villager_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_villager_name_initials'), ['name_initials'], unique=False)
        batch_op.create_index(batch_op.f('ix_villager_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_villager_phone_tail'), ['phone_tail'], unique=False)

    op.create_table('notice',
    sa.Column('phone_key', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('recipient_name', sa.String(length=50), nullable=False),
    sa.Column('villager_id', sa.Uuid(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('sent_at', UTCDateTime(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['villager_id'], ['villager.id'], name=op.f('fk_notice_villager_id_villager')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice')),
    sa.UniqueConstraint('phone_key', 'day', 'kind', name=op.f('uq_notice_phone_key_day_kind'))
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_status'), ['status'], unique=False)

    op.create_table('parcel',
    sa.Column('waybill', sa.String(length=40), nullable=False),
    sa.Column('carrier', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('phone_masked', sa.String(length=20), nullable=False),
    sa.Column('phone_tail', sa.String(length=4), nullable=False),
    sa.Column('recipient_name', sa.String(length=50), nullable=False),
    sa.Column('villager_id', sa.Uuid(), nullable=True),
    sa.Column('shelf', sa.String(length=8), nullable=False),
    sa.Column('layer', sa.Integer(), nullable=False),
    sa.Column('pickup_code', sa.String(length=20), nullable=False),
    sa.Column('fee_due_fen', sa.Integer(), nullable=False),
    sa.Column('checked_in_at', UTCDateTime(), nullable=False),
    sa.Column('checked_in_by', sa.String(length=50), nullable=False),
    sa.Column('picked_up_at', UTCDateTime(), nullable=True),
    sa.Column('handed_over_by', sa.String(length=50), nullable=False),
    sa.Column('collector_name', sa.String(length=50), nullable=False),
    sa.Column('collector_relation', sa.String(length=30), nullable=False),
    sa.Column('handover_without_scan_reason', sa.Text(), nullable=False),
    sa.Column('returned_at', UTCDateTime(), nullable=True),
    sa.Column('return_batch_id', sa.Uuid(), nullable=True),
    sa.Column('delivery_run_id', sa.Uuid(), nullable=True),
    sa.Column('delivery_requested', sa.Boolean(), nullable=False),
    sa.Column('reminded_at', UTCDateTime(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['delivery_run_id'], ['delivery_run.id'], name=op.f('fk_parcel_delivery_run_id_delivery_run')),
    sa.ForeignKeyConstraint(['return_batch_id'], ['return_batch.id'], name=op.f('fk_parcel_return_batch_id_return_batch')),
    sa.ForeignKeyConstraint(['villager_id'], ['villager.id'], name=op.f('fk_parcel_villager_id_villager')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parcel'))
    )
    with op.batch_alter_table('parcel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parcel_carrier'), ['carrier'], unique=False)
        batch_op.create_index(batch_op.f('ix_parcel_checked_in_at'), ['checked_in_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_parcel_phone_tail'), ['phone_tail'], unique=False)
        batch_op.create_index(batch_op.f('ix_parcel_pickup_code'), ['pickup_code'], unique=False)
        batch_op.create_index('ix_parcel_status_checked_in', ['status', 'checked_in_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_parcel_villager_id'), ['villager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parcel_waybill'), ['waybill'], unique=False)
        batch_op.create_index('uq_parcel_pickup_code_in_station', ['pickup_code'], unique=True, sqlite_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery') AND pickup_code != ''"), postgresql_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery') AND pickup_code != ''"))
        batch_op.create_index('uq_parcel_waybill_in_station', ['waybill'], unique=True, sqlite_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery')"), postgresql_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery')"))

    op.create_table('notice_parcel',
    sa.Column('notice_id', sa.Uuid(), nullable=False),
    sa.Column('parcel_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['notice.id'], name=op.f('fk_notice_parcel_notice_id_notice')),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcel.id'], name=op.f('fk_notice_parcel_parcel_id_parcel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_parcel')),
    sa.UniqueConstraint('notice_id', 'parcel_id', name=op.f('uq_notice_parcel_notice_id_parcel_id'))
    )
    with op.batch_alter_table('notice_parcel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_parcel_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_parcel_parcel_id'), ['parcel_id'], unique=False)

    op.create_table('parcel_event',
    sa.Column('parcel_id', sa.Uuid(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcel.id'], name=op.f('fk_parcel_event_parcel_id_parcel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parcel_event'))
    )
    with op.batch_alter_table('parcel_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parcel_event_parcel_id'), ['parcel_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('parcel_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parcel_event_parcel_id'))

    op.drop_table('parcel_event')
    with op.batch_alter_table('notice_parcel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_parcel_parcel_id'))
        batch_op.drop_index(batch_op.f('ix_notice_parcel_notice_id'))

    op.drop_table('notice_parcel')
    with op.batch_alter_table('parcel', schema=None) as batch_op:
        batch_op.drop_index('uq_parcel_waybill_in_station', sqlite_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery')"), postgresql_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery')"))
        batch_op.drop_index('uq_parcel_pickup_code_in_station', sqlite_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery') AND pickup_code != ''"), postgresql_where=sa.text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery') AND pickup_code != ''"))
        batch_op.drop_index(batch_op.f('ix_parcel_waybill'))
        batch_op.drop_index(batch_op.f('ix_parcel_villager_id'))
        batch_op.drop_index('ix_parcel_status_checked_in')
        batch_op.drop_index(batch_op.f('ix_parcel_pickup_code'))
        batch_op.drop_index(batch_op.f('ix_parcel_phone_tail'))
        batch_op.drop_index(batch_op.f('ix_parcel_checked_in_at'))
        batch_op.drop_index(batch_op.f('ix_parcel_carrier'))

    op.drop_table('parcel')
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_status'))
        batch_op.drop_index(batch_op.f('ix_notice_day'))

    op.drop_table('notice')
    with op.batch_alter_table('villager', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_villager_phone_tail'))
        batch_op.drop_index(batch_op.f('ix_villager_phone'))
        batch_op.drop_index(batch_op.f('ix_villager_name_initials'))
        batch_op.drop_index(batch_op.f('ix_villager_name'))

    op.drop_table('villager')
    op.drop_table('stocktake')
    op.drop_table('sequence')
    op.drop_table('return_batch')
    op.drop_table('delivery_run')
