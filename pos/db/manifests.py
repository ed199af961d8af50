"""Manifest lines the county sent down: who a dispatched waybill is for."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import ManifestLine


def recipient_for(session: Session, waybill: str) -> ManifestLine | None:
    """The newest dispatch of a (normalised) waybill to this station, or None."""
    return session.scalars(select(ManifestLine).where(ManifestLine.waybill == waybill)
                           .order_by(ManifestLine.dispatched_at.desc()).limit(1)).first()
