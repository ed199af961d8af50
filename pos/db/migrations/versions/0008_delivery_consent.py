"""Delivery consent log: given or withdrawn, when, how, recorded by whom; the old flag moves in

Revision ID: 0008_delivery_consent
Revises: 0007_audit_append_only
Create Date: 2026-12-02 07:20:00
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

from pos.db.types import UTCDateTime


revision = '0008_delivery_consent'
down_revision = '0007_audit_append_only'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('delivery_consent',
    sa.Column('villager_id', sa.Uuid(), nullable=False),
    sa.Column('given', sa.Boolean(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('how', sa.String(length=20), nullable=False),
    sa.Column('recorded_by', sa.String(length=50), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['villager_id'], ['villager.id'], name=op.f('fk_delivery_consent_villager_id_villager')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_consent'))
    )
    with op.batch_alter_table('delivery_consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_consent_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_consent_villager_id'), ['villager_id'], unique=False)
    # the consent flag the villager card held until now becomes the first entry of each log
    villager = sa.table('villager', sa.column('id', sa.Uuid()), sa.column('delivery_consent', sa.Boolean()),
                        sa.column('delivery_consent_at', UTCDateTime()), sa.column('created_at', UTCDateTime()))
    log = sa.table('delivery_consent', sa.column('id', sa.Uuid()), sa.column('villager_id', sa.Uuid()),
                   sa.column('given', sa.Boolean()), sa.column('at', UTCDateTime()), sa.column('how', sa.String()),
                   sa.column('recorded_by', sa.String()), sa.column('note', sa.Text()),
                   sa.column('created_at', UTCDateTime()), sa.column('updated_at', UTCDateTime()))
    bind = op.get_bind()
    now = dt.datetime.now(dt.timezone.utc)
    rows = bind.execute(sa.select(villager.c.id, villager.c.delivery_consent_at, villager.c.created_at)
                        .where(villager.c.delivery_consent.is_(True))).all()
    if rows:
        op.bulk_insert(log, [{"id": uuid.uuid4(), "villager_id": r.id, "given": True,
                              "at": r.delivery_consent_at or r.created_at, "how": "before_log", "recorded_by": "",
                              "note": "", "created_at": now, "updated_at": now} for r in rows])


def downgrade() -> None:
    with op.batch_alter_table('delivery_consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_consent_villager_id'))
        batch_op.drop_index(batch_op.f('ix_delivery_consent_at'))
    op.drop_table('delivery_consent')
