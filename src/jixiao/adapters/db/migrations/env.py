"""Alembic environment: runs on the connection jixiao hands it (see adapters/db/migrate.py)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from jixiao.adapters.db.tables import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_given = context.config.attributes.get("connection")
if _given is not None:
    _run(_given)
else:  # the alembic command line, for writing new revisions: `-x url=sqlite:///…`
    _engine = create_engine(context.get_x_argument(as_dictionary=True)["url"])
    with _engine.begin() as _connection:
        _run(_connection)
