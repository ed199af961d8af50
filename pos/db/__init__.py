"""Storage: SQLAlchemy models, engine set-up, Alembic migrations, unit of work."""
