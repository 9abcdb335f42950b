"""services/tickets.py through the application: tickets from outages, imports refused row by
row, approvals, and the time approved exemptions excuse (the hand-computed day of day.py)."""

from __future__ import annotations

import asyncio
import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from jixiao.adapters.files import files
from jixiao.adapters.memory import MemoryStore
from jixiao.cli.serve import keep_tickets
from jixiao.domain.availability import Span, local_days
from jixiao.domain.errors import InputError
from jixiao.domain.tickets import ExemptionCategory, TicketSource, outages
from jixiao.services.application import Application
from jixiao.services.monitoring import AvailabilityQuery, Method
from jixiao.services.ports import KeyedChange
from jixiao.services.tickets import availability, excused_in, exempted_seconds
from tests.scenario import ZONE, device, seconds
from tests.unit.services.day import DAY, A, B, H, two_devices

LATER = seconds(31)  # the clock: 2021-03-31 00:00


@pytest.fixture
def app(store: MemoryStore) -> Application:
    two_devices(store)
    return Application(files(), ZONE, lambda: LATER, lambda: store)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "工单.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_outages_are_the_offline_runs_after_the_first_report() -> None:
    assert outages([(1, False), (5, True), (9, False)]) == [(1, 5), (9, None)]
    assert outages([(1, True), (2, True), (4, False), (6, False), (8, True)]) == [(4, 8)]


def test_sync_opens_a_ticket_per_long_outage_and_is_idempotent(app: Application) -> None:
    # A is offline 06:00–18:00 on 03-01 (12 h); B never went offline after reporting.
    first = app.sync_tickets(threshold_minutes=30, actor="cli")
    assert (first.opened, first.closed) == (1, 0)
    again = app.sync_tickets(threshold_minutes=30, actor="cli")
    assert (again.opened, again.closed) == (0, 0)
    [ticket] = app.list_tickets()
    assert (ticket.device_id, ticket.opened, ticket.verified) == (
        A,
        seconds(1, 6),
        seconds(1, 18),
    )
    assert ticket.source is TicketSource.SYNC and ticket.closed
    assert app.list_tickets(open_only=True) == []
    # 12 h is not longer than 720 minutes: no ticket from a sync with that threshold
    store = MemoryStore()
    two_devices(store)
    other = Application(files(), ZONE, lambda: LATER, lambda: store)
    assert other.sync_tickets(threshold_minutes=720, actor="cli").opened == 0


def test_an_import_with_chinese_headers_and_an_approved_exemption(
    app: Application, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "设备编码,报修时间,响应时间,修复时间,故障原因,免责开始,免责结束,免责原因,审批人\n"
        f"{A},2021-03-01 06:00,2021-03-01 07:00,2021-03-01 18:00,停电,"
        "2021-03-01 06:00,2021-03-01 10:00,停电（供电所检修）,张科长\n",
    )
    assert app.import_tickets(path, actor="cli") == (1, 1, 0)
    assert app.import_tickets(path, actor="cli") == (1, 0, 1)  # the same ticket replaced
    [ticket] = app.list_tickets()
    assert ticket.exemption is not None
    assert ticket.exemption.category is ExemptionCategory.POWER
    assert (ticket.exemption.approved_by, ticket.exemption.approved_at) == ("张科长", LATER)
    # the sync now finds A's outage covered by the imported ticket
    assert app.sync_tickets(threshold_minutes=30, actor="cli").opened == 0
    days = local_days(DAY, DAY, ZONE)
    with app.reading() as repos:
        devices = repos.devices.select(group="天网")
        assert exempted_seconds(repos, devices, days, ZONE) == [4 * H]
    withdrawn = app.set_approval(ticket.id, approve=False, actor="admin")
    assert withdrawn.exemption is not None and not withdrawn.exemption.approved
    with app.reading() as repos:
        assert exempted_seconds(repos, devices, days, ZONE) == [0]
    app.set_approval(ticket.id, approve=True, actor="admin")
    [again] = app.list_tickets()
    assert again.exemption is not None and again.exemption.approved_by == "admin"


