"""Pure rules of the station: no Qt, no SQLAlchemy, no devices."""
