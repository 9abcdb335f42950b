"""services/om_lists.py and the rate table by area, on the county of tests/scenario.py, with
figures worked out by hand; and the 在线率统计表 / 离线设备清单 Excel read back."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from jixiao.adapters.memory import MemoryStore
from jixiao.domain.errors import DomainError
from jixiao.domain.status import DeviceStatus
from jixiao.services.application import Application
from jixiao.services.dashboard import overview
from jixiao.services.device_views import Dimension, Period, rate_table
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import (
    AvailabilityQuery,
    Breakdown,
    Method,
    StatusRow,
    compute_availability,
)
from jixiao.services.om_lists import (
    OfflineFilter,
    WindowFilter,
    device_choices,
    offline_list,
    window_list,
)
from tests.integration.reports.test_forms import assert_no_clipped_cell
from tests.scenario import EAST, NVR, WEST, ZONE, county, import_status, moment

H = 3600


@pytest.fixture
def fault(store: MemoryStore) -> MemoryStore:
    """The county, and East off again on the 4th at 21:30 (光缆被挖断)."""
    county(store)
    row = StatusRow(EAST, moment(4, 21.5), False, "光缆被挖断")
    import_status(store, [Numbered(2, row)], source="fault.csv")
    return store


def test_the_offline_list_never_reported_first_then_the_longest_with_cause(
    fault: MemoryStore,
) -> None:
    # at the 5th 09:00: NVR never reported; East offline since 4th 21:30, 11.5 h; West online
    # since the 3rd; Old decommissioned on the 2nd (停用, not a fault)
    with fault.read() as repos:
        found = offline_list(repos, OfflineFilter(), moment(5, 9), ZONE)
    assert found.total == 2 and found.pages == 1
    never, east = found.rows
    assert (never.device_id, never.status, never.since, never.seconds) == (
        NVR,
        DeviceStatus.NEVER_REPORTED,
        None,
        None,
    )
    assert (east.device_id, east.since, east.seconds, east.cause) == (
        EAST,
        moment(4, 21.5),
        int(11.5 * H),
        "光缆被挖断",
    )
    assert east.area == "花马池镇" and east.groups == ("地网", "天网")


def test_the_offline_list_filters_and_pages(fault: MemoryStore) -> None:
    at = moment(5, 9)
    with fault.read() as repos:
        by_area = offline_list(repos, OfflineFilter(area="县城"), at, ZONE)
        by_group = offline_list(repos, OfflineFilter(group="地网"), at, ZONE)
        by_text = offline_list(repos, OfflineFilter(q="东门"), at, ZONE)
        second = offline_list(repos, OfflineFilter(page=2, per_page=1), at, ZONE)
        beyond = offline_list(repos, OfflineFilter(page=9, per_page=1), at, ZONE)
        with pytest.raises(DomainError, match="没有区域为“无此镇”的设备；已有区域：县城、花马池镇"):
            offline_list(repos, OfflineFilter(area="无此镇"), at, ZONE)
    assert [r.device_id for r in by_area.rows] == [NVR]
    assert [r.device_id for r in by_group.rows] == [EAST]
    assert [r.device_id for r in by_text.rows] == [EAST]
    assert (second.total, second.pages, [r.device_id for r in second.rows]) == (2, 2, [EAST])
    assert beyond.page == 2  # a page past the end shows the last


def test_rates_by_area_of_the_first_day(application: Application, store: MemoryStore) -> None:
    # the 1st: East online 0–8 and 12–24, maintenance 10–14 (地网): 18 h of 20 expected;
    # West not yet commissioned. 县城: NVR 0 of 24 h, Old (decommissioned the 2nd) 24 of 24.
    county(store)
    day = dt.date(2021, 3, 1)
    m = application.rate_table(day, day, dimension=Dimension.AREA)
    assert list(m.series) == ["全部", "县城", "花马池镇"]
    assert m.totals == {
        "全部": Fraction(42, 68),
        "县城": Fraction(1, 2),
        "花马池镇": Fraction(9, 10),
    }
    assert m.devices == {"全部": 3, "县城": 2, "花马池镇": 1}
    assert (m.total_rows["花马池镇"].online_s, m.total_rows["花马池镇"].expected_s) == (
        18 * H,
        20 * H,
    )
    month = application.rate_table(day, day, period=Period.MONTH, dimension=Dimension.AREA)
    assert month.keys == ["2021-03"] and month.series["县城"] == [Fraction(1, 2)]
    only = application.rate_table(day, day, dimension=Dimension.AREA, names=["县城"])
    assert list(only.series) == ["全部", "县城"]


def test_the_rates_export_holds_the_page_figures(
    application: Application, store: MemoryStore, tmp_path: Path
) -> None:
    county(store)
    day = dt.date(2021, 3, 1)
    m = application.rate_table(day, day, dimension=Dimension.AREA)
    [out] = application.write_rates(m, {"xlsx": tmp_path / "rates.xlsx"})
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = [[c for c in r if c is not None] for r in sheet.iter_rows(values_only=True)]
    assert ["全期", "花马池镇", 1, 18.0, 20.0, "90%"] in rows
    assert ["2021-03-01", "县城", 2, 24.0, 48.0, "50%"] in rows
    assert ["全期", "全部", 3, 42.0, 68.0, "61.76%"] in rows  # 42/68 = 61.7647…, rounded down
    assert_no_clipped_cell(out)


def test_the_offline_export_lists_every_row(
    application: Application, fault: MemoryStore, tmp_path: Path
) -> None:
    found = application.offline_list(OfflineFilter(per_page=1), everything=True)
    assert len(found.rows) == 2  # not only the first page
    [out] = application.write_offline(found, {"xlsx": tmp_path / "offline.xlsx"})
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = [[c for c in r if c is not None] for r in sheet.iter_rows(values_only=True)]
    assert [NVR, "中心NVR", "县城\n天网", "—", "—", "从未上报", "—"] in rows
    east = next(r for r in rows if r and r[0] == EAST)
    assert east[3:] == ["2021-03-04 21:30", east[4], "离线", "光缆被挖断"]
    assert_no_clipped_cell(out)


def test_an_area_window_covers_each_device_of_the_area_and_is_audited_once(
    application: Application, store: MemoryStore
) -> None:
    county(store)
    ids = application.add_area_maintenance(
        moment(2, 0), moment(2, 6), "线路改造", "花马池镇", actor="ops"
    )
    assert len(ids) == 2
    listed = application.window_list(WindowFilter(q="线路"))
    assert sorted(w.device_id for w in listed.rows) == sorted([EAST, WEST])
    assert {w.hours for w in listed.rows} == {6.0}
    with store.read() as repos:
        [entry] = [e for e in repos.audit.page(limit=10)[0] if "区域" in e.target]
    assert entry.username == "ops" and entry.target.startswith("区域“花马池镇”2台设备")
    with pytest.raises(DomainError, match="没有区域为“无此镇”的设备"):
        application.add_area_maintenance(moment(2), moment(3), "x", "无此镇", actor="ops")
    with pytest.raises(DomainError, match="请写明维护原因"):
        application.add_area_maintenance(moment(2), moment(3), " ", "县城", actor="ops")


def test_the_window_list_filters_newest_first_and_pages(
    application: Application, store: MemoryStore
) -> None:
    county(store)  # a 地网 window on the 1st, 10:00–14:00
    application.add_maintenance(moment(6), moment(7), "设备更换", device_id=NVR, actor="ops")
    every = application.window_list(WindowFilter())
    assert [w.who for w in every.rows] == [f"设备{NVR}", "分组“地网”"]
    assert [w.id for w in application.window_list(WindowFilter(group="地网")).rows] == [
        every.rows[1].id
    ]
    assert application.window_list(WindowFilter(q=NVR[-6:])).total == 1
    with store.read() as repos:
        active = window_list(repos, WindowFilter(active=True), moment(5), ZONE)
        paged = window_list(repos, WindowFilter(page=2, per_page=1), moment(5), ZONE)
    assert [w.device_id for w in active.rows] == [NVR]  # the 1st's window is over by the 5th
    assert (paged.pages, [w.group for w in paged.rows]) == (2, ["地网"])


@pytest.mark.parametrize("dimension", list(Dimension))
@pytest.mark.parametrize("period", list(Period))
def test_the_rate_table_read_once_from_the_rollup_is_each_name_computed_directly(
    fault: MemoryStore, dimension: Dimension, period: Period
) -> None:
    first, last = dt.date(2021, 2, 27), dt.date(2021, 3, 5)
    with fault.read() as repos:
        m = rate_table(repos, ZONE, first, last, period, Method.TIME, dimension)
        assert len(m.series) == 3  # 全部 and two groups or areas
        for name in m.series:
            query = AvailabilityQuery(
                first,
                last,
                by=Breakdown.DAY if period is Period.DAY else Breakdown.MONTH,
                **({} if name == "全部" else {dimension.value: name}),  # type: ignore[arg-type]
            )
            direct = compute_availability(repos, query, ZONE, use_rollup=False)
            assert m.total_rows[name] == direct.total, name
            assert m.rows[name] == direct.rows, name


def test_the_filters_choices_from_the_rollup_are_the_inventory_s(fault: MemoryStore) -> None:
    with fault.read() as repos:
        assert device_choices(repos, ZONE) == (["地网", "天网"], ["县城", "花马池镇"])
        assert device_choices(repos, ZONE) == (list(repos.devices.groups()), repos.devices.areas())
        assert device_choices(repos, dt.UTC) == (
            ["地网", "天网"],
            ["县城", "花马池镇"],
        )  # read whole


def test_the_overview_counts_every_open_fault_and_reads_the_first_in_the_lists_order(
    fault: MemoryStore,
) -> None:
    # at the 5th 09:00 the faults are NVR (never reported) then East (since 4th 21:30)
    every = overview(fault, ZONE, moment(5, 9))
    first = overview(fault, ZONE, moment(5, 9), faults_shown=1)
    none = overview(fault, ZONE, moment(5, 9), faults_shown=0)
    assert [(o.device_id, o.since) for o in every.offline] == [
        (NVR, None),
        (EAST, moment(4, 21.5)),
    ]
    assert [o.device_id for o in first.offline] == [NVR]
    assert none.offline == []
    assert every.offline_count == first.offline_count == none.offline_count == 2
    assert (first.in_service, first.online) == (every.in_service, every.online)
