"""Print queue: every receipt is stored as a job before it is sent to the printer.

Revision ID: 0002_print_queue
Revises: 0001_foundation
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos.db.types import UTCDateTime

revision = "0002_print_queue"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("reference", sa.String(60), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("printed_at", UTCDateTime(), nullable=True),
        sa.Column("reprint_of", sa.String(36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_job")),
    )
    op.create_index(op.f("ix_print_job_status"), "print_job", ["status"])
    op.create_index(op.f("ix_print_job_reference"), "print_job", ["reference"])


def downgrade() -> None:
    op.drop_index(op.f("ix_print_job_reference"), table_name="print_job")
    op.drop_index(op.f("ix_print_job_status"), table_name="print_job")
    op.drop_table("print_job")
