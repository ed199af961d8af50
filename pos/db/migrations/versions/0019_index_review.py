"""Indexes reviewed: lists read in their order (notices, print jobs, purchases); three parcel indexes fewer

The Notices page listed the sent notices newest first by sorting every notice of that status
(0.3 s at five years, at each opening of the tab) and counted each status by reading them all:
``ix_notice_status_day (status, day, created_at)`` gives each list in its order and bounds the
counts, and replaces ``ix_notice_status``.

The print queue's list (Settings, Printer) sorted the 30 days of jobs kept (70,000 at a busy
station, 60 ms) for its newest 200: ``ix_print_job_created_at``.

The assisted purchases' list filtered by a status sorted every order of it (95,000 collected at
five years, 60-150 ms): ``ix_purchase_order_status_placed_at`` gives it newest first and replaces
``ix_purchase_order_status``.

``ix_parcel_checked_in_at`` and ``ix_parcel_picked_up_at`` were the first column of
``ix_parcel_checked_in_carrier`` and ``ix_parcel_picked_up_carrier``, which serve the same ranges
and orders; ``ix_parcel_returned_at`` held every parcel (97 in 100 with no return time) for
ranges that always come with the status (``ix_parcel_status_returned_at``). Together 41 MB at
five years, and three entries fewer to write at every check-in.

Revision ID: 0019_index_review
Revises: 0018_pickup_code_stays
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0019_index_review"
down_revision = "0018_pickup_code_stays"
branch_labels = None
depends_on = None

_NOTICE_LISTS = ["status", "day", "created_at"]


def upgrade() -> None:
    # IF [NOT] EXISTS: SQLite keeps each step even when the app is stopped before the version is
    # written; the next start goes on from there
    op.create_index("ix_notice_status_day", "notice", _NOTICE_LISTS, if_not_exists=True)
    op.drop_index("ix_notice_status", table_name="notice", if_exists=True)
    op.create_index("ix_print_job_created_at", "print_job", ["created_at"], if_not_exists=True)
    op.create_index("ix_purchase_order_status_placed_at", "purchase_order", ["status", "placed_at"],
                    if_not_exists=True)
    op.drop_index("ix_purchase_order_status", table_name="purchase_order", if_exists=True)
    for name in ("ix_parcel_checked_in_at", "ix_parcel_picked_up_at", "ix_parcel_returned_at"):
        op.drop_index(name, table_name="parcel", if_exists=True)


def downgrade() -> None:
    op.create_index("ix_purchase_order_status", "purchase_order", ["status"])
    op.drop_index("ix_purchase_order_status_placed_at", table_name="purchase_order")
    op.drop_index("ix_print_job_created_at", table_name="print_job")
    op.create_index("ix_parcel_returned_at", "parcel", ["returned_at"])
    op.create_index("ix_parcel_picked_up_at", "parcel", ["picked_up_at"])
    op.create_index("ix_parcel_checked_in_at", "parcel", ["checked_in_at"])
    op.create_index("ix_notice_status", "notice", ["status"])
    op.drop_index("ix_notice_status_day", table_name="notice")
