"""`jixiao recordings`: the 录像巡检 on demand, and the monthly 录像巡检报告 (Word/Excel)."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jixiao.adapters.gb28181.inspection import REQUEST_FILE, RESULT_FILE
from jixiao.adapters.gb28181.server import EVENTS_FILE
from jixiao.adapters.problems import Unavailable
from jixiao.cli.app import app, console
from jixiao.cli.store import CLI_ACTOR, open_app, rate_number
from jixiao.config import load_settings
from jixiao.domain.errors import InputError, Problem
from jixiao.domain.presentation import hours, rate_text
from jixiao.services.recordings import RecordingReport

recordings_app = typer.Typer(
    help="录像巡检：录像完整率与存储合规率（GB/T 28181 RecordInfo）", no_args_is_help=True
)
app.add_typer(recordings_app, name="recordings")
FORMATS = ("docx", "xlsx")
ALIVE_S = 30.0  # the platform publishes its events file every 5 s


@recordings_app.command("scan")
def scan(
    day: Annotated[
        str | None, typer.Option("--day", help="巡检哪一天的录像，如 2026-12-06；默认昨天")
    ] = None,
    group: Annotated[str | None, typer.Option("--group", help="只巡检该分组的通道")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="最多等待秒数")] = 1800.0,
) -> None:
    """立即做一次录像巡检：运行中的国标平台向每路通道查询录像（RecordInfo），存入证据库。"""
    settings = load_settings()
    application = open_app()
    wanted = _day(day) if day else application.moment().date() - dt.timedelta(days=1)
    _require_platform(settings.data_dir / EVENTS_FILE)
    request_id = secrets.token_hex(8)
    result_path = settings.data_dir / RESULT_FILE
    request = {"id": request_id, "day": wanted.isoformat(), "group": group, "actor": CLI_ACTOR}
    _write(settings.data_dir / REQUEST_FILE, request)
    deadline = time.monotonic() + timeout
    result: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        result = _read(result_path)
        if result is not None and result.get("id") == request_id:
            break
        time.sleep(0.2)
    else:
        raise Unavailable(
            f"录像巡检在{timeout:.0f}秒内没有完成；平台仍在运行时可稍后用 jixiao recordings report 查看"
        )
    if result.get("error"):
        raise Unavailable(f"录像巡检失败：{result['error']}")
    report = application.recording_report(wanted, wanted, group=group, online=False)
    if as_json:
        typer.echo(
            json.dumps(
                result | {"channels_detail": _channels(report)}, ensure_ascii=False, indent=2
            )
        )
        return
    typer.echo(
        f"录像巡检{wanted.isoformat()}：{result['channels']}路通道，应答{result['answered']}路，"
        f"发现问题{result['findings']}条，未接入国标的摄像机{result['unreachable']}台；"
        f"录像完整率{result['recording_rate']}，存储合规率{result['storage_compliance']}"
    )
    _print_channels(report)


@recordings_app.command("report")
def report(
    month: Annotated[str, typer.Option("--month", help="月份，如 2026-12")],
    formats: Annotated[str, typer.Option("--format", help="docx、xlsx，逗号分隔")] = "docx,xlsx",
    out: Annotated[Path | None, typer.Option("-o", "--output", help="写出报告的目录")] = None,
    group: Annotated[str | None, typer.Option("--group", help="只含该分组的通道")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """月度录像巡检报告：按分组与月份并列在线率、录像完整率、存储合规率，逐路通道列出缺失与问题。"""
    first, last = _month(month)
    chosen = _formats(formats)
    application = open_app()
    found = application.recording_report(first, last, group=group)
    if out is not None:
        outputs = {fmt: out / f"录像巡检报告-{first:%Y-%m}.{fmt}" for fmt in chosen}
        for path in application.write_recording_report(found, outputs):
            typer.echo(f"已写出：{path}", err=as_json)
    if as_json:
        typer.echo(json.dumps(to_dict(found), ensure_ascii=False, indent=2))
        return
    _print_rates(found)
    _print_channels(found)


def to_dict(r: RecordingReport) -> dict[str, Any]:
    def row(x: Any) -> dict[str, Any]:
        return {
            "group": x.group,
            "month": x.month,
            "channels": x.channels,
            "online_rate": rate_number(x.online),
            "recording_rate": rate_number(x.completeness.rate),
            "recorded_seconds": x.completeness.recorded_s,
            "expected_seconds": x.completeness.expected_s,
            "storage_compliance": rate_number(x.storage.rate),
            "storage_compliant": x.storage.compliant,
            "unanswered_channel_days": x.unanswered,
            "unscanned_channel_days": x.unscanned,
        }

    return {
        "from": r.first.isoformat(),
        "to": r.last.isoformat(),
        "group": r.group,
        "total": row(r.total),
        "rows": [row(x) for x in r.rows],
        "channels": _channels(r),
        "image_quality": None,
        "image_quality_note": r.quality_note,
        "citation": r.citation(),
    }


def _channels(r: RecordingReport) -> list[dict[str, Any]]:
    return [
        {
            "device_id": c.device_id,
            "name": c.name,
            "recording_rate": rate_number(c.completeness.rate),
            "missing_seconds": c.missing_s,
            "required_days": c.required,
            "kept_days": c.kept,
            "findings": list(c.findings),
        }
        for c in r.channels
    ]


def _print_rates(r: RecordingReport) -> None:
    table = Table(title=f"录像巡检 {r.first.isoformat()}至{r.last.isoformat()}")
    for name in (
        "分组",
        "月份",
        "通道",
        "在线率",
        "录像完整率",
        "图像完好率",
        "存储合规率",
        "未应答",
        "未巡检",
    ):
        table.add_column(name, justify="right")
    for x in [*r.rows, r.total]:
        table.add_row(
            x.group,
            x.month,
            str(x.channels),
            rate_text(x.online),
            rate_text(x.completeness.rate),
            "—",
            rate_text(x.storage.rate),
            str(x.unanswered),
            str(x.unscanned),
        )
    out = console()
    out.print(table)
    out.print(r.quality_note)
    out.print(r.citation())


def _print_channels(r: RecordingReport) -> None:
    table = Table(title="各通道")
    for name in ("通道", "名称", "录像完整率", "缺失小时", "应存天数", "已存天数", "问题"):
        table.add_column(name)
    for c in r.channels:
        table.add_row(
            c.device_id,
            c.name,
            rate_text(c.completeness.rate),
            hours(c.missing_s),
            str(c.required),
            "—" if c.kept is None else str(c.kept),
            "；".join(c.findings[:3]) or "无",
        )
    console().print(table)


def _require_platform(events: Path) -> None:
    try:
        updated = float(json.loads(events.read_text(encoding="utf-8"))["updated"])
    except (OSError, ValueError, KeyError, TypeError):
        updated = 0.0
    if time.time() - updated > ALIVE_S:
        raise Unavailable(
            "国标平台没有在运行（jixiao sip serve 或 jixiao serve）：录像巡检要由设备注册所在的平台发出查询"
        )


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            [Problem("命令行", f"无法识别的日期“{text}”；应为如 2026-12-06", None, "--day")]
        ) from None


def _month(text: str) -> tuple[dt.date, dt.date]:
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if m is None or not 1 <= int(m[2]) <= 12 or not 1970 <= int(m[1]) <= 2100:
        raise InputError(
            [Problem("命令行", f"无法识别的月份“{text}”；应为如 2026-12", None, "--month")]
        )
    first = dt.date(int(m[1]), int(m[2]), 1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def _formats(text: str) -> list[str]:
    chosen = [f.strip().lower() for f in re.split(r"[,，]", text) if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise InputError(
            [
                Problem(
                    "命令行",
                    f"不支持的格式“{'、'.join(unknown) or text}”；可选 docx、xlsx",
                    None,
                    "--format",
                )
            ]
        )
    return chosen


def _write(path: Path, value: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    scratch.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    scratch.replace(path)


def _read(path: Path) -> dict[str, Any] | None:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None
