"""The county centre's first schema: stations, enrolment codes, keys, synced records, batches,
manifests and the settings sent down.

Revision ID: c0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'c0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.schema.CreateSequence(sa.Sequence("county_change_id_seq")))
    op.create_table('staff_token',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_token_token_hash'))
    )
    op.create_table('station',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('generation', sa.Uuid(), nullable=True),
    sa.Column('high_water', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('last_sync_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station')),
    sa.UniqueConstraint('name', name=op.f('uq_station_name'))
    )
    op.create_table('station_generation',
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('generation', sa.Uuid(), nullable=False),
    sa.Column('first_seq', sa.BigInteger(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_station_generation_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'generation', name=op.f('pk_station_generation'))
    )
    op.create_table('enrolment_code',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_enrolment_code_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolment_code')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_enrolment_code_code_hash'))
    )
    op.create_index(op.f('ix_enrolment_code_station_id'), 'enrolment_code', ['station_id'], unique=False)
    op.create_table('manifest',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('truck', sa.String(length=50), server_default='', nullable=False),
    sa.Column('dispatched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('change_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_manifest_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manifest')),
    sa.UniqueConstraint('change_id', name=op.f('uq_manifest_change_id'))
    )
    op.create_index(op.f('ix_manifest_station_id'), 'manifest', ['station_id'], unique=False)
    op.create_table('received_batch',
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('db_generation', sa.Uuid(), nullable=False),
    sa.Column('seq_from', sa.BigInteger(), nullable=False),
    sa.Column('seq_to', sa.BigInteger(), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('body_sha256', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('response', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_received_batch_station_id_station')),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_received_batch'))
    )
    op.create_index(op.f('ix_received_batch_station_id'), 'received_batch', ['station_id'], unique=False)
    op.create_table('station_key',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_station_key_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station_key')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_station_key_key_hash'))
    )
    op.create_index(op.f('ix_station_key_station_id'), 'station_key', ['station_id'], unique=False)
    op.create_table('station_settings',
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('values', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('change_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_station_settings_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', name=op.f('pk_station_settings')),
    sa.UniqueConstraint('change_id', name=op.f('uq_station_settings_change_id'))
    )
    op.create_table('synced_counts',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_synced_counts_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'uuid', name=op.f('pk_synced_counts'))
    )
    op.create_table('synced_parcel',
    sa.Column('waybill', sa.String(length=40), nullable=False),
    sa.Column('carrier', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('picked_up_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_synced_parcel_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'uuid', name=op.f('pk_synced_parcel'))
    )
    op.create_index('ix_synced_parcel_station_status', 'synced_parcel', ['station_id', 'status'], unique=False)
    op.create_index('ix_synced_parcel_station_waybill', 'synced_parcel', ['station_id', 'waybill'], unique=False)
    op.create_table('synced_parcel_event',
    sa.Column('parcel_uuid', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_synced_parcel_event_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'uuid', name=op.f('pk_synced_parcel_event'))
    )
    op.create_index(op.f('ix_synced_parcel_event_parcel_uuid'), 'synced_parcel_event', ['parcel_uuid'], unique=False)
    op.create_table('synced_purchase',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('total_fen', sa.BigInteger(), nullable=False),
    sa.Column('placed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_synced_purchase_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'uuid', name=op.f('pk_synced_purchase'))
    )
    op.create_table('synced_purchase_event',
    sa.Column('purchase_uuid', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_synced_purchase_event_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'uuid', name=op.f('pk_synced_purchase_event'))
    )
    op.create_index(op.f('ix_synced_purchase_event_purchase_uuid'), 'synced_purchase_event', ['purchase_uuid'], unique=False)
    op.create_table('synced_refund',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('total_fen', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_synced_refund_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'uuid', name=op.f('pk_synced_refund'))
    )
    op.create_table('synced_sale',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('total_fen', sa.BigInteger(), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_synced_sale_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'uuid', name=op.f('pk_synced_sale'))
    )
    op.create_table('synced_shift',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('variance_fen', sa.BigInteger(), nullable=True),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_synced_shift_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'uuid', name=op.f('pk_synced_shift'))
    )
    op.create_table('manifest_line',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('manifest_id', sa.Uuid(), nullable=False),
    sa.Column('station_id', sa.Uuid(), nullable=False),
    sa.Column('waybill', sa.String(length=40), nullable=False),
    sa.Column('carrier', sa.String(length=12), server_default='', nullable=False),
    sa.Column('recipient_phone', sa.String(length=20), server_default='', nullable=False),
    sa.Column('recipient_name', sa.String(length=50), server_default='', nullable=False),
    sa.Column('status', sa.String(length=12), server_default='dispatched', nullable=False),
    sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('parcel_uuid', sa.Uuid(), nullable=True),
    sa.CheckConstraint("status IN ('dispatched', 'arrived', 'missing')", name=op.f('ck_manifest_line_status')),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifest.id'], name=op.f('fk_manifest_line_manifest_id_manifest')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_manifest_line_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manifest_line')),
    sa.UniqueConstraint('manifest_id', 'waybill', name=op.f('uq_manifest_line_manifest_id_waybill'))
    )
    op.create_index(op.f('ix_manifest_line_manifest_id'), 'manifest_line', ['manifest_id'], unique=False)
    op.create_index('ix_manifest_line_station_waybill', 'manifest_line', ['station_id', 'waybill'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_manifest_line_station_waybill', table_name='manifest_line')
    op.drop_index(op.f('ix_manifest_line_manifest_id'), table_name='manifest_line')
    op.drop_table('manifest_line')
    op.drop_table('synced_shift')
    op.drop_table('synced_sale')
    op.drop_table('synced_refund')
    op.drop_index(op.f('ix_synced_purchase_event_purchase_uuid'), table_name='synced_purchase_event')
    op.drop_table('synced_purchase_event')
    op.drop_table('synced_purchase')
    op.drop_index(op.f('ix_synced_parcel_event_parcel_uuid'), table_name='synced_parcel_event')
    op.drop_table('synced_parcel_event')
    op.drop_index('ix_synced_parcel_station_waybill', table_name='synced_parcel')
    op.drop_index('ix_synced_parcel_station_status', table_name='synced_parcel')
    op.drop_table('synced_parcel')
    op.drop_table('synced_counts')
    op.drop_table('station_settings')
    op.drop_index(op.f('ix_station_key_station_id'), table_name='station_key')
    op.drop_table('station_key')
    op.drop_index(op.f('ix_received_batch_station_id'), table_name='received_batch')
    op.drop_table('received_batch')
    op.drop_index(op.f('ix_manifest_station_id'), table_name='manifest')
    op.drop_table('manifest')
    op.drop_index(op.f('ix_enrolment_code_station_id'), table_name='enrolment_code')
    op.drop_table('enrolment_code')
    op.drop_table('station_generation')
    op.drop_table('station')
    op.drop_table('staff_token')
    op.execute(sa.schema.DropSequence(sa.Sequence("county_change_id_seq")))
