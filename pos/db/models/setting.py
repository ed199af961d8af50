from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record


class Setting(Base, Record):
    """A station setting as key and JSON text; pos.services.settings gives it types."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str] = mapped_column(Text, default="null")
