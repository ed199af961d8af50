"""All models, imported here so Base.metadata knows every table."""

from pos.db.models.audit import AuditEntry
from pos.db.models.base import Base, Record
from pos.db.models.setting import Setting
from pos.db.models.station import Station
from pos.db.models.user import User

__all__ = ["AuditEntry", "Base", "Record", "Setting", "Station", "User"]
