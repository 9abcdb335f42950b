"""DeviceRepo.enrol: devices first heard of, added in one go (a registration burst).

The SIP platform's first registrations go through it: every new id is added, stored ids
(deleted or not) are left as they are, and the daily rollup stays in step with the direct
computation, also for devices enrolled under a group that already has a maintenance window.
"""

from __future__ import annotations

import datetime as dt

from jixiao.services import corrections
from jixiao.services.web_ports import WebStore
from tests.contract.rollup_checks import A, B, C, D, assert_same
from tests.contract.rollup_checks import import_devices_of as _devices
from tests.contract.rollup_checks import import_rows as _import
from tests.scenario import add_maintenance, device, moment

GB = "国标设备"


def test_new_ids_are_added_and_stored_ones_left_alone(store: WebStore) -> None:
    _devices(store, device(A, "东门", ("天网",)), device(B, "西门", ("天网",)))
    with store.write() as repos:
        corrections.delete_device(repos, B, "误入", actor="张三", now=0)
    with store.write() as repos:
        keys = repos.devices.enrol(
            [
                device(A, A, (GB,)),  # stored: keeps its name and groups
                device(B, B, (GB,)),  # deleted: its id stays taken
                device(C, "第一次", (GB,)),
                device(C, "第二次", (GB,)),  # the same id again: the first is kept
                device(D, D, (GB, GB)),
            ]
        )
        assert sorted(keys) == [C, D]
        assert repos.devices.keys([A, B, C, D]) == {A: repos.devices.keys([A])[A], **keys}
    with store.read() as repos:
        found = {s.device.device_id.value: s.device for s in repos.devices.select()}
        assert list(repos.devices.deleted_keys([B])) == [B]
        assert repos.devices.groups() == {GB: 2, "天网": 1}
    assert (found[A].name, found[A].groups) == ("东门", ("天网",))
    assert (found[C].name, found[C].groups) == ("第一次", (GB,))
    assert found[D].groups == (GB,)
    with store.write() as repos:
        assert repos.devices.enrol([device(C, C, (GB,))]) == {}
        assert repos.devices.enrol([]) == {}


def test_enrolled_devices_keep_the_rollup_in_step(store: WebStore) -> None:
    _devices(store, device(A, "东门", ("天网", GB)))
    add_maintenance(store, moment(2, 6), moment(3, 6), "检修", group=GB)
    add_maintenance(store, moment(4), moment(4, 12), "检修", group="天网")
    with store.write() as repos:
        repos.devices.enrol(
            [
                device(B, B, (GB,)),
                device(C, C, (GB,)),
                device(D, D, (GB, "天网"), commissioned=dt.date(2021, 3, 3)),
            ]
        )
    _import(
        store,
        (A, moment(1, 8), True),
        (B, moment(1, 9), True),
        (B, moment(2, 20), False),
        (D, moment(3, 12), True),
    )
    assert_same(store, groups=(None, GB, "天网"))
    with store.write() as repos:  # more of them, after status changes were stored
        repos.devices.enrol([device(f"640323000013200000{n}", "", (GB,)) for n in (21, 22, 23)])
    assert_same(store, groups=(None, GB, "天网"))
