"""Sending parcels (寄件) with courier handovers, and produce sold by weight

sent_parcel and parcel_handover are new; product.unit (piece | jin | kg) and the weight of a
weighed sale line are added with server defaults so existing rows need no rewrite.

Revision ID: 0009_sending_by_weight
Revises: 0008_delivery_consent
Create Date: 2026-12-02 07:52:07.051938
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos.db.types import UTCDateTime


revision = '0009_sending_by_weight'
down_revision = '0008_delivery_consent'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('parcel_handover',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('carrier', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('opened_at', UTCDateTime(), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parcel_handover')),
    sa.UniqueConstraint('number', name=op.f('uq_parcel_handover_number'))
    )
    with op.batch_alter_table('parcel_handover', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parcel_handover_opened_at'), ['opened_at'], unique=False)

    op.create_table('sent_parcel',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('carrier', sa.String(length=12), nullable=False),
    sa.Column('waybill', sa.String(length=40), nullable=False),
    sa.Column('sender_villager_id', sa.Uuid(), nullable=True),
    sa.Column('sender_name', sa.String(length=50), nullable=False),
    sa.Column('sender_phone', sa.String(length=20), nullable=False),
    sa.Column('recipient_name', sa.String(length=50), nullable=False),
    sa.Column('recipient_phone', sa.String(length=20), nullable=False),
    sa.Column('province', sa.String(length=20), nullable=False),
    sa.Column('city', sa.String(length=30), nullable=False),
    sa.Column('county', sa.String(length=30), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('contents', sa.String(length=100), nullable=False),
    sa.Column('weight_grams', sa.Integer(), nullable=False),
    sa.Column('weight_source', sa.String(length=8), nullable=False),
    sa.Column('length_cm', sa.Integer(), nullable=True),
    sa.Column('width_cm', sa.Integer(), nullable=True),
    sa.Column('height_cm', sa.Integer(), nullable=True),
    sa.Column('volumetric_grams', sa.Integer(), nullable=False),
    sa.Column('chargeable_grams', sa.Integer(), nullable=False),
    sa.Column('zone', sa.String(length=50), nullable=False),
    sa.Column('first_fen', sa.Integer(), nullable=False),
    sa.Column('additional_fen', sa.Integer(), nullable=False),
    sa.Column('insured_value_fen', sa.Integer(), nullable=False),
    sa.Column('insurance_fen', sa.Integer(), nullable=False),
    sa.Column('total_fen', sa.Integer(), nullable=False),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('accepted_at', UTCDateTime(), nullable=False),
    sa.Column('labelled_at', UTCDateTime(), nullable=True),
    sa.Column('collected_at', UTCDateTime(), nullable=True),
    sa.Column('returned_at', UTCDateTime(), nullable=True),
    sa.Column('handover_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['handover_id'], ['parcel_handover.id'], name=op.f('fk_sent_parcel_handover_id_parcel_handover')),
    sa.ForeignKeyConstraint(['sender_villager_id'], ['villager.id'], name=op.f('fk_sent_parcel_sender_villager_id_villager')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_parcel')),
    sa.UniqueConstraint('number', name=op.f('uq_sent_parcel_number'))
    )
    with op.batch_alter_table('sent_parcel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sent_parcel_accepted_at'), ['accepted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sent_parcel_carrier'), ['carrier'], unique=False)
        batch_op.create_index(batch_op.f('ix_sent_parcel_handover_id'), ['handover_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sent_parcel_sender_villager_id'), ['sender_villager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sent_parcel_status'), ['status'], unique=False)
        batch_op.create_index('uq_sent_parcel_waybill', ['waybill'], unique=True, sqlite_where=sa.text("waybill != ''"), postgresql_where=sa.text("waybill != ''"))

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit', sa.String(length=8), server_default='piece', nullable=False))

    with op.batch_alter_table('sale_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weight_grams', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('weight_unit', sa.String(length=8), server_default='', nullable=False))
        batch_op.add_column(sa.Column('price_per_unit_fen', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('sale_line', schema=None) as batch_op:
        batch_op.drop_column('price_per_unit_fen')
        batch_op.drop_column('weight_unit')
        batch_op.drop_column('weight_grams')

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_column('unit')

    with op.batch_alter_table('sent_parcel', schema=None) as batch_op:
        batch_op.drop_index('uq_sent_parcel_waybill', sqlite_where=sa.text("waybill != ''"), postgresql_where=sa.text("waybill != ''"))
        batch_op.drop_index(batch_op.f('ix_sent_parcel_status'))
        batch_op.drop_index(batch_op.f('ix_sent_parcel_sender_villager_id'))
        batch_op.drop_index(batch_op.f('ix_sent_parcel_handover_id'))
        batch_op.drop_index(batch_op.f('ix_sent_parcel_carrier'))
        batch_op.drop_index(batch_op.f('ix_sent_parcel_accepted_at'))

    op.drop_table('sent_parcel')
    with op.batch_alter_table('parcel_handover', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parcel_handover_opened_at'))

    op.drop_table('parcel_handover')
