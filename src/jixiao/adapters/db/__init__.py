"""The evidence store: SQLAlchemy Core tables, engine, repositories and Alembic migrations."""
