"""Settings from JIXIAO_* environment variables: the only place that reads os.environ."""

from __future__ import annotations

import zoneinfo
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
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
    # The web app (jixiao serve); see docs/web.md.
    admin_password: SecretStr | None = Field(
        default=None,
        description="Password of the first administrator (user admin), used only when the store "
        "has no user yet; unset: a one-time password is printed once and must be changed",
    )
    session_idle_minutes: int = Field(
        default=30, ge=1, le=24 * 60, description="A web session ends after this long unused"
    )
    session_max_hours: int = Field(
        default=12, ge=1, le=24 * 30, description="A web session ends this long after login"
    )
    login_max_failures: int = Field(
        default=5, ge=1, le=100, description="Wrong passwords in a row that lock an account"
    )
    lockout_minutes: int = Field(
        default=15, ge=1, le=24 * 60, description="How long a locked account stays locked"
    )
    upload_max_mb: int = Field(
        default=20, ge=1, le=200, description="Largest file (MB) the web app accepts as an upload"
    )
    cookie_secure: bool = Field(
        default=False,
        description="Mark the session cookie Secure (only sent over HTTPS); set when served "
        "behind HTTPS",
    )
    load_examples: bool = Field(
        default=True,
        description="On the first start of the web app with an empty store, load examples/*.yaml "
        "and examples/diwang-*.csv",
    )
    examples_dir: Path | None = Field(
        default=None,
        description="Where the examples are; default ./examples, else the source checkout's",
    )

    # GB/T 28181 access (jixiao sip serve, jixiao serve); see docs/gb28181.md.
    sip_id: str = Field(
        default="34020000002000000001",
        description="The platform's own 20-digit GB/T 28181 id; its first 10 digits are the "
        "SIP domain (realm)",
    )
    sip_host: str = Field(
        default="127.0.0.1",
        description="Address the SIP server listens on (UDP and TCP) and puts in Via/Contact: "
        "the platform's address on the video network; 0.0.0.0 listens on every interface",
    )
    sip_port: int = Field(default=5060, ge=0, le=65535, description="SIP port, UDP and TCP")
    sip_password: SecretStr | None = Field(
        default=None,
        description="Registration password of every device (digest auth); a device's own "
        "password (jixiao sip password) overrides it; unset and no own password: no auth",
    )
    sip_keepalive_interval: int = Field(
        default=60,
        ge=1,
        le=3600,
        description="Keepalive interval (s) assumed for a device "
        "that has not reported its own (BasicParam)",
    )
    sip_keepalive_count: int = Field(
        default=3,
        ge=1,
        le=100,
        description="Missed keepalives after which a device is offline",
    )
    sip_auto_enrol: bool = Field(
        default=False,
        description="Accept registrations from devices not in the inventory and add them",
    )
    sip_keepalive_revives: bool = Field(
        default=False,
        description="Let a keepalive alone bring an offline (unregistered) device back online; "
        "the standard asks for a new REGISTER",
    )
    sip_subscribe: bool = Field(
        default=True,
        description="Subscribe to each device's catalog (SUBSCRIBE/NOTIFY: ON/OFF/VLOST/DEFECT)",
    )

    @field_validator("sip_id")
    @classmethod
    def _twenty_digits(cls, value: str) -> str:
        if not (len(value) == 20 and value.isdigit()):
            raise ValueError(f"平台编码“{value}”应为20位数字，如 34020000002000000001")
        return value

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
