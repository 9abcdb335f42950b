"""Migrations create exactly the schema of tables.py, on both backends."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from jixiao.adapters.db.migrate import current_revision, head_revision, upgrade
from jixiao.adapters.db.tables import metadata


def test_upgrade_to_head_matches_the_tables_module(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    assert current_revision(engine) == head_revision()


def test_upgrading_an_up_to_date_store_changes_nothing(engine: Engine) -> None:
    head = head_revision()
    assert upgrade(engine) == (head, head)
    assert {"device", "status_change", "maintenance", "project"} <= set(
        inspect(engine).get_table_names()
    )


def test_sqlite_store_runs_in_wal_mode_with_foreign_keys(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
