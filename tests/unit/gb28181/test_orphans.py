"""Several access nodes: the devices a dead node leaves behind are recorded offline as of
their stored lapse, and only when two sweeps agree; a node's own devices are never taken."""

from __future__ import annotations

from jixiao.adapters.gb28181.orphans import Orphans
from jixiao.adapters.gb28181.session import Cause, Seen, StatusChanged
from jixiao.services.ports import Presence
from jixiao.services.presence import Restored, Transition

DEVICE = "34020000001180000001"
OTHER = "34020000001180000002"
CHANNEL = "34020000001310000001"


def _device(device_id: str, last_seen: int, *, online: bool | None = True) -> Restored:
    presence = Presence(1, transport="udp", host="10.0.0.1", port=5060, last_seen=last_seen)
    return Restored(device_id, online, presence)


def _channel(parent: str, *, online: bool | None = True) -> Restored:
    return Restored(CHANNEL, online, Presence(2, parent_id=parent))


def test_an_orphan_goes_offline_as_of_its_lapse_when_two_sweeps_find_it() -> None:
    orphans = Orphans(interval=60, count=3, margin=21, every=30)
    stored = [_device(DEVICE, 1000), _channel(DEVICE)]
    nobody = lambda _: None  # noqa: E731
    # lapse 1000 + 180 = 1180; within the margin (1180 + 21 = 1201) it is not taken
    assert orphans.sweep(stored, nobody, 1201.0) == []
    assert orphans.sweep(stored, nobody, 1230.0) == []  # found once: a candidate
    assert orphans.sweep(stored, nobody, 1260.0) == [
        Transition(DEVICE, 1180, False, "keepalive-timeout"),
        Transition(CHANNEL, 1180, False, "parent-offline"),
    ]


def test_a_device_heard_again_between_sweeps_is_not_taken() -> None:
    orphans = Orphans(interval=60, count=3, margin=21, every=30)
    nobody = lambda _: None  # noqa: E731
    assert orphans.sweep([_device(DEVICE, 1000)], nobody, 1230.0) == []
    # another node stored a keepalive meanwhile (it came back there), then lost it again
    assert orphans.sweep([_device(DEVICE, 1010)], nobody, 1260.0) == []


def test_a_registration_running_out_first_is_the_lapse() -> None:
    orphans = Orphans(interval=60, count=3, margin=0, every=30)
    presence = Presence(1, transport="udp", host="h", last_seen=1000, registered_until=1100)
    stored = [Restored(DEVICE, True, presence)]
    orphans.sweep(stored, lambda _: None, 1200.0)
    assert orphans.sweep(stored, lambda _: None, 1201.0) == [
        Transition(DEVICE, 1100, False, "registration-expired")
    ]


def test_a_node_never_takes_what_it_holds_online_or_what_is_stored_offline() -> None:
    orphans = Orphans(interval=60, count=3, margin=0, every=30)
    stored = [_device(DEVICE, 1000), _device(OTHER, 1000, online=False)]
    own = {DEVICE: True}.get  # online here (its last-seen time not yet stored)
    for now in (2000.0, 2100.0, 2200.0):
        assert orphans.sweep(stored, own, now) == []


def test_its_own_online_device_stored_offline_twice_is_recorded_online_again() -> None:
    """A device swept just as it came back on this node: online again at the second sweep."""
    orphans = Orphans(interval=60, count=3, margin=0, every=30)
    stored = [_device(DEVICE, 1000, online=False)]
    mine = {DEVICE: True}.get
    assert orphans.sweep(stored, mine, 1300.0) == []  # maybe not yet flushed: wait
    assert orphans.sweep(stored, mine, 1330.0) == [Transition(DEVICE, 1330, True, "register")]


LAPSE = StatusChanged(DEVICE, 1180.0, False, Cause.TIMEOUT)
CHANNEL_OFF = StatusChanged(CHANNEL, 1180.0, False, Cause.PARENT_OFFLINE)


def test_a_lapse_here_is_held_and_recorded_first_if_the_device_comes_back_here() -> None:
    orphans = Orphans(interval=60, count=3, margin=0, every=30)
    seen = Seen(OTHER, 1180.0)
    assert orphans.filter([LAPSE, CHANNEL_OFF, seen], lambda _: 1000.0) == [seen]
    back = StatusChanged(DEVICE, 1300.0, True, Cause.REGISTER)
    assert orphans.filter([back], lambda _: 1000.0) == [LAPSE, CHANNEL_OFF, back]
    assert orphans.held == {}
    unregister = StatusChanged(DEVICE, 1400.0, False, Cause.UNREGISTER)  # not a lapse
    assert orphans.filter([unregister], lambda _: 1300.0) == [unregister]


def test_a_held_lapse_of_a_device_heard_on_another_node_is_dropped() -> None:
    """The device moved (a missed probe, a node back): the node it left records nothing."""
    orphans = Orphans(interval=60, count=3, margin=0, every=30)
    orphans.filter([LAPSE, CHANNEL_OFF], lambda _: 1000.0)
    stored = [_device(DEVICE, 1170), _channel(DEVICE)]  # another node heard it at 1170
    mine = {DEVICE: False}.get
    assert orphans.sweep(stored, mine, 1300.0) == []
    assert orphans.held == {}
    assert orphans.sweep(stored, mine, 1330.0) == []  # not an orphan either
    # it comes back here later: nothing held, so no offline from the old lapse
    back = StatusChanged(DEVICE, 1400.0, True, Cause.REGISTER)
    assert orphans.filter([back], lambda _: 1000.0) == [back]


def test_a_held_lapse_of_a_silent_device_is_recorded_by_the_sweep() -> None:
    orphans = Orphans(interval=60, count=3, margin=0, every=30)
    orphans.filter([LAPSE, CHANNEL_OFF], lambda _: 1000.0)
    stored = [_device(DEVICE, 1000), _channel(DEVICE)]  # nobody heard it since
    mine = {DEVICE: False}.get
    assert orphans.sweep(stored, mine, 1200.0) == []
    assert orphans.sweep(stored, mine, 1230.0) == [
        Transition(DEVICE, 1180, False, "keepalive-timeout"),
        Transition(CHANNEL, 1180, False, "parent-offline"),
    ]
    assert orphans.held == {}
