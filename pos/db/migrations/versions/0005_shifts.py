"""Cash-drawer shifts

Revision ID: 0005_shifts
Revises: 0004_sales_purchases
Create Date: 2026-11-22 02:34:47.987237
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos.db.types import UTCDateTime


revision = '0005_shifts'
down_revision = '0004_sales_purchases'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shift',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('opened_at', UTCDateTime(), nullable=False),
    sa.Column('opened_by', sa.String(length=50), nullable=False),
    sa.Column('float_fen', sa.Integer(), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('closed_by', sa.String(length=50), nullable=False),
    sa.Column('expected_cash_fen', sa.Integer(), nullable=True),
    sa.Column('counted_cash_fen', sa.Integer(), nullable=True),
    sa.Column('variance_fen', sa.Integer(), nullable=True),
    sa.Column('variance_reason', sa.Text(), nullable=False),
    sa.Column('denominations', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift')),
    sa.UniqueConstraint('number', name=op.f('uq_shift_number'))
    )
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shift_closed_at'), ['closed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_shift_opened_at'), ['opened_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shift_opened_at'))
        batch_op.drop_index(batch_op.f('ix_shift_closed_at'))

    op.drop_table('shift')
