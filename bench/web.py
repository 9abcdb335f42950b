"""Web pages at scale: the server time of the main pages at 1,000 and at 100,000 devices.

For each size a fresh SQLite store (the examples loaded at first start, as `jixiao serve --demo`
does) gets that many cameras in three groups and a year of status history, loaded in bulk
(not through the GB/T 28181 path): every device comes online at the start of the year, most
stay online, about 8 % have a few outages of some hours, 2 % flap often, and about 3 % are
offline now. The daily rollup is rebuilt and the year's outages of over 30 minutes get their
work orders (`tickets sync`, as `jixiao serve` opens them), then the pages are fetched through the ASGI app in
this process (Starlette's TestClient, logged in as the administrator) and each is timed:
the best of `--repeat` fetches after one warm-up, the server side only (no network, no
browser). Printed: ms per page at both sizes, their ratio, and the goal (every page under
300 ms at the large size). Besides the examples, the store holds a copy of the O&M project
whose contract's 考核 and indicators cover every device (no group), in a department of its
own: its pages count the whole store's year of work orders. The lists of projects (总览,
项目) name the projects and fetch each row's score by a request of its own: that request is
timed as a page too (项目行).

    python bench/web.py [--small 1000] [--large 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from sqlalchemy import text
from starlette.exceptions import StarletteDeprecationWarning

from jixiao.adapters.db import tables as t
from jixiao.config import Settings
from jixiao.domain.availability import to_seconds
from jixiao.domain.devices import Device, DeviceKind, GbId
from jixiao.services.rollup import rebuild_rollup
from jixiao.services.tickets import sync_tickets
from jixiao.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

ZONE = ZoneInfo("Asia/Shanghai")
YEAR = 2021
NOW = dt.datetime(YEAR + 1, 1, 10, 10, tzinfo=ZONE)  # ten days after the year of history
GROUPS = (("盐边天网", 0.5), ("雪亮工程", 0.3), ("地网小区", 0.2))
PASSWORD = "Bench-admin-1"
GOAL_MS = 300.0
CONTRACT = "天网工程服务费"  # the bound project's O&M contract, its 考核 scoped to 盐边天网
OM_EXAMPLE = "yanbian-2021-tianwang-om.yaml"
WHOLE_STORE = "（全部设备）"  # the name's suffix of its copy bound to every device
WHOLE_DEPARTMENT = "盐边县公安局（全部设备）"
DAY = 86_400


def examples_with_whole_store(into: Path) -> Path:
    """The examples, and a copy of the O&M project whose 考核 scope and bindings name no group."""
    source = Path(__file__).resolve().parents[1] / "examples"
    shutil.copytree(source, into)
    text = (source / OM_EXAMPLE).read_text(encoding="utf-8")
    edits = (
        ("scope: {group: 盐边天网}", "scope: {}"),
        (", group: 盐边天网", ""),
        ("  name: 公安智能安全暨数字化综合管理系统运维费", f"  name: 天网运维费{WHOLE_STORE}"),
        # a department of its own: 部门整体 evaluates each of its projects, so a department
        # holding both O&M projects takes both evaluations (timed apart below)
        ("  department: 盐边县公安局", f"  department: {WHOLE_DEPARTMENT}"),
    )
    for old, new in edits:
        assert old in text, f"{OM_EXAMPLE}: {old!r} not found"
        text = text.replace(old, new)
    (into / f"whole-store-{OM_EXAMPLE}").write_text(text, encoding="utf-8")
    return into


def _devices(count: int, rnd: random.Random) -> list[Device]:
    return [
        Device(
            GbId(f"640323{n // 1_000_000:02d}0013{n % 1_000_000:06d}"),
            DeviceKind.CAMERA,
            f"点位{n}",
            (rnd.choices([g for g, _ in GROUPS], [w for _, w in GROUPS])[0],),
            f"乡镇{n % 20:02d}",
            address=f"道路{n % 500}号",
        )
        for n in range(count)
    ]


def _history(key: int, rnd: random.Random) -> Iterator[tuple[int, int, int, int, str]]:
    """(device_pk, at, online, previous, cause): online from the start of the year; a few
    outages for some devices, many for a few; some still offline now."""
    start = to_seconds(dt.datetime(YEAR, 1, 1, tzinfo=ZONE)) + rnd.randrange(3600)
    end = to_seconds(NOW)
    yield key, start, 1, 0, ""
    luck = rnd.random()
    outages = 0 if luck < 0.90 else rnd.randint(1, 6) if luck < 0.98 else rnd.randint(30, 120)
    moments = sorted(rnd.sample(range(start + 3600, end - 3 * DAY, 600), outages))
    last = start
    for at in moments:
        if at <= last:
            continue
        back = at + rnd.randrange(1800, 12 * 3600)
        yield key, at, 0, 1, "离线"
        yield key, back, 1, 0, ""
        last = back
    if rnd.random() < 0.03:  # offline now
        yield key, end - rnd.randrange(3600, 2 * DAY), 0, 1, "断电"


def load(app: Any, count: int, seed: int) -> int:
    """Devices through the repository, status rows by executemany, the rollup rebuilt."""
    store = app.state.context.store
    rnd = random.Random(seed)
    devices = _devices(count, rnd)
    with store.write() as repos:
        repos.devices.upsert(devices)
        keys = repos.devices.keys(d.device_id.value for d in devices)
    rows = 0
    index = next(i for i in t.status_change.indexes if i.name == "ix_status_change_at")
    with store.engine.begin() as connection:
        index.drop(connection)
        cursor: Any = connection.connection.cursor()

        def generated() -> Iterator[tuple[int, int, int, int, str]]:
            nonlocal rows
            for device in devices:
                for row in _history(keys[device.device_id.value], rnd):
                    rows += 1
                    yield row

        cursor.executemany(
            "INSERT INTO status_change (device_pk, at, online, previous, cause, source) "
            "VALUES (?, ?, ?, ?, ?, 'bench')",
            generated(),
        )
        index.create(connection)
        connection.execute(text("ANALYZE"))
    rebuild_rollup(store, ZONE)
    with store.write() as repos:
        sync_tickets(repos, threshold_s=30 * 60, zone=ZONE, actor="bench", now=int(NOW.timestamp()))
    return rows


def _client(app: Any) -> TestClient:
    with app.state.context.accounts.store.write() as repos:
        found = repos.users.by_name("admin")
        assert found is not None
        repos.users.update(found[0].id, must_change_password=False)
    client = TestClient(app, raise_server_exceptions=True, follow_redirects=False)
    answer = client.post("/api/session", json={"username": "admin", "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
    return client


def _bound_projects(client: TestClient) -> tuple[int, int]:
    """The 盐边 2021 O&M project (运维费), its 在线率 bound to the 盐边天网 group, and its copy
    bound to every device."""
    found = [p for p in client.get("/api/projects").json() if "运维" in p["name"]]
    keys = {WHOLE_STORE in p["name"]: int(p["key"]) for p in found if p["year"] == YEAR}
    return keys[False], keys[True]


def pages(client: TestClient, count: int) -> list[tuple[str, str]]:
    device = f"640323000013{count // 2:06d}"
    later = max(2, count // 50 // 2)  # a page in the middle of the list, 50 rows a page
    project, whole = _bound_projects(client)
    return [
        ("总览", "/"),
        ("设备 第1页", "/devices"),
        ("设备 中间页", f"/devices?page={later}"),
        ("设备 分组 第1页", "/devices?group=雪亮工程"),
        ("设备 分组 中间页", f"/devices?group=雪亮工程&page={max(2, later * 3 // 10)}"),
        ("设备详情", f"/devices/{device}"),
        ("在线率 按月分组", f"/devices/rates?period=month&from={YEAR}-01-01&to={YEAR}-12-31"),
        ("离线清单", "/devices/offline"),
        ("项目 列表", "/projects"),
        ("项目（已绑定）", f"/projects/{project}"),
        ("项目行（已绑定）", f"/projects/{project}/line?wide=true"),
        ("年中监控（已绑定）", f"/projects/{project}/monitor"),
        ("部门整体", f"/departments/盐边县公安局?year={YEAR}"),
        ("新建项目", "/projects/new"),
        ("在线率 默认", "/devices/rates"),
        ("维护窗口", "/devices/maintenance"),
        ("审计日志", "/admin/audit"),
        ("录像", f"/recordings?month={YEAR}-12"),
        ("工单", "/tickets"),
        ("工单 某月", f"/tickets?month={YEAR}-06"),
        ("考核 一月", f"/assessment?project={project}&contract={CONTRACT}&month={YEAR}-06"),
        ("考核 全年", f"/assessment?project={project}&contract={CONTRACT}&year={YEAR}"),
        ("项目（全部设备）", f"/projects/{whole}"),
        ("项目行（全部设备）", f"/projects/{whole}/line?wide=true"),
        ("年中监控（全部设备）", f"/projects/{whole}/monitor"),
        ("部门整体（全部设备）", f"/departments/{WHOLE_DEPARTMENT}?year={YEAR}"),
        ("考核 全年（全部设备）", f"/assessment?project={whole}&contract={CONTRACT}&year={YEAR}"),
    ]


def timed(client: TestClient, url: str, repeat: int) -> float:
    answer = client.get(url)  # warm-up (and the check that the page works)
    assert answer.status_code == 200, f"{url}: {answer.status_code} {answer.text[:300]}"
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def measure(count: int, repeat: int, seed: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-web-") as tmp:
        settings = Settings(
            data_dir=Path(tmp) / "data",
            database_url=None,
            admin_password=SecretStr(PASSWORD),
            examples_dir=examples_with_whole_store(Path(tmp) / "examples"),
            demo=True,  # the examples are loaded only into the demo store
        )
        app = create_app(settings, clock=NOW.timestamp)
        started = time.perf_counter()
        rows = load(app, count, seed)
        print(
            f"{count:,} devices, {rows:,} status rows loaded in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        client = _client(app)
        out = {}
        for name, url in pages(client, count):
            out[name] = timed(client, url, repeat)
            print(f"  {_padded(name, 22)} {out[name]:9.1f} ms   {url}", flush=True)
        client.close()
        app.state.context.store.engine.dispose()
        return out


def _padded(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    small = measure(args.small, args.repeat, args.seed)
    large = measure(args.large, args.repeat, args.seed)
    print(f"\n{_padded('page', 22)}{args.small:>10,}{args.large:>12,}   ratio")
    for name, ms in small.items():
        print(f"{_padded(name, 22)}{ms:8.1f}ms{large[name]:10.1f}ms  {large[name] / ms:6.1f}x")
    slowest = max(large.values())
    verdict = "met" if slowest < GOAL_MS else "NOT met"
    print(f"goal {GOAL_MS:.0f} ms: {verdict} (slowest page {slowest:.0f} ms at {args.large:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
