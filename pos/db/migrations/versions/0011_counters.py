"""Counters: each PC of the station is a named counter; print jobs, shifts and tenders belong to one

Revision ID: 0011_counters
Revises: 0010_sms_queue
Create Date: 2026-12-02 08:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos.db.types import UTCDateTime


revision = '0011_counters'
down_revision = '0010_sms_queue'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('counter',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('hostname', sa.String(length=100), nullable=False),
    sa.Column('seen_at', UTCDateTime(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counter')),
    sa.UniqueConstraint('name', name=op.f('uq_counter_name'))
    )
    # nullable: rows from before counters belong to the first counter that registers (it adopts them)
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counter_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_print_job_counter_id'), ['counter_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_print_job_counter_id_counter'), 'counter', ['counter_id'], ['id'])
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counter_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_shift_counter_id'), ['counter_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_shift_counter_id_counter'), 'counter', ['counter_id'], ['id'])
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shift_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_payment_shift_id'), ['shift_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_payment_shift_id_shift'), 'shift', ['shift_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_payment_shift_id_shift'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_payment_shift_id'))
        batch_op.drop_column('shift_id')
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_shift_counter_id_counter'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_shift_counter_id'))
        batch_op.drop_column('counter_id')
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_print_job_counter_id_counter'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_print_job_counter_id'))
        batch_op.drop_column('counter_id')
    op.drop_table('counter')