def test_an_exemption_in_maintenance_is_not_excused_twice(app: Application, tmp_path: Path) -> None:
    # B: offline until 12:00 (first report), group maintenance 14–16; a ticket from 08:00 to
    # 13:00 with its whole outage exempted excuses 08–12 only (online from 12:00).
    path = write(
        tmp_path,
        "device_id,opened,repaired,exempt_from,exempt_to,exempt_reason,approved_by\n"
        f"{B},2021-03-01 08:00,2021-03-01 13:00,2021-03-01 08:00,2021-03-01 13:00,道路施工,李主任\n",
    )
    app.import_tickets(path, actor="cli")
    with app.reading() as repos:
        devices = repos.devices.select()
        assert exempted_seconds(repos, devices, local_days(DAY, DAY, ZONE), ZONE) == [4 * H]


def test_bad_rows_are_refused_by_row_and_nothing_is_saved(app: Application, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "device_id,opened,repaired,exempt_from,exempt_to,exempt_reason\n"
        f"{A},2021-03-02 10:00,2021-03-02 09:00,,,\n"
        f"{A},2021-03-03 10:00,2021-03-03 12:00,2021-03-03 11:00,2021-03-03 13:00,停电\n"
        f"{B},2021-03-04 10:00,2021-03-04 20:00,,,\n"
        f"{B},2021-03-04 12:00,2021-03-04 14:00,,,\n",
    )
    with pytest.raises(InputError) as caught:
        app.import_tickets(path, actor="cli")
    assert [(p.line, p.field, p.message) for p in caught.value.problems] == [
        (2, "repaired（修复时间）", "修复时间早于报修时间"),
        (3, "exempt_from（免责开始）", "免责时段超出了故障时段（报修至修复）"),
    ]
    good_then_overlap = write(
        tmp_path,
        "device_id,opened,repaired\n"
        f"{B},2021-03-04 10:00,2021-03-04 20:00\n"
        f"{B},2021-03-04 12:00,2021-03-04 14:00\n",
    )
    with pytest.raises(InputError) as caught:
        app.import_tickets(good_then_overlap, actor="cli")
    assert [(p.line, p.field) for p in caught.value.problems] == [(3, "opened（报修时间）")]
    assert "第2行" in caught.value.problems[0].message
    assert app.list_tickets() == []


def test_the_excused_time_is_split_by_bucket(app: Application, tmp_path: Path) -> None:
    # A is offline 06:00–18:00, all of it exempted: split at noon, 6 h on each side.
    path = write(
        tmp_path,
        "device_id,opened,exempt_from,exempt_to,exempt_reason,approved_by\n"
        f"{A},2021-03-01 06:00,2021-03-01 06:00,2021-03-01 18:00,不可抗力,李主任\n",
    )
    app.import_tickets(path, actor="cli")
    with app.reading() as repos:
        devices = repos.devices.select()
        spans = [Span(seconds(1), seconds(1, 12)), Span(seconds(1, 12), seconds(2))]
        assert exempted_seconds(repos, devices, spans, ZONE) == [6 * H, 6 * H]


def test_the_availability_report_gives_both_rates_with_the_rule(
    app: Application, store: MemoryStore, tmp_path: Path
) -> None:
    # 天网: online 22 h of 46 h expected; A's 06:00–10:00 excused: corrected 22/42.
    path = write(
        tmp_path,
        "device_id,opened,repaired,exempt_from,exempt_to,exempt_reason,approved_by\n"
        f"{A},2021-03-01 06:00,2021-03-01 18:00,2021-03-01 06:00,2021-03-01 10:00,停电,张科长\n",
    )
    query = AvailabilityQuery(DAY, DAY, group="天网")
    before = availability(store, query, ZONE)
    assert (before.total.rate, before.corrected_rate, before.exempted_s) == (
        Fraction(22, 46),
        Fraction(22, 46),
        0,
    )
    app.import_tickets(path, actor="cli")
    report = availability(store, query, ZONE)
    assert (report.total.rate, report.corrected_rate, report.exempted_s) == (
        Fraction(22, 46),
        Fraction(22, 42),
        4 * H,
    )
    assert report.citation().endswith("；修正在线率52.38%（另剔除已批准免责4.0小时）")
    assert report.corrected_citation().startswith("修正在线率52.38%：已批准的工单免责")
    sampled = availability(store, AvailabilityQuery(DAY, DAY, Method.SAMPLE, "天网"), ZONE)
    assert sampled.corrected_rate is None


