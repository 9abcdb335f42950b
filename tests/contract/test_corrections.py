"""Corrections (更正) on every store: a deleted device, maintenance window or status record
leaves the online rate, the lists and the daily rollup; a restore brings it back."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from jixiao.domain.availability import Span
from jixiao.services import corrections
from jixiao.services.inventory import Numbered, RowsRejected
from jixiao.services.monitoring import AvailabilityQuery, availability
from jixiao.services.web_errors import NotFound
from jixiao.services.web_ports import Deletion, WebStore
from tests.contract.rollup_checks import assert_same
from tests.scenario import EAST, WEST, ZONE, county, device, import_devices, moment

H = 3600
MARCH_1, MARCH_4 = dt.date(2021, 3, 1), dt.date(2021, 3, 4)
NOW = 1_700_000_000


def _dinet(store: WebStore) -> tuple[Fraction, int, int]:
    """The 地网 rate over March 1–4: (rate, devices, maintenance hours)."""
    report = availability(store, AvailabilityQuery(MARCH_1, MARCH_4, group="地网"), ZONE)
    assert report.total.rate is not None
    return report.total.rate, report.total.devices, report.maintenance_s // H


def _restore(store: WebStore, deletion: Deletion) -> Deletion:
    with store.write() as repos:
        return corrections.restore(repos, deletion.id, actor="管理员", now=NOW + 60)


def test_a_deleted_device_leaves_the_rate_lists_and_rollup_until_restored(
    store: WebStore,
) -> None:
    county(store)
    assert _dinet(store) == (Fraction(132, 140), 2, 4)
    with store.write() as repos:
        deletion = corrections.delete_device(repos, WEST, " 演示数据误入 ", actor="张三", now=NOW)
    # only east is left: day 1 online 18 of 20 h (4 h maintenance), then 24 of 24 each day
    assert _dinet(store) == (Fraction(90, 92), 1, 4)
    with store.read() as repos:
        assert WEST not in {s.device.device_id.value for s in repos.devices.select()}
        assert repos.devices.keys([WEST]) == {}
        assert list(repos.devices.deleted_keys([WEST, EAST])) == [WEST]
        assert repos.devices.groups() == {"地网": 1, "天网": 3}
        assert WEST not in repos.presence.device_ids().values()
        assert repos.corrections.pending() == [deletion]
        entry = repos.audit.page(entity="device", limit=10)[0][0]
    assert (deletion.entity, deletion.target, deletion.reason) == ("device", WEST, "演示数据误入")
    assert (deletion.actor, deletion.at, deletion.label) == ("张三", NOW, f"设备{WEST} 西门")
    assert (entry.action, entry.target, entry.username) == ("delete", WEST, "张三")
    assert_same(store)
    restored = _restore(store, deletion)
    assert (restored.restored_by, restored.restored_at) == ("管理员", NOW + 60)
    assert _dinet(store) == (Fraction(132, 140), 2, 4)
    with store.read() as repos:
        assert repos.corrections.pending() == []
    assert_same(store)


def test_a_deleted_device_cannot_be_imported_again_until_restored(store: WebStore) -> None:
    county(store)
    with store.write() as repos:
        corrections.delete_device(repos, WEST, "编码录错", actor="张三", now=NOW)
    with pytest.raises(RowsRejected) as refused:
        import_devices(store, [Numbered(7, device(WEST, "西门", ("地网",)))])
    (problem,) = refused.value.problems
    assert (problem.line, problem.field) == (7, "device_id")
    assert "已删除" in problem.message


def test_a_deleted_maintenance_window_counts_as_downtime_again(store: WebStore) -> None:
    county(store)
    with store.read() as repos:
        (window,) = repos.maintenance.overlapping(Span(0, 2**40))
    with store.write() as repos:
        deletion = corrections.delete_window(
            repos, window.id, "登记错了", zone=ZONE, actor="张三", now=NOW
        )
    # day 1: east expected 24 h, online 8 + 12 h; the other days as before
    assert _dinet(store) == (Fraction(134, 144), 2, 0)
    with store.read() as repos:
        assert repos.maintenance.get(window.id) is None
        assert repos.maintenance.get(window.id, deleted=True) == window
    assert "维护窗口 #" in deletion.label and "2021-03-01 10:00至2021-03-01 14:00" in deletion.label
    assert_same(store)
    _restore(store, deletion)
    assert _dinet(store) == (Fraction(132, 140), 2, 4)
    assert_same(store)


def test_an_edited_maintenance_window_is_the_one_the_rate_uses(store: WebStore) -> None:
    county(store)
    with store.read() as repos:
        (window,) = repos.maintenance.overlapping(Span(0, 2**40))
    with store.write() as repos:
        corrections.edit_window(
            repos,
            window.id,
            start=moment(1, 8),
            end=moment(1, 12),
            reason="断电抢修",
            zone=ZONE,
            actor="张三",
            now=NOW,
        )
        entry = repos.audit.page(entity="maintenance", limit=10)[0][0]
    # east's outage 08:00–12:00 is all inside the window: day 1 online 20 of 20 h
    assert _dinet(store) == (Fraction(134, 140), 2, 4)
    assert entry.action == "update"
    assert '"原因": "光缆迁改"' in (entry.before or "") and '"原因": "断电抢修"' in (
        entry.after or ""
    )
    assert_same(store)


def test_a_deleted_status_record_leaves_the_history_and_comes_back(store: WebStore) -> None:
    county(store)
    with store.write() as repos:
        deletion = corrections.delete_status(
            repos, EAST, moment(1, 8), "误报", zone=ZONE, actor="张三", now=NOW
        )
    # without its 08:00 offline record east is online all of day 1: 20 of 20 h
    assert _dinet(store) == (Fraction(134, 140), 2, 4)
    assert deletion.label == f"状态记录 设备{EAST} 2021-03-01 08:00:00 离线"
    assert_same(store)
    _restore(store, deletion)
    assert _dinet(store) == (Fraction(132, 140), 2, 4)
    assert_same(store)


def test_a_deletion_needs_a_reason_and_a_restore_happens_once(store: WebStore) -> None:
    county(store)
    with store.write() as repos, pytest.raises(corrections.CorrectionRefused):
        corrections.delete_device(repos, WEST, "  ", actor="张三", now=NOW)
    with store.write() as repos:
        deletion = corrections.delete_device(repos, WEST, "误入", actor="张三", now=NOW)
    _restore(store, deletion)
    with pytest.raises(NotFound):
        _restore(store, deletion)
