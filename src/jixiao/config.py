"""Settings from JIXIAO_* environment variables: the only place that reads os.environ."""

from __future__ import annotations

import zoneinfo
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JIXIAO_", extra="forbid")

    data_dir: Path = Field(
        default=Path("data"),
        description="Directory for the embedded SQLite database (jixiao.sqlite3); created on first use",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the evidence store (sqlite:///… or postgresql+psycopg://…); "
        "overrides data_dir",
    )
    timezone: str = Field(
        default="Asia/Shanghai",
        description="Zone of reporting days, inspection times and times written without an offset",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"未知的时区“{value}”；应为 IANA 时区名，如 Asia/Shanghai") from error
        return value

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("sqlite:", "postgresql")):
            raise ValueError("数据库地址应为 sqlite:///路径 或 postgresql+psycopg://用户@主机/库名")
        return value

    @property
    def url(self) -> str:
        """The database URL: JIXIAO_DATABASE_URL, or the SQLite file under the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'jixiao.sqlite3').as_posix()}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)
