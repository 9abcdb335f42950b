"""A device's current status and the GB/T 28181 lapse rule, on hand-made cases."""

from __future__ import annotations

import datetime as dt

import pytest

from jixiao.domain.status import (
    STATUS_LABELS,
    DeviceStatus,
    Lapse,
    counts_as_offline,
    current_status,
    in_service,
    keepalive_window,
    lapse,
)

ZONE = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai has had no DST since 1991
NOW = dt.datetime(2021, 6, 15, 10, 0, tzinfo=ZONE)
TODAY = NOW.date()
YESTERDAY, TOMORROW = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
ONLINE_AT_8 = (int(dt.datetime(2021, 6, 15, 8, 0, tzinfo=ZONE).timestamp()), True)
OFFLINE_AT_9 = (int(dt.datetime(2021, 6, 15, 9, 0, tzinfo=ZONE).timestamp()), False)


def status(
    last: tuple[int, bool] | None,
    commissioned: dt.date | None = None,
    decommissioned: dt.date | None = None,
    now: dt.datetime = NOW,
) -> DeviceStatus:
    return current_status(
        last, commissioned=commissioned, decommissioned=decommissioned, now=now, zone=ZONE
    )


def test_the_last_stored_change_decides_in_service() -> None:
    assert status(ONLINE_AT_8) is DeviceStatus.ONLINE
    assert status(OFFLINE_AT_9) is DeviceStatus.OFFLINE
    assert status(OFFLINE_AT_9, commissioned=YESTERDAY) is DeviceStatus.OFFLINE


def test_a_device_that_never_reported_is_never_reported_and_counts_as_offline() -> None:
    assert status(None) is DeviceStatus.NEVER_REPORTED
    assert counts_as_offline(DeviceStatus.NEVER_REPORTED)
    assert counts_as_offline(DeviceStatus.OFFLINE)
    assert not counts_as_offline(DeviceStatus.ONLINE)
    assert not counts_as_offline(DeviceStatus.OUT_OF_SERVICE)


def test_outside_its_service_life_a_device_is_out_of_service_whatever_it_reported() -> None:
    assert status(ONLINE_AT_8, decommissioned=YESTERDAY) is DeviceStatus.OUT_OF_SERVICE
    assert status(OFFLINE_AT_9, decommissioned=YESTERDAY) is DeviceStatus.OUT_OF_SERVICE
    assert status(None, commissioned=TOMORROW) is DeviceStatus.OUT_OF_SERVICE
    assert status(ONLINE_AT_8, commissioned=TOMORROW) is DeviceStatus.OUT_OF_SERVICE


def test_the_service_life_runs_from_the_commissioning_day_up_to_not_incl_the_decommissioning_day() -> (
    None
):
    midnight = dt.datetime(2021, 6, 15, 0, 0, tzinfo=ZONE)
    just_before = midnight - dt.timedelta(seconds=1)
    assert status(ONLINE_AT_8, commissioned=TODAY, now=midnight) is DeviceStatus.ONLINE
    assert status(ONLINE_AT_8, commissioned=TODAY, now=just_before) is DeviceStatus.OUT_OF_SERVICE
    assert status(ONLINE_AT_8, decommissioned=TODAY, now=just_before) is DeviceStatus.ONLINE
    assert status(ONLINE_AT_8, decommissioned=TODAY, now=midnight) is DeviceStatus.OUT_OF_SERVICE


def test_the_service_life_is_in_the_reporting_zone_whatever_zone_now_is_given_in() -> None:
    # 2021-06-14 17:00 UTC is 2021-06-15 01:00 in Shanghai: already the commissioning day
    utc = dt.datetime(2021, 6, 14, 17, 0, tzinfo=dt.UTC)
    assert in_service(TODAY, None, utc, ZONE)
    assert not in_service(TODAY, None, utc, dt.UTC)


def test_every_status_has_a_chinese_label() -> None:
    assert STATUS_LABELS == {
        DeviceStatus.ONLINE: "在线",
        DeviceStatus.OFFLINE: "离线",
        DeviceStatus.NEVER_REPORTED: "从未上报",
        DeviceStatus.OUT_OF_SERVICE: "停用",
    }


def test_the_keepalive_window_is_interval_times_count_each_at_least_one() -> None:
    assert keepalive_window(60, 3) == 180
    assert keepalive_window(30, 4) == 120
    assert keepalive_window(0, 0) == 1


def test_a_device_lapses_when_its_keepalives_stop_for_the_window() -> None:
    assert lapse(1000.0, 4600.0, 60, 3) == Lapse(1180.0, expired=False)
    assert lapse(1000.0, 0.0, 60, 3) == Lapse(1180.0, expired=False)  # no registration


def test_a_registration_that_runs_out_first_is_the_lapse() -> None:
    assert lapse(1000.0, 1100.0, 60, 3) == Lapse(1100.0, expired=True)
    assert lapse(1000.0, 1180.0, 60, 3) == Lapse(1180.0, expired=True)  # same moment: expired


def test_a_registration_over_before_the_device_was_heard_does_not_count() -> None:
    # revived by a keepalive alone after its registration ran out: only the window counts
    assert lapse(2000.0, 1100.0, 60, 3) == Lapse(2180.0, expired=False)
    assert lapse(1100.0, 1100.0, 60, 3) == Lapse(1280.0, expired=False)


@pytest.mark.parametrize(("now", "passed"), [(1179.999, False), (1180.0, True), (1180.001, True)])
def test_the_lapse_moment_itself_is_offline(now: float, passed: bool) -> None:
    assert lapse(1000.0, 4600.0, 60, 3).passed(now) is passed
