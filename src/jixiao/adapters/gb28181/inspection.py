"""The 录像巡检 beside the running platform: nightly at JIXIAO_RECORDINGS_HOUR, spread over
JIXIAO_RECORDINGS_SPREAD_MINUTES, and on demand.

`jixiao recordings scan` runs in another process than the platform the devices registered
with, so it asks through the data directory, as `jixiao sip events` reads the platform's
events: it writes a request file (REQUEST_FILE), the platform picks it up within a second,
scans at once (no spreading) and writes the summary (RESULT_FILE) with the request's id.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from pathlib import Path

from jixiao.adapters.gb28181.server import SipServer
from jixiao.config import Settings
from jixiao.domain.presentation import rate_text
from jixiao.services.application import Application
from jixiao.services.recordings import Found, ScanSummary, run_scan

log = logging.getLogger(__name__)
REQUEST_FILE = "recordings-scan-request.json"
RESULT_FILE = "recordings-scan-result.json"
SCAN_ACTOR = "录像巡检"
POLL_S = 1.0


class ServerRecordSource:
    """The RecordSource port on the running platform's RecordInfo queries."""

    def __init__(self, server: SipServer, timeout: float = 60.0) -> None:
        self._server, self._timeout = server, timeout

    async def records(self, device_id: str, channel_id: str, start: int, end: int) -> Found | None:
        done = await self._server.query_records(device_id, channel_id, start, end, self._timeout)
        if done is None:
            return None
        heard = done.complete or done.sum_num is not None or bool(done.intervals or done.problems)
        return Found(done.intervals, done.complete, done.problems, heard)


async def scan(
    server: SipServer,
    app: Application,
    day: dt.date,
    *,
    group: str | None = None,
    concurrency: int = 50,
    spread_s: float = 0.0,
    actor: str = SCAN_ACTOR,
) -> ScanSummary:
    """One day's 录像巡检 of every channel (of `group`), stored and audited."""
    targets, unreachable = await asyncio.to_thread(app.recording_targets, group=group)
    found = await run_scan(
        ServerRecordSource(server),
        targets,
        day,
        app.zone,
        concurrency=concurrency,
        spread_s=spread_s,
    )
    return await asyncio.to_thread(
        app.record_recordings, found, day, unreachable=len(unreachable), actor=actor
    )


def next_run(now: dt.datetime, hour: int) -> dt.datetime:
    """The next start of the nightly scan: today at `hour` if still ahead, else tomorrow."""
    start = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return start if start > now else start + dt.timedelta(days=1)


def summary_json(summary: ScanSummary, request_id: str = "") -> dict[str, object]:
    return {
        "id": request_id,
        "day": summary.day.isoformat(),
        "channels": summary.channels,
        "answered": summary.answered,
        "findings": summary.findings,
        "unreachable": summary.unreachable,
        "recording_rate": rate_text(summary.rate),
        "storage_compliance": rate_text(summary.storage.rate),
    }


async def keep_scanning(
    server: SipServer, app: Application, settings: Settings, stop: asyncio.Event
) -> None:
    """Run the nightly scan and answer on-demand requests until `stop` is set."""
    request_path = settings.data_dir / REQUEST_FILE
    due = next_run(app.moment(), settings.recordings_hour)
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), POLL_S)
        if stop.is_set():
            return
        request = None
        try:
            request = _take(request_path)
            if request is not None:
                summary = await scan(
                    server,
                    app,
                    dt.date.fromisoformat(str(request.get("day"))),
                    group=str(request["group"]) if request.get("group") else None,
                    concurrency=settings.recordings_concurrency,
                    actor=str(request.get("actor") or "cli"),
                )
                _write(settings.data_dir / RESULT_FILE, summary_json(summary, str(request["id"])))
            if app.moment() >= due:
                yesterday = (due - dt.timedelta(days=1)).date()
                due = next_run(app.moment(), settings.recordings_hour)
                summary = await scan(
                    server,
                    app,
                    yesterday,
                    concurrency=settings.recordings_concurrency,
                    spread_s=settings.recordings_spread_minutes * 60.0,
                )
                log.info(
                    "录像巡检%s：%d路通道，录像完整率%s",
                    yesterday,
                    summary.channels,
                    rate_text(summary.rate),
                )
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a failed scan must not stop the platform
            log.exception("录像巡检失败：%s", error)
            with contextlib.suppress(OSError):
                _write(
                    settings.data_dir / RESULT_FILE,
                    {"id": str((request or {}).get("id", "")), "error": str(error)},
                )


def _take(path: Path) -> dict[str, object] | None:
    """The pending request, removed so it runs once; None when there is none or it is unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    with contextlib.suppress(OSError):
        path.unlink()
    try:
        found = json.loads(text)
    except ValueError:
        return None
    return found if isinstance(found, dict) and found.get("id") else None


def _write(path: Path, value: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    scratch.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    scratch.replace(path)
