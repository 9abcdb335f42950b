"""Settings from JIXIAO_* environment variables: the only place that reads os.environ.

Every command and the web app get their settings from `load_settings()`: a bad value, or a
JIXIAO_ variable that is no setting, is bad input naming the variable and what is valid.
"""

from __future__ import annotations

import difflib
import os
import types
import typing
import zoneinfo
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from jixiao.domain.errors import InputError, Problem

PREFIX = "JIXIAO_"
DEMO_DIR = "demo"  # the demo store's own data directory, under the data directory


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="forbid")

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
    port: int = Field(
        default=8000,
        ge=1,
        le=65535,
        description="Port of the web app (`jixiao serve`) when --port is not given",
    )
    cookie_secure: bool = Field(
        default=False,
        description="Mark the session cookie Secure (only sent over HTTPS); set when served "
        "behind HTTPS",
    )
    demo: bool = Field(
        default=False,
        description="Use the demo store: a data directory of its own (demo/ under data_dir, "
        "its SQLite file demo/jixiao.sqlite3, its attachments) holding the examples, never the "
        "real data; the web app marks every page 演示数据 (`jixiao serve --demo`)",
    )
    load_examples: bool = Field(
        default=True,
        description="On the first start of the web app on an empty demo store, load "
        "examples/*.yaml and examples/diwang-*.csv (the real store is never given examples)",
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
        description="UNSAFE: let a keepalive alone bring an offline (unregistered) device back "
        "online; a keepalive carries no credentials, so a dead device stays online as long as "
        "its registered source keeps sending them; the standard asks for a new REGISTER",
    )
    sip_register_rate: float = Field(
        default=200.0,
        ge=0,
        description="REGISTER requests per second accepted from one source address (a burst of "
        "five seconds' worth is allowed); more are dropped unread; 0: no limit",
    )
    sip_tcp_per_source: int = Field(
        default=1000, ge=1, description="Open SIP TCP connections allowed per source address"
    )
    sip_tcp_total: int = Field(
        default=20_000,
        ge=1,
        description="Open SIP TCP connections allowed in all (also kept below the process's "
        "file limit minus a reserve for the web app and the store)",
    )
    sip_tcp_idle: float = Field(
        default=300.0,
        gt=0,
        description="Seconds a SIP TCP connection may stay silent before it is closed",
    )
    sip_subscribe: bool = Field(
        default=True,
        description="Subscribe to each device's catalog (SUBSCRIBE/NOTIFY: ON/OFF/VLOST/DEFECT)",
    )
    sip_superiors: str = Field(
        default="",
        description="级联: superior platforms jixiao registers to as a lower platform, a JSON list "
        'of {"id", "host", "port", "password", "username", "expires", "interval"} '
        "(docs/deployment.md); host is an IP address; empty: none",
    )
    sip_trusted_proxies: str = Field(
        default="",
        description="Several access nodes: the SIP proxies in front of this node (Kamailio's "
        "dispatcher, deploy/kamailio), comma separated, each an address or address:port; only "
        "in a message from one of them is the X-Jixiao-Source header believed as the device's "
        "address; set, the node restores no sessions at start (other nodes own them) and "
        "sweeps the devices of nodes that died; empty: none",
    )
    ticket_threshold_minutes: int = Field(
        default=30,
        ge=1,
        le=10_080,
        description="An outage longer than this opens a work order (jixiao tickets sync)",
    )
    recordings_hour: int = Field(
        default=1,
        ge=0,
        le=23,
        description="Local hour at which the nightly 录像巡检 (RecordInfo of every channel) starts",
    )
    recordings_spread_minutes: int = Field(
        default=240,
        ge=0,
        le=1_200,
        description="Minutes over which the nightly 录像巡检 spreads its queries (0: all at once)",
    )
    recordings_concurrency: int = Field(
        default=50,
        ge=1,
        le=10_000,
        description="RecordInfo queries the 录像巡检 keeps open at once",
    )

    # Active probes (jixiao probe run, jixiao serve); see docs/probes.md.
    probe_key: SecretStr | None = Field(
        default=None,
        description="Fernet key (urlsafe base64, 32 bytes) that encrypts probe passwords at "
        "rest; unset: the file probe.key in data_dir, created on first use",
    )
    probe_interval: int = Field(
        default=300, ge=10, le=86_400, description="Seconds between two probes of a device"
    )
    probe_timeout: float = Field(
        default=5.0, ge=0.1, le=60, description="Seconds one probe attempt may take"
    )
    probe_retries: int = Field(
        default=1, ge=0, le=5, description="Extra attempts before a round counts as failed"
    )
    probe_down_after: int = Field(
        default=3, ge=1, le=20, description="Failed rounds in a row before a device is offline"
    )
    probe_up_after: int = Field(
        default=2, ge=1, le=20, description="Successful rounds in a row before it is online again"
    )
    probe_concurrency: int = Field(
        default=500, ge=1, le=20_000, description="Probes in flight at once"
    )

    @field_validator("probe_key")
    @classmethod
    def _fernet_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return value
        import base64
        import binascii

        try:
            ok = len(base64.urlsafe_b64decode(value.get_secret_value().encode())) == 32
        except (binascii.Error, ValueError):
            ok = False
        if not ok:
            raise ValueError(
                "探测密钥应为 Fernet 密钥（32字节的 URL 安全 base64，44个字符）；"
                "可用 python -c 'from cryptography.fernet import Fernet;"
                "print(Fernet.generate_key().decode())' 生成"
            )
        return value

    @field_validator("sip_id")
    @classmethod
    def _twenty_digits(cls, value: str) -> str:
        if not (len(value) == 20 and value.isdigit()):
            raise ValueError(f"平台编码“{value}”应为20位数字，如 34020000002000000001")
        return value

    @field_validator("sip_superiors")
    @classmethod
    def _superiors(cls, value: str) -> str:
        from jixiao.adapters.gb28181.cascade import SuperiorError, read_superiors

        try:
            read_superiors(value)
        except SuperiorError as error:
            raise ValueError(f"上级平台配置（JIXIAO_SIP_SUPERIORS）有误：{error}") from error
        return value

    @field_validator("sip_trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        from jixiao.adapters.gb28181.proxy import ProxyError, read_trusted

        try:
            read_trusted(value)
        except ProxyError as error:
            raise ValueError(f"可信代理地址（JIXIAO_SIP_TRUSTED_PROXIES）有误：{error}") from error
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
        if value is None:
            return value
        try:
            make_url(value).get_dialect()  # a URL SQLAlchemy can read, of a driver it has
        except ArgumentError:
            ok = False
        else:
            ok = value.startswith(("sqlite:", "postgresql"))
        if not ok:
            raise ValueError(
                f"数据库地址“{_hide_password(value)}”应为 sqlite:///路径 或 "
                "postgresql+psycopg://用户:密码@主机/库名"
            )
        return value

    @model_validator(mode="after")
    def _demo_apart(self) -> Settings:
        """The demo store lives in data_dir/demo/, whatever JIXIAO_DATABASE_URL says: demo data
        and real data are never in one store (nor one attachments directory)."""
        if self.demo:
            if self.data_dir.name != DEMO_DIR:
                self.data_dir = self.data_dir / DEMO_DIR
            self.database_url = None
        return self

    def as_demo(self) -> Settings:
        """The same settings on the demo store."""
        if self.demo:
            return self
        return Settings(**(dict(self) | {"demo": True}))

    @property
    def url(self) -> str:
        """The database URL: JIXIAO_DATABASE_URL, or the SQLite file under the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'jixiao.sqlite3').as_posix()}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


def _hide_password(url: str) -> str:
    """`url` as it may be shown: a password in it replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url


def load_settings() -> Settings:
    """Settings from the JIXIAO_* variables; bad input (InputError) when any is wrong.

    pydantic-settings reads only the variables it knows, so a misspelt one would silently
    leave its setting at the default: unknown JIXIAO_ names are handed to Settings as extra
    values, which it forbids, and reported with the rest.
    """
    unknown: dict[str, Any] = {
        name[len(PREFIX) :].lower(): value
        for name, value in os.environ.items()
        if name.upper().startswith(PREFIX)
        and name[len(PREFIX) :].lower() not in Settings.model_fields
    }
    try:
        return Settings(**unknown)
    except ValidationError as error:
        raise InputError(settings_problems(error)) from error


def variable_problem(names: str, message: str) -> Problem:
    """A problem with one or more environment variables (`names` written as the user sets them)."""
    return Problem(f"环境变量 {names}", message)


def settings_problems(error: ValidationError) -> list[Problem]:
    """pydantic's (English) errors about Settings, each in Chinese naming its variable."""
    return [
        variable_problem(
            PREFIX + str(detail["loc"][0]).upper() if detail["loc"] else PREFIX + "*",
            _settings_message(detail),
        )
        for detail in error.errors()
    ]


def _settings_message(detail: ErrorDetails) -> str:
    name = str(detail["loc"][0]) if detail["loc"] else ""
    field = Settings.model_fields.get(name)
    kind, context = detail["type"], detail.get("ctx", {})
    if kind == "extra_forbidden":
        known = [PREFIX + known.upper() for known in Settings.model_fields]
        close = difflib.get_close_matches(PREFIX + name.upper(), known, n=1)
        hint = f"（是否想用 {close[0]}？）" if close else ""
        return f"没有这个设置{hint}；可用的环境变量：{'、'.join(known)}"
    if kind == "value_error":  # our validators' messages are Chinese already
        return str(detail["msg"]).removeprefix("Value error, ")
    valid = ""
    if field is not None:
        words = _valid_values(field)
        valid = f"；应为{' ' if words[0].isascii() and words[0].isalpha() else ''}{words}"
    if kind == "missing":
        return f"未设置{valid}"
    if detail["input"] == "":
        return f"为空{valid}"
    given = _shown(field, detail["input"])
    if kind == "int_parsing":
        return f"{given}不是整数{valid}"
    if kind == "bool_parsing":
        return f"{given}不是是/否值{valid}"
    if kind == "greater_than_equal":
        return f"{given}小于{context['ge']}{valid}"
    if kind == "less_than_equal":
        return f"{given}大于{context['le']}{valid}"
    return f"{given}无效{valid}"


def _shown(field: FieldInfo | None, value: Any) -> str:
    """The value as the user wrote it, quoted; never a password."""
    if field is not None and SecretStr in _types(field):
        return "该值"
    return f"“{value}”"


def _types(field: FieldInfo) -> tuple[Any, ...]:
    annotation = field.annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return typing.get_args(annotation)
    return (annotation,)


def _valid_values(field: FieldInfo) -> str:
    """What a setting accepts, in words (the messages' “应为…”)."""
    kinds = _types(field)
    if int in kinds and bool not in kinds:
        low = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
        high = next((m.le for m in field.metadata if hasattr(m, "le")), None)
        if low is not None and high is not None:
            return f"{low}到{high}的整数"
        return "整数"
    if bool in kinds:
        return "true 或 false（也可写 1/0、yes/no、on/off）"
    if Path in kinds:
        return "目录路径"
    return "文字（见 docs/configuration.md）"
