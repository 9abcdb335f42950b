"""The device list's queries: counted and paged in the store, so a page of 50 devices out of
100,000 reads 50 devices (and one grouped count), never the whole inventory.

Each device's last status (online, offline, never reported) is the status of its latest
stored change: a correlated lookup on the status_change key (device_pk, at), one index seek
per device. What the status now is stays domain.status.current_status's to decide, per tally
line (services/status_now.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, case, exists, false, func, or_, select

from jixiao.adapters.db import tables as t
from jixiao.services.ports import DeviceSelection, DeviceTally, StoredDevice

LIKE_ESCAPE = "\\"


def last_online() -> Any:
    """The online flag of the device's latest status change (NULL: it never reported)."""
    s = t.status_change
    return (
        select(s.c.online)
        .where(s.c.device_pk == t.device.c.pk)
        .order_by(s.c.at.desc())
        .limit(1)
        .correlate(t.device)
        .scalar_subquery()
    )


def _like(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(selection: DeviceSelection, last: Any) -> list[Any]:
    d = t.device.c
    out: list[Any] = [d.deleted_at.is_(None)]  # a device deleted by mistake is in no list
    q = selection.q.strip()
    if q:
        pattern = _like(q)
        columns = (d.device_id, d.name, d.address, d.ip, d.vendor, d.model)
        out.append(or_(*(c.ilike(pattern, escape=LIKE_ESCAPE) for c in columns)))
    if selection.group is not None:
        g = t.device_group
        out.append(d.pk.in_(select(g.c.device_pk).where(g.c.name == selection.group)))
    if selection.area is not None:
        out.append(d.area == selection.area)
    if selection.kind is not None:
        out.append(d.kind == selection.kind.value)
    if selection.lines is not None:
        out.append(_lines(selection.lines, last))
    return out


def _lines(lines: Any, last: Any) -> Any:
    """Devices of the given tally lines (a NULL matches a NULL)."""
    d = t.device.c
    if not lines:
        return false()
    terms = [
        and_(
            last.is_(None) if online is None else last == int(online),
            d.commissioned.is_(None) if commissioned is None else d.commissioned == commissioned,
            d.decommissioned.is_(None)
            if decommissioned is None
            else d.decommissioned == decommissioned,
        )
        for online, commissioned, decommissioned in sorted(lines, key=repr)
    ]
    return or_(*terms)


def tally(c: Connection, selection: DeviceSelection) -> list[DeviceTally]:
    d = t.device.c
    inner = (
        select(
            last_online().label("online"),
            d.commissioned.label("commissioned"),
            d.decommissioned.label("decommissioned"),
        )
        .where(*_conditions(selection, last_online()))
        .subquery()
    )
    query = select(
        inner.c.online, inner.c.commissioned, inner.c.decommissioned, func.count()
    ).group_by(inner.c.online, inner.c.commissioned, inner.c.decommissioned)
    return [
        DeviceTally(None if online is None else bool(online), commissioned, decommissioned, n)
        for online, commissioned, decommissioned, n in c.execute(query)
    ]


def count(c: Connection, selection: DeviceSelection) -> int:
    """How many devices are selected (by what the device is: no status read)."""
    if selection.lines is not None:
        return sum(line.count for line in tally(c, selection))
    query = select(func.count()).select_from(t.device).where(*_conditions(selection, None))
    return int(c.execute(query).scalar_one())


def count_by_life(
    c: Connection, selection: DeviceSelection
) -> dict[tuple[dt.date | None, dt.date | None], int]:
    """`tally` without the status: grouped by service life alone, no status_change read
    (unless the selection names tally lines)."""
    d = t.device.c
    query = (
        select(d.commissioned, d.decommissioned, func.count())
        .where(*_conditions(selection, last_online()))
        .group_by(d.commissioned, d.decommissioned)
    )
    return {(start, end): int(n) for start, end, n in c.execute(query)}


def page_keys(c: Connection, selection: DeviceSelection, offset: int, limit: int) -> list[int]:
    d = t.device.c
    query = (
        select(d.pk)
        .where(*_conditions(selection, last_online()))
        .order_by(d.device_id)
        .offset(offset)
        .limit(limit)
    )
    return [pk for (pk,) in c.execute(query)]


def areas(c: Connection) -> list[str]:
    """The areas of the devices not deleted, one statement: the distinct areas from
    ix_device_area (a seek per area, no device row read), less those whose every device is
    deleted (the deleted keys first, an IN list: the partial ix_device_deleted whatever the
    planner)."""
    d = t.device.c
    gone, live, x = t.device.alias("gone"), t.device.alias("live"), t.device.alias("x")
    deleted = select(x.c.pk).where(x.c.deleted_at.is_not(None))
    alive = exists().where(live.c.area == gone.c.area, live.c.deleted_at.is_(None))
    dead = select(gone.c.area).where(gone.c.pk.in_(deleted), ~alive)
    query = select(d.area).where(d.area != "", d.area.not_in(dead)).distinct().order_by(d.area)
    return [a for (a,) in c.execute(query)]


def by_keys(c: Connection, keys: Sequence[int], read: Any) -> list[StoredDevice]:
    """The devices of `keys` in that order; `read` turns a device row and its groups into a
    Device (the repository's own mapping)."""
    if not keys:
        return []
    g = t.device_group
    groups: dict[int, list[str]] = {}
    memberships = (
        select(g.c.device_pk, g.c.name)
        .where(g.c.device_pk.in_(keys))
        .order_by(g.c.device_pk, g.c.name)
    )
    for pk, name in c.execute(memberships):
        groups.setdefault(pk, []).append(name)
    live = select(t.device).where(t.device.c.pk.in_(keys), t.device.c.deleted_at.is_(None))
    rows = {r.pk: r for r in c.execute(live)}
    return [StoredDevice(k, read(rows[k]._mapping, groups.get(k, []))) for k in keys if k in rows]


def by_last_change(
    c: Connection, selection: DeviceSelection, offset: int, limit: int
) -> list[tuple[int, int | None, bool | None, str]]:
    """(key, at, online, cause) of one page of the selected devices in the offline list's order:
    never reported first, then by their last change, oldest first. One query: the last
    change's time is a seek per device on ix_status_change_last, its cause one more for
    the rows of the page."""
    d, s = t.device.c, t.status_change
    last_at = (
        select(func.max(s.c.at))
        .where(s.c.device_pk == t.device.c.pk)
        .correlate(t.device)
        .scalar_subquery()
    )
    inner = (
        select(d.pk, d.device_id, last_at.label("at"))
        .where(*_conditions(selection, last_online()))
        .order_by(case((last_at.is_(None), 0), else_=1), last_at, d.device_id)
        .offset(offset)
        .limit(limit)
        .subquery()
    )
    query = (
        select(inner.c.pk, inner.c.at, s.c.online, s.c.cause)
        .select_from(inner)
        .outerjoin(s, and_(s.c.device_pk == inner.c.pk, s.c.at == inner.c.at))
        .order_by(case((inner.c.at.is_(None), 0), else_=1), inner.c.at, inner.c.device_id)
    )
    return [
        (pk, None if at is None else int(at), None if on is None else bool(on), cause or "")
        for pk, at, on, cause in c.execute(query)
    ]


def area_counts(c: Connection, group: str | None, first: dt.date, last: dt.date) -> dict[str, int]:
    """The devices in service at any day of first..last per area, grouped in the store (the
    same deleted and group filters as tally): a row per area, never a row per device."""
    d = t.device.c
    selection = DeviceSelection(group=group)
    query = (
        select(d.area, func.count())
        .where(
            *_conditions(selection, None),
            or_(d.commissioned.is_(None), d.commissioned <= last),
            or_(d.decommissioned.is_(None), d.decommissioned > first),
        )
        .group_by(d.area)
    )
    return dict(sorted((area, int(n)) for area, n in c.execute(query)))  # Python's order
