"""Settings an administrator changes in the web app (stored, audited); the rest is JIXIAO_*."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jixiao.services.audit import record
from jixiao.services.web_errors import Refused
from jixiao.services.web_ports import WebStore


@dataclass(frozen=True, slots=True)
class AppSetting:
    key: str
    label: str
    default: str
    help: str


APP_SETTINGS = (
    AppSetting("bureau_name", "单位名称", "", "显示在每页页眉，如 盐池县公安局"),
    AppSetting("online_target", "在线率目标（%）", "95", "总览中低于此值的在线率标为红色"),
)
_BY_KEY = {s.key: s for s in APP_SETTINGS}


def read_settings(store: WebStore) -> dict[str, str]:
    with store.read() as repos:
        stored = repos.settings.all()
    return {s.key: stored.get(s.key, s.default) for s in APP_SETTINGS}


def _check(key: str, value: str) -> str:
    value = value.strip()
    if key == "bureau_name" and len(value) > 100:
        raise Refused("单位名称不能超过100个字", key)
    if key == "online_target":
        try:
            number = Decimal(value.rstrip("%"))
        except InvalidOperation:
            number = Decimal(-1)
        if not number.is_finite() or not 0 <= number <= 100:
            raise Refused("在线率目标应为0–100之间的数字，如 95", key)
        value = f"{number.normalize():f}"
    return value


def save_settings(
    store: WebStore, values: dict[str, str], *, actor: str, now: int
) -> dict[str, str]:
    unknown = sorted(set(values) - set(_BY_KEY))
    if unknown:
        raise Refused(f"未知的设置：{'、'.join(unknown)}")
    checked = {k: _check(k, v) for k, v in values.items()}
    before = read_settings(store)
    with store.write() as repos:
        for key, value in checked.items():
            repos.settings.put(key, value)
        changed = {k: v for k, v in checked.items() if before.get(k) != v}
        if changed:
            record(
                repos,
                actor=actor,
                at=now,
                action="update",
                entity="setting",
                target="、".join(_BY_KEY[k].label for k in changed),
                before={_BY_KEY[k].label: before.get(k) for k in changed},
                after={_BY_KEY[k].label: v for k, v in changed.items()},
            )
    return read_settings(store)
