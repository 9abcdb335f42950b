"""The store's own health: an integrity check, and a consistent copy while it is in use.

SQLite checks every page (`PRAGMA integrity_check`) and copies itself with its online backup
API (readers and the writer may go on meanwhile). PostgreSQL keeps its own pages: the check
is a query that reads every table, and the copy is pg_dump's, when it is installed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url

from jixiao.adapters.db import tables as t
from jixiao.adapters.problems import MissingTool


def integrity_problems(engine: Engine) -> list[str]:
    """What is damaged in the store, in the database's own words; empty when sound."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA integrity_check")]
            return [] if rows == ["ok"] else rows
        for table in t.metadata.sorted_tables:
            connection.execute(select(func.count()).select_from(table)).scalar()
    return []


def backup(engine: Engine, target: Path) -> str:
    """Copy the store to `target` (which must not exist); how it was copied."""
    url = make_url(str(engine.url))
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(f"file:{url.database}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        return "SQLite 在线备份"
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise MissingTool(
            "PostgreSQL 证据库的备份需要 pg_dump（PostgreSQL 客户端工具）：请安装后重试，"
            f"或由数据库管理员用 pg_dump 备份数据库 {url.database}"
        )
    # The password goes in the environment, not on the command line other users can see.
    plain = url.set(drivername="postgresql", password=None)
    env = {**os.environ, **({"PGPASSWORD": str(url.password)} if url.password else {})}
    done = subprocess.run(
        [
            pg_dump,
            "--format=custom",
            f"--file={target}",
            f"--dbname={plain.render_as_string(hide_password=False)}",
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        why = (done.stderr.strip().splitlines() or ["原因不明"])[-1]
        raise MissingTool(f"pg_dump 备份失败：{why}")
    return "pg_dump（自定义格式，用 pg_restore 恢复）"
