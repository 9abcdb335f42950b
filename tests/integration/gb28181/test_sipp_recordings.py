"""RecordInfo answers from an independent peer: a SIPp device (tests/data/gb28181/sipp/
record_info*.xml) registered to `jixiao sip serve`, scanned with `jixiao recordings scan`."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from tests.conftest import Run
from tests.integration.gb28181.test_sipp import (  # noqa: F401  (fixtures)
    PASSWORD,
    PLATFORM,
    SCENARIOS,
    _free_port,
    listed,
    platform,
    sipp,
)

DEVICE = "34020000001180000005"
CHANNEL = "34020000001310000001"
H = 3600


def test_a_record_info_answer_split_overlapping_and_inverted_is_scanned(
    sipp: str,  # noqa: F811  (the fixture imported above)
    platform: tuple[int, Path],  # noqa: F811
    tmp_path: Path,
    jixiao: Run,
) -> None:
    port, data = platform
    peer = subprocess.Popen(
        [
            sipp,
            f"127.0.0.1:{port}",
            "-t",
            "u1",
            "-sf",
            str(SCENARIOS / "record_info.xml"),
            "-oocsf",
            str(SCENARIOS / "record_info_answers.xml"),
            "-s",
            DEVICE,
            "-au",
            DEVICE,
            "-ap",
            PASSWORD,
            "-key",
            "platform",
            PLATFORM,
            "-key",
            "realm",
            PLATFORM[:10],
            "-key",
            "service_prefix",
            DEVICE[:10],
            "-m",
            "1",
            "-i",
            "127.0.0.1",
            "-p",
            str(_free_port()),
            "-timeout",
            "40s",
            "-timeout_error",
            "-nostdin",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        found = listed(jixiao, data, lambda f: CHANNEL in f)
        assert CHANNEL in found, found
        env = {"JIXIAO_DATA_DIR": str(data)}
        deadline = time.monotonic() + 10
        while not (data / "sip-events.json").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        scanned = jixiao(
            "recordings", "scan", "--day", "2026-12-01", "--json", "--timeout", "60", env=env
        )
        assert scanned.returncode == 0, scanned.stderr
        result = json.loads(scanned.stdout)
        # recorded 00:00–12:00 of the day (the file from 23:30 clipped, the overlap merged,
        # the inverted file left out): 12 h of 24
        assert (result["channels"], result["answered"]) == (1, 1)
        assert result["recording_rate"] == "50%"
        (channel,) = result["channels_detail"]
        assert channel["device_id"] == CHANNEL
        assert channel["missing_seconds"] == 12 * H
        assert channel["findings"][:2] == [
            "2026-12-01 1段录像的结束时间早于开始时间，未计入",
            "2026-12-01 1段录像与其他录像重叠，已合并计算",
        ]
    finally:
        out = peer.communicate(timeout=60)[0]
    assert peer.returncode == 0, out[-2000:]
