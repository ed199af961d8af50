"""Human-facing numbers of pickup receipts, return batches and delivery runs: ``Q20261122-0007``.

They share the station's one numbering scheme (pos.services.numbering): a prefix per kind, the
local date and a daily sequence advanced inside the caller's unit of work.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from pos.domain.receipt_numbers import DELIVERY_RUN, PICKUP, RETURN_BATCH
from pos.services import numbering

__all__ = ["DELIVERY_RUN", "PICKUP", "RETURN_BATCH", "next_number"]


def next_number(session: Session, prefix: str, now: dt.datetime) -> str:
    return numbering.next_number(session, prefix, now)
