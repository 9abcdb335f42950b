"""The 录像巡检 against the simulator over real sockets: RecordInfo of every channel, stored,
and 录像完整率 and storage compliance computed by hand for a day with gaps."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

from jixiao import bootstrap
from jixiao.adapters.gb28181 import inspection
from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig, channel_id, device_id
from jixiao.domain.devices import Device, DeviceKind, GbId
from jixiao.services import inventory
from jixiao.services.inventory import Numbered
from jixiao.services.recordings import RecordingReport, ScanSummary
from tests.integration.gb28181.harness import PASSWORD, run, running, settings, until

H = 3600
CH = [channel_id(0, j, 3) for j in range(3)]
NVR = device_id(0)


def _camera(gb: str, name: str, *groups: str) -> Device:
    return Device(GbId(gb), DeviceKind.CAMERA, name, groups)


def _scan(
    tmp_path: Path, fleet_config: dict[str, object], channels: int
) -> tuple[ScanSummary, RecordingReport, dt.date]:
    config = settings(tmp_path)
    zone = config.zone
    day = dt.datetime.now(zone).date() - dt.timedelta(days=1)

    async def scenario() -> tuple[ScanSummary, RecordingReport]:
        async with running(config) as (server, services):
            app = bootstrap.application(config, services=services)
            with services.store.write() as repos:
                inventory.import_devices(
                    repos,
                    [
                        Numbered(2, _camera(CH[0], "东门", "天网")),
                        Numbered(3, _camera(CH[1], "学校门口", "天网", "重点部位")),
                        Numbered(4, _camera(CH[2], "西门", "天网")),
                    ][:channels],
                    source="点位表",
                    actor="test",
                    now=0,
                )
            start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
            if channels > 1:
                app.add_maintenance(
                    start, start + dt.timedelta(hours=12), "镜头更换", device_id=CH[1], actor="test"
                )
            fleet = Fleet(
                FleetConfig(
                    "127.0.0.1",
                    server.port,
                    1,
                    password=PASSWORD,
                    channels=channels,
                    interval=1.0,
                    record_file_shift=1800,  # files 23:30–00:30: one spans each midnight
                    **fleet_config,  # type: ignore[arg-type]
                )
            )
            await fleet.start()
            try:
                assert await fleet.wait_registered(10)

                def listed() -> bool:
                    with services.store.read() as repos:
                        parents = [p.parent_id for p in repos.presence.select().values()]
                    return parents.count(NVR) == channels

                assert await until(listed, 15)
                summary = await inspection.scan(server, app, day, concurrency=2)
            finally:
                await fleet.stop()
            return summary, app.recording_report(day, day)

    summary, report = run(scenario)
    return summary, report, day


def test_a_day_with_gaps_a_recording_across_midnight_and_a_channel_in_maintenance(
    tmp_path: Path,
) -> None:
    summary, report, day = _scan(
        tmp_path,
        {
            # 东门 misses 09:00–11:00; 学校门口 02:00–06:00, inside its maintenance 00:00–12:00;
            # 西门 23:00–24:00 (so the file 23:30–00:30 of the day before starts at 00:00)
            "record_gaps_of": {
                CH[0]: ((9 * H, 11 * H),),
                CH[1]: ((2 * H, 6 * H),),
                CH[2]: ((23 * H, 24 * H),),
            },
            "record_days_of": {CH[0]: 90, CH[1]: 60, CH[2]: 25},
        },
        3,
    )
    assert (summary.channels, summary.answered, summary.findings) == (3, 3, 0)
    # expected: 24 + 12 + 24 = 60 h; recorded: 22 + 12 + 23 = 57 h
    c = report.total.completeness
    assert (c.recorded_s, c.expected_s) == (57 * H, 60 * H)
    assert summary.rate == Fraction(19, 20)
    by_id = {ch.device_id: ch for ch in report.channels}
    assert [by_id[x].completeness.recorded_s for x in CH] == [22 * H, 12 * H, 23 * H]
    assert [by_id[x].missing_s for x in CH] == [2 * H, 0, H]
    # storage: 东门 keeps 90 days; its probe of D−29 (the 30th day back) finds the file that
    # began 23:30 on D−30 (31 days); 学校门口 (重点, 90 required) keeps 60: its probe of D−89
    # finds nothing, the oldest seen is the file from 23:30 the day before (2 days); 西门
    # keeps 25 < 30: its probe finds nothing, only its day is seen (1)
    assert [(by_id[x].required, by_id[x].kept) for x in CH] == [(30, 31), (90, 2), (30, 1)]
    assert (report.total.storage.compliant, report.total.storage.counted) == (1, 3)
    assert summary.storage.rate == Fraction(1, 3)
    assert {r.day for r in summary.rows} == {day}


def test_overlapping_and_inverted_files_from_a_device_are_findings(tmp_path: Path) -> None:
    summary, report, _ = _scan(tmp_path, {"record_quirks": frozenset({"overlap", "inverted"})}, 1)
    assert (summary.channels, summary.answered) == (1, 1)
    (channel,) = report.channels
    assert channel.completeness.recorded_s == 24 * H  # merged, the inverted file left out
    # the repeated file (the first, a minute later) overlaps the first and the next: 2 files
    assert [f.split(" ", 1)[1] for f in channel.findings] == [
        "1段录像的结束时间早于开始时间，未计入",
        "2段录像与其他录像重叠，已合并计算",
        "存储时长查询：1段录像的结束时间早于开始时间，未计入",
        "存储时长查询：2段录像与其他录像重叠，已合并计算",
    ]
