from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record


class Sequence(Base, Record):
    """A named counter (pickup codes, daily receipt numbers), advanced inside the transaction
    that uses the number, so a rolled-back action never burns or repeats one."""

    __tablename__ = "sequence"

    key: Mapped[str] = mapped_column(String(60), unique=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
