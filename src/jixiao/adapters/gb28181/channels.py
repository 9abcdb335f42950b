"""Channels (通道): the cameras a device lists in its catalog, and their status.

A channel's status comes from the catalog (its Status, taken only while its device is online,
i.e. not lapsed: `DeviceSession.online_at`), from catalog NOTIFY events, and from its parent:
when a front-end device (type code < 200) goes offline its channels go with it; channels under
a lower platform (2xx) keep what that platform's catalog and NOTIFYs said. A channel belongs
to the device that first listed it: another device's catalog or NOTIFY about it is ignored
(a security event), so one device cannot set or enrol another's cameras.
Only video front-end types and platforms become channels; organisation nodes (civil codes,
business groups 215, virtual organisations 216) and non-video peripherals do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jixiao.adapters.gb28181.events import Enrol, Output
from jixiao.adapters.gb28181.manscdp import CatalogItem
from jixiao.adapters.gb28181.session import Cause, DeviceSession, StatusChanged
from jixiao.domain.devices import DeviceError, GbId

NOTIFY_EVENTS = {
    "ON": (True, Cause.NOTIFY_ON),
    "OFF": (False, Cause.NOTIFY_OFF),
    "VLOST": (False, Cause.NOTIFY_VLOST),
    "DEFECT": (False, Cause.NOTIFY_DEFECT),
    "DEL": (False, Cause.NOTIFY_DEL),
}
# Front-end types that carry video (DVR…NVR…camera, mobile transmission) and platforms (2xx).
VIDEO_TYPES = frozenset([*range(111, 133), 138, *range(200, 215), *range(217, 300)])


@dataclass(slots=True)
class Channel:
    parent: str
    online: bool | None = None


class Channels:
    def __init__(self, realm: str, sessions: dict[str, DeviceSession]) -> None:
        self.realm, self.sessions = realm, sessions
        self.by_id: dict[str, Channel] = {}
        self._foreign: list[tuple[str, str]] = []  # (sender, channel) refused, for the caller

    def take_foreign(self) -> list[tuple[str, str]]:
        taken, self._foreign = self._foreign, []
        return taken

    def restore(self, channel_id: str, parent: str, online: bool | None) -> None:
        self.by_id[channel_id] = Channel(parent, online)
        if parent in self.sessions:
            self.sessions[parent].channels.add(channel_id)

    def listed(self, device_id: str, items: Iterable[CatalogItem], now: float, out: Output) -> None:
        """Catalog items from `device_id` (a response, or an ADD/UPDATE notify)."""
        session = self.sessions.get(device_id)
        for item in items:
            channel = self._of(device_id, item)
            if channel is None:
                continue
            out.events.append(
                Enrol(
                    item.device_id,
                    item.name,
                    parent_id=channel.parent,
                    civil_code=item.civil_code,
                    point_type=item.point_type,
                    vendor=item.manufacturer,
                    model=item.model,
                    address=item.address,
                    ip=item.ip,
                    port=item.port,
                )
            )
            if item.status is not None and session is not None and session.online_at(now):
                self._set(item.device_id, channel, item.status, now, Cause.CATALOG, out)

    def notified(self, device_id: str, item: CatalogItem, now: float, out: Output) -> None:
        """One item of a catalog NOTIFY: ON/OFF/VLOST/DEFECT/DEL change the status."""
        change = NOTIFY_EVENTS.get(item.event)
        if item.event in ("ADD", "UPDATE") or change is None:
            self.listed(device_id, [item], now, out)
            return
        channel = self._of(device_id, item)
        if channel is not None:
            self._set(item.device_id, channel, change[0], now, change[1], out)

    def parent_offline(self, session: DeviceSession, at: float, out: Output) -> None:
        if int(session.device_id[10:13]) >= 200:
            return
        for channel_id in session.channels:
            channel = self.by_id.get(channel_id)
            if channel is not None and channel.parent == session.device_id:
                self._set(channel_id, channel, False, at, Cause.PARENT_OFFLINE, out)

    def _of(self, device_id: str, item: CatalogItem) -> Channel | None:
        """The channel of a catalog item; None for nodes, peripherals and devices themselves."""
        if item.device_id == device_id or item.device_id in self.sessions:
            return None
        try:
            gb = GbId.parse(item.device_id)
        except DeviceError:
            return None
        if gb.type_code not in VIDEO_TYPES:
            return None
        channel = self.by_id.get(item.device_id)
        parent = item.parent_id
        if channel is not None and channel.parent != device_id:
            channel = None  # a device speaks only for its own channels
        elif channel is None and parent != device_id and parent in self.sessions:
            pass  # claims to be another registered device's channel
        elif channel is None:
            # the sender is the parent (Hikvision puts the platform's domain in ParentID; a
            # lower platform's org nodes are not devices here)
            channel = Channel(device_id)
            self.by_id[item.device_id] = channel
            if device_id in self.sessions:
                self.sessions[device_id].channels.add(item.device_id)
        if channel is None:
            if len(self._foreign) < 10_000:
                self._foreign.append((device_id, item.device_id))
            return None
        return channel

    @staticmethod
    def _set(
        channel_id: str, channel: Channel, online: bool, at: float, cause: Cause, out: Output
    ) -> None:
        if channel.online is not online:
            channel.online = online
            out.events.append(StatusChanged(channel_id, at, online, cause))
