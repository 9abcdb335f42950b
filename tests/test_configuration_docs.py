"""Every setting is documented: each JIXIAO_* variable appears in docs/configuration.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.config import Settings

DOC = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def test_every_setting_has_a_description_and_a_documented_variable() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name} has no description"
        assert f"`JIXIAO_{name.upper()}`" in text, f"JIXIAO_{name.upper()} missing from {DOC.name}"


def test_the_default_store_is_a_sqlite_file_under_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JIXIAO_DATABASE_URL", raising=False)
    settings = Settings(data_dir=tmp_path)
    assert settings.url == f"sqlite:///{tmp_path.as_posix()}/jixiao.sqlite3"
    assert Settings(data_dir=tmp_path, database_url="postgresql+psycopg://u@h/db").url.startswith(
        "postgresql"
    )


def test_the_demo_store_is_a_data_directory_of_its_own(tmp_path: Path) -> None:
    """Demo data never shares a store (nor an attachments directory) with real data."""
    real = Settings(data_dir=tmp_path, database_url="postgresql+psycopg://u@h/db")
    demo = real.as_demo()
    assert demo.url == f"sqlite:///{tmp_path.as_posix()}/demo/jixiao.sqlite3"
    assert demo.data_dir == tmp_path / "demo"
    assert demo.as_demo().data_dir == tmp_path / "demo"  # never demo/demo
    assert Settings(data_dir=tmp_path, demo=True).data_dir == tmp_path / "demo"
    assert real.url.startswith("postgresql")
