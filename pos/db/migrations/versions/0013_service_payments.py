"""Services with an account (便民服务): phone top-ups and bill payments with their commission

service_payment is new; nothing else changes (its money is Payment rows as before).

Revision ID: 0013_service_payments
Revises: 0012_sync_outbox
Create Date: 2026-12-02 14:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos.db.types import UTCDateTime


revision = '0013_service_payments'
down_revision = '0012_sync_outbox'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('service_payment',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('kind_name', sa.String(length=30), nullable=False),
    sa.Column('provider', sa.String(length=40), nullable=False),
    sa.Column('account', sa.String(length=30), nullable=False),
    sa.Column('account_masked', sa.String(length=30), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('fee_fen', sa.Integer(), nullable=False),
    sa.Column('commission_fen', sa.Integer(), nullable=False),
    sa.Column('methods', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('paid_at', UTCDateTime(), nullable=False),
    sa.Column('refunded_at', UTCDateTime(), nullable=True),
    sa.Column('refund_number', sa.String(length=30), nullable=False),
    sa.Column('refund_reason', sa.Text(), nullable=False),
    sa.Column('approved_by', sa.String(length=50), nullable=False),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('refunded_by', sa.String(length=50), nullable=False),
    sa.Column('villager_id', sa.Uuid(), nullable=True),
    sa.Column('shift_id', sa.Uuid(), nullable=True),
    sa.Column('counter_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['counter_id'], ['counter.id'], name=op.f('fk_service_payment_counter_id_counter')),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], name=op.f('fk_service_payment_shift_id_shift')),
    sa.ForeignKeyConstraint(['villager_id'], ['villager.id'], name=op.f('fk_service_payment_villager_id_villager')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_payment')),
    sa.UniqueConstraint('number', name=op.f('uq_service_payment_number'))
    )
    with op.batch_alter_table('service_payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_payment_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_payment_paid_at'), ['paid_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_payment_refunded_at'), ['refunded_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_payment_shift_id'), ['shift_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_payment_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('service_payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_payment_status'))
        batch_op.drop_index(batch_op.f('ix_service_payment_shift_id'))
        batch_op.drop_index(batch_op.f('ix_service_payment_refunded_at'))
        batch_op.drop_index(batch_op.f('ix_service_payment_paid_at'))
        batch_op.drop_index(batch_op.f('ix_service_payment_kind'))
    op.drop_table('service_payment')
