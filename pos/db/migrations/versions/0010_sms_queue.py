"""SMS send queue: one row per message of a parcel notice; villagers may ask for no SMS

Revision ID: 0010_sms_queue
Revises: 0009_sending_by_weight
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos.db.types import UTCDateTime

revision = "0010_sms_queue"
down_revision = "0009_sending_by_weight"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_message",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("notice_id", sa.Uuid(), sa.ForeignKey("notice.id", name="fk_sms_message_notice_id_notice"),
                  nullable=True),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("refs", sa.String(100), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sms_message"),
    )
    op.create_index("ix_sms_message_notice_id", "sms_message", ["notice_id"])
    op.create_index("ix_sms_message_status", "sms_message", ["status"])
    with op.batch_alter_table("villager") as batch:
        batch.add_column(sa.Column("no_sms", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("villager") as batch:
        batch.drop_column("no_sms")
    op.drop_index("ix_sms_message_status", "sms_message")
    op.drop_index("ix_sms_message_notice_id", "sms_message")
    op.drop_table("sms_message")