def test_an_incremental_sync_looks_at_devices_changed_since_or_offline(
    app: Application, store: MemoryStore
) -> None:
    # A's 03-01 outage ended before `since`: an incremental sync leaves it to a full one.
    # B goes offline on 03-02 and is still down: the incremental sync opens its ticket.
    with store.write() as repos:
        key = repos.devices.keys([B])[B]
        repos.statuses.append([KeyedChange(key, seconds(2), False)], source="test")
    first = app.sync_tickets(threshold_minutes=30, actor="cli", since=seconds(3))
    assert (first.opened, [t.device_id for t in app.list_tickets()]) == (1, [B])
    assert app.sync_tickets(threshold_minutes=30, actor="cli").opened == 1  # A's, in full


def test_serving_keeps_tickets_in_step(app: Application) -> None:
    async def one_round() -> None:
        keeper = asyncio.create_task(keep_tickets(app, 30, every_s=0.01))
        await asyncio.sleep(0.2)
        keeper.cancel()

    asyncio.run(one_round())
    assert [t.device_id for t in app.list_tickets()] == [A]


def test_the_excused_time_reads_only_the_exempted_devices_with_the_same_figures(
    app: Application, tmp_path: Path
) -> None:
    # A excused 06–10 (4 h offline); B excused 08–13, offline until 12 (4 h, as above).
    # Each group's figure is what the whole group's devices give, read or not.
    path = write(
        tmp_path,
        "device_id,opened,repaired,exempt_from,exempt_to,exempt_reason,approved_by\n"
        f"{A},2021-03-01 06:00,2021-03-01 18:00,2021-03-01 06:00,2021-03-01 10:00,停电,张科长\n"
        f"{B},2021-03-01 08:00,2021-03-01 13:00,2021-03-01 08:00,2021-03-01 13:00,道路施工,李主任\n",
    )
    app.import_tickets(path, actor="cli")
    [day] = local_days(DAY, DAY, ZONE)
    with app.reading() as repos:
        for group, expected in ((None, 8 * H), ("天网", 8 * H), ("地网", 4 * H), ("无", 0)):
            whole = repos.devices.select(group=group)
            assert excused_in(repos, group, day, ZONE) == expected
            assert exempted_seconds(repos, whole, [day], ZONE) == [expected]
        assert excused_in(repos, None, Span(seconds(2), seconds(3)), ZONE) == 0


def test_a_sync_stops_at_the_end_of_service_and_leaves_deleted_devices_out(
    app: Application, store: MemoryStore
) -> None:
    # All three down since 03-02 and still: 丙 decommissioned on 03-05 (its outage began in
    # service: a ticket); 丁 decommissioned on 03-01 (down after its service: none); 戊 was
    # deleted (none).
    c, d, e = "31010000001320000003", "31010000001320000004", "31010000001320000005"
    with store.write() as repos:
        repos.devices.upsert(
            [
                device(c, "丙", ("天网",), decommissioned=dt.date(2021, 3, 5)),
                device(d, "丁", ("天网",), decommissioned=dt.date(2021, 3, 1)),
                device(e, "戊", ("天网",)),
            ]
        )
        keys = repos.devices.keys([c, d, e])
        repos.statuses.append(
            [KeyedChange(keys[x], seconds(1), True) for x in (c, d, e)]
            + [KeyedChange(keys[x], seconds(2), False) for x in (c, d, e)],
            source="test",
        )
        repos.devices.set_deleted(keys[e], 5)
    first = app.sync_tickets(threshold_minutes=30, actor="cli", since=seconds(3))
    assert (first.opened, [t.device_id for t in app.list_tickets()]) == (1, [c])
