"""The county link: sync state, the outbox, manifest lines received

Revision ID: 0012_sync_outbox
Revises: 0011_counters
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos.db.types import UTCDateTime

revision = "0012_sync_outbox"
down_revision = "0011_counters"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("county_url", sa.String(300), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("station_name", sa.String(100), nullable=False),
        sa.Column("key_file", sa.String(100), nullable=False),
        sa.Column("db_generation", sa.String(36), nullable=False),
        sa.Column("next_seq", sa.Integer(), nullable=False),
        sa.Column("high_water", sa.Integer(), nullable=False),
        sa.Column("manifest_cursor", sa.Integer(), nullable=False),
        sa.Column("last_sync_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("settings_version", sa.Integer(), nullable=False),
        sa.Column("settings_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "sync_outbox",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_outbox")),
    )
    op.create_index(op.f("ix_sync_outbox_key"), "sync_outbox", ["key"])
    op.create_table(
        "manifest_line",
        sa.Column("manifest_uuid", sa.String(36), nullable=False),
        sa.Column("truck", sa.String(50), nullable=False),
        sa.Column("dispatched_at", UTCDateTime(), nullable=True),
        sa.Column("waybill", sa.String(40), nullable=False),
        sa.Column("carrier", sa.String(12), nullable=False),
        sa.Column("recipient_phone", sa.String(20), nullable=False),
        sa.Column("recipient_name", sa.String(50), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manifest_line")),
    )
    op.create_index(op.f("ix_manifest_line_manifest_uuid"), "manifest_line", ["manifest_uuid"])
    op.create_index(op.f("ix_manifest_line_waybill"), "manifest_line", ["waybill"])


def downgrade() -> None:
    op.drop_table("manifest_line")
    op.drop_table("sync_outbox")
    op.drop_table("sync_state")
