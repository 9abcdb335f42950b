"""Repositories over SQLAlchemy Core: rows <-> domain objects, and the online-rate sums.

The sums of a segment plan run in the database so that millions of status changes never
cross into Python: per segment, one range scan of the covering index on `at`, filtered by a
membership mask (a bytes value with byte k = 1 when device k is counted). Every write of
devices, status changes and maintenance also keeps the daily rollup in step, in the same
transaction (adapters/db/rollup.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from itertools import groupby
from typing import Any, TypeVar

from sqlalchemy import (
    Boolean,
    Connection,
    Engine,
    LargeBinary,
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from jixiao.adapters.db import device_queries
from jixiao.adapters.db import tables as t
from jixiao.adapters.db.batches import BATCH, batches
from jixiao.adapters.db.engine import IMMEDIATE
from jixiao.adapters.db.presence import SqlPresenceRepo
from jixiao.adapters.db.projects import SqlProjectRepo, new_key
from jixiao.adapters.db.rollup import RollupKeeper
from jixiao.adapters.db.rollup_repo import SqlRollupRepo
from jixiao.domain.availability import Change, Plan, SegmentSums, Span
from jixiao.domain.devices import Device, DeviceKind, GbId
from jixiao.services.ports import (
    AppendResult,
    DeviceSelection,
    DeviceTally,
    KeyedChange,
    LastChange,
    StoredDevice,
    StoredWindow,
)

K = TypeVar("K")
SMALL = 500
# Σ(online − previous)·(PACK + end − at) carries both sums of a segment in one aggregate
# (about a fifth faster on SQLite than two): the count is the multiple of PACK, the weighted
# sum the remainder, exact while |remainder| < PACK/2 (segments of a few days).
PACK = 2**40
PACKABLE_S = 4 * 86_400


class in_mask(FunctionElement[bool]):
    """True when byte `key` of the bytes value `mask` is 1."""

    type = Boolean()
    name = "in_mask"
    inherit_cache = True


@compiles(in_mask)
def _in_mask_sqlite(element: in_mask, compiler: SQLCompiler, **kw: Any) -> str:
    mask, key = (compiler.process(c, **kw) for c in element.clauses)
    return f"substr({mask}, {key} + 1, 1) = x'01'"


@compiles(in_mask, "postgresql")
def _in_mask_postgresql(element: in_mask, compiler: SQLCompiler, **kw: Any) -> str:
    mask, key = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CASE WHEN {key} < length({mask}) THEN get_byte({mask}, {key}) = 1 ELSE false END)"


def _mask(keys: Iterable[int], size: int) -> bytes:
    mask = bytearray(size)
    for key in keys:
        mask[key] = 1
    return bytes(mask)


def _last_before(moment: Any, column: Any = t.status_change.c.online) -> Any:
    """The value of the device's last change strictly before `moment` (a scalar subquery)."""
    s = t.status_change
    return (
        select(column)
        .where(s.c.device_pk == t.device.c.pk, s.c.at < moment)
        .order_by(s.c.at.desc())
        .limit(1)
        .scalar_subquery()
    )


class SqlDeviceRepo:
    def __init__(self, connection: Connection, rollup: RollupKeeper | None = None) -> None:
        self._c = connection
        self._rollup = rollup or RollupKeeper(connection)

    def upsert(self, devices: Sequence[Device]) -> tuple[int, int]:
        """Add new ids and replace stored ones. New devices go in with one multi-row insert
        (a registration burst enrols thousands at once), groups likewise."""
        self._rollup.lock()
        known = self.keys(d.device_id.value for d in devices)
        before = self._rollup.devices_before(list(known.values()))
        new = [d for d in devices if d.device_id.value not in known]  # an id twice: unique error
        replaced = [d for d in devices if d.device_id.value in known]
        if new:
            self._c.execute(insert(t.device), [_device_row(d) for d in new])
            known.update(self.keys(d.device_id.value for d in new))
        for device in replaced:  # in order: the last entry of an id wins
            key = known[device.device_id.value]
            self._c.execute(
                update(t.device).where(t.device.c.pk == key).values(_device_row(device))
            )
        latest = {known[d.device_id.value]: d for d in devices}
        for batch in batches(sorted({known[d.device_id.value] for d in replaced})):
            self._c.execute(delete(t.device_group).where(t.device_group.c.device_pk.in_(batch)))
        memberships = [{"device_pk": k, "name": g} for k, d in latest.items() for g in d.groups]
        if memberships:
            self._c.execute(insert(t.device_group), memberships)
        self._rollup.devices_stored(before, latest)
        return len(new), len(replaced)

    def enrol(self, devices: Sequence[Device]) -> dict[str, int]:
        """One multi-row insert that hands back the new keys (RETURNING): no per-device
        statement, and no second look-up of what was just written."""
        self._rollup.lock()
        fresh: dict[str, Device] = {}
        for device in devices:
            fresh.setdefault(device.device_id.value, device)
        d = t.device
        for batch in batches(sorted(fresh)):  # deleted ones too: their id is taken
            taken = self._c.execute(select(d.c.device_id).where(d.c.device_id.in_(batch)))
            for device_id in taken.scalars():
                del fresh[device_id]
        if not fresh:
            return {}
        before = self._rollup.devices_before([])  # {}: keep the rollup in step; None: not built
        added = self._c.execute(
            insert(d).returning(d.c.device_id, d.c.pk, sort_by_parameter_order=True),
            [_device_row(x) for x in fresh.values()],
        )
        keys = {device_id: pk for device_id, pk in added}
        memberships = [
            {"device_pk": keys[i], "name": g} for i, x in fresh.items() for g in set(x.groups)
        ]
        if memberships:
            self._c.execute(insert(t.device_group), memberships)
        self._rollup.devices_stored(before, {keys[i]: x for i, x in fresh.items()})
        return keys

    def keys(self, device_ids: Iterable[str]) -> dict[str, int]:
        return self._keys(device_ids, deleted=False)

    def deleted_keys(self, device_ids: Iterable[str]) -> dict[str, int]:
        return self._keys(device_ids, deleted=True)

    def _keys(self, device_ids: Iterable[str], *, deleted: bool) -> dict[str, int]:
        d, ids, found = t.device, sorted(set(device_ids)), {}
        which = d.c.deleted_at.is_not(None) if deleted else d.c.deleted_at.is_(None)
        for batch in batches(ids):
            rows = self._c.execute(
                select(d.c.device_id, d.c.pk).where(d.c.device_id.in_(batch), which)
            )
            found.update({r.device_id: r.pk for r in rows})
        return found

    def set_deleted(self, key: int, at: int | None) -> None:
        """Only the mark: the caller rebuilds the daily rollup (a correction is rare)."""
        self._c.execute(update(t.device).where(t.device.c.pk == key).values(deleted_at=at))

    def select(self, *, group: str | None = None) -> list[StoredDevice]:
        g, live = t.device_group, select(t.device.c.pk).where(t.device.c.deleted_at.is_(None))
        query = (
            select(t.device).where(t.device.c.deleted_at.is_(None)).order_by(t.device.c.device_id)
        )
        memberships = (
            select(g.c.device_pk, g.c.name)
            .where(g.c.device_pk.in_(live))
            .order_by(g.c.device_pk, g.c.name)
        )
        if group is not None:
            members = select(g.c.device_pk).where(g.c.name == group)
            query = query.where(t.device.c.pk.in_(members))
            memberships = memberships.where(g.c.device_pk.in_(members))
        groups: dict[int, list[str]] = {}
        for pk, name in self._c.execute(memberships):
            groups.setdefault(pk, []).append(name)
        return [
            StoredDevice(r.pk, _device(r._mapping, groups.get(r.pk, [])))
            for r in self._c.execute(query)
        ]

    def groups(self) -> dict[str, int]:
        """Every membership counted from ix_device_group_name, less the deleted devices' (few,
        their keys found from the partial ix_device_deleted): no device row read per member,
        one statement."""
        g, gone = t.device_group, t.device.alias("gone")
        deleted = select(gone.c.pk).where(gone.c.deleted_at.is_not(None))
        every = select(g.c.name, func.count().label("n")).group_by(g.c.name)
        less = select(g.c.name, (-func.count()).label("n"))
        counted = union_all(every, less.where(g.c.device_pk.in_(deleted)).group_by(g.c.name))
        u = counted.subquery()
        live = func.sum(u.c.n)
        query = select(u.c.name, live).group_by(u.c.name).having(live > 0).order_by(u.c.name)
        return {name: int(count) for name, count in self._c.execute(query)}

    def tally(self, selection: DeviceSelection) -> list[DeviceTally]:
        return device_queries.tally(self._c, selection)

    def count(self, selection: DeviceSelection) -> int:
        return device_queries.count(self._c, selection)

    def count_by_life(
        self, selection: DeviceSelection
    ) -> dict[tuple[dt.date | None, dt.date | None], int]:
        return device_queries.count_by_life(self._c, selection)

    def page(self, selection: DeviceSelection, offset: int, limit: int) -> list[StoredDevice]:
        keys = device_queries.page_keys(self._c, selection, offset, limit)
        return device_queries.by_keys(self._c, keys, _device)

    def areas(self) -> list[str]:
        return device_queries.areas(self._c)

    def find(self, device_id: str) -> StoredDevice | None:
        found = device_queries.by_keys(self._c, list(self.keys([device_id]).values()), _device)
        return found[0] if found else None

    def by_keys(self, keys: Sequence[int]) -> list[StoredDevice]:
        found = []
        for batch in batches(sorted(set(keys))):
            found += device_queries.by_keys(self._c, batch, _device)
        return sorted(found, key=lambda s: s.device.device_id.value)

    def by_last_change(
        self, selection: DeviceSelection, offset: int, limit: int
    ) -> list[LastChange]:
        rows = device_queries.by_last_change(self._c, selection, offset, limit)
        found = {s.key: s for s in device_queries.by_keys(self._c, [r[0] for r in rows], _device)}
        return [LastChange(found[k], at, on, cause) for k, at, on, cause in rows if k in found]

    def area_counts(self, group: str | None, first: dt.date, last: dt.date) -> dict[str, int]:
        return device_queries.area_counts(self._c, group, first, last)

    def decommissioned(self) -> dict[int, tuple[dt.date | None, dt.date]]:
        d = t.device.c
        query = select(d.pk, d.commissioned, d.decommissioned).where(
            d.decommissioned.is_not(None), d.deleted_at.is_(None)
        )
        return {pk: (start, end) for pk, start, end in self._c.execute(query.order_by(d.pk))}


def _device_row(d: Device) -> dict[str, Any]:
    return {
        "device_id": d.device_id.value,
        "kind": d.kind.value,
        "name": d.name,
        "area": d.area,
        "address": d.address,
        "ip": d.ip,
        "port": d.port,
        "vendor": d.vendor,
        "model": d.model,
        "commissioned": d.commissioned,
        "decommissioned": d.decommissioned,
        "kind_word": d.kind_word,
    }


def _device(row: Any, groups: list[str]) -> Device:
    return Device(
        GbId(row["device_id"]),
        DeviceKind(row["kind"]),
        row["name"],
        tuple(groups),
        row["area"],
        row["address"],
        row["ip"],
        row["port"],
        row["vendor"],
        row["model"],
        row["commissioned"],
        row["decommissioned"],
        row["kind_word"],
    )


@cache
def _sum_statements() -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The segment-sum statements (packed, unpacked, online count), built once: building
    them took milliseconds, paid by every unit of work (each group commit of the SIP
    platform opens one) whether it summed anything or not."""
    s = t.status_change
    mask = bindparam("mask", type_=LargeBinary)
    packed = select(
        func.sum((s.c.online - s.c.previous) * (bindparam("pack") + bindparam("end") - s.c.at))
    ).where(s.c.at >= bindparam("start"), s.c.at < bindparam("end"), in_mask(mask, s.c.device_pk))
    unpacked = select(
        func.sum(s.c.online - s.c.previous),
        func.sum((s.c.online - s.c.previous) * (bindparam("end") - s.c.at)),
    ).where(s.c.at >= bindparam("start"), s.c.at < bindparam("end"), in_mask(mask, s.c.device_pk))
    online_count = (
        select(func.count())
        .select_from(t.device)
        .where(in_mask(mask, t.device.c.pk), _last_before(bindparam("moment")) == 1)
    )
    return packed, unpacked, online_count


class SqlStatusRepo:
    def __init__(self, connection: Connection, rollup: RollupKeeper | None = None) -> None:
        self._c = connection
        self._rollup = rollup or RollupKeeper(connection)
        self._packed, self._unpacked, self._online_count = _sum_statements()

    def _size(self) -> int:
        return int(self._c.execute(select(func.max(t.device.c.pk))).scalar() or 0) + 1

    def _count_online(self, keys: Sequence[int], moment: int, size: int) -> int:
        if not keys:
            return 0
        if len(keys) <= SMALL:  # a few devices: look them up by key, not by scanning a mask
            query = (
                select(func.count())
                .select_from(t.device)
                .where(t.device.c.pk.in_(keys), _last_before(moment) == 1)
            )
            return int(self._c.execute(query).scalar() or 0)
        params = {"mask": _mask(keys, size), "moment": moment}
        return int(self._c.execute(self._online_count, params).scalar() or 0)

    def segment_sums(self, plan: Plan) -> list[SegmentSums]:
        size = self._size()
        members, counted, out = bytearray(size), 0, []
        bounds = plan.bounds
        for j in range(len(bounds) - 1):
            start, end = bounds[j], bounds[j + 1]
            joins, leaves = plan.joins[j], plan.leaves[j]
            joined = self._count_online(joins, start, size)
            left = self._count_online(leaves, start, size)
            for key in joins:
                members[key] = 1
            for key in leaves:
                members[key] = 0
            counted += len(joins) - len(leaves)
            count = weight = 0
            if counted and end > start:
                params = {"mask": bytes(members), "start": start, "end": end}
                if end - start <= PACKABLE_S:
                    packed = int(
                        self._c.execute(self._packed, {**params, "pack": PACK}).scalar() or 0
                    )
                    count = (packed + PACK // 2) // PACK
                    weight = packed - count * PACK
                else:
                    row = self._c.execute(self._unpacked, params).one()
                    count, weight = int(row[0] or 0), int(row[1] or 0)
            out.append(SegmentSums(joined, left, count, weight))
        return out

    def histories(self, keys: Sequence[int], window: Span) -> dict[int, tuple[bool, list[Change]]]:
        s, out = t.status_change, {}
        for batch in batches(sorted(keys)):
            before = self._c.execute(
                select(t.device.c.pk, _last_before(window.start)).where(t.device.c.pk.in_(batch))
            )
            found: dict[int, tuple[bool, list[Change]]] = {pk: (bool(on), []) for pk, on in before}
            rows = self._c.execute(
                select(s.c.device_pk, s.c.at, s.c.online)
                .where(s.c.device_pk.in_(batch), s.c.at >= window.start, s.c.at < window.end)
                .order_by(s.c.device_pk, s.c.at)
            )
            for pk, at, online in rows:
                found[pk][1].append((at, bool(online)))
            out.update(found)
        return out

    def latest(self, keys: Sequence[int]) -> dict[int, Change]:
        out = {}
        s = t.status_change
        for batch in batches(sorted(keys)):
            last_at = (
                select(func.max(s.c.at)).where(s.c.device_pk == t.device.c.pk).scalar_subquery()
            )
            query = select(t.device.c.pk, last_at.label("at")).where(t.device.c.pk.in_(batch))
            for pk, at in self._c.execute(query):
                if at is not None:
                    online = self._c.execute(
                        select(s.c.online).where(s.c.device_pk == pk, s.c.at == at)
                    ).scalar()
                    out[pk] = (int(at), bool(online))
        return out

    def append(self, changes: Sequence[KeyedChange], *, source: str) -> AppendResult:
        """Merge with what is stored, keeping `previous` right for every row it touches, and
        the daily rollup in step."""
        self._rollup.lock()
        ordered = sorted(changes, key=lambda c: (c.key, c.at))
        grouped = {key: list(group) for key, group in groupby(ordered, key=lambda c: c.key)}
        inserts: list[dict[str, Any]] = []
        fixes: list[dict[str, Any]] = []
        duplicates, conflicts = 0, []
        edits: dict[int, tuple[int, bool, list[Change], list[Change]]] = {}
        for batch in batches(sorted(grouped)):
            earliest = min(grouped[k][0].at for k in batch)
            stored, before = self._stored_after(batch, earliest)
            for key in batch:
                timeline = {at: (on, previous, "") for at, on, previous in stored.get(key, [])}
                new: dict[int, tuple[bool, bool, str]] = {}
                for change in grouped[key]:
                    old = timeline.get(change.at)
                    if old is None:
                        new[change.at] = (change.online, False, change.cause)
                    elif old[0] == change.online:
                        duplicates += 1
                    else:
                        conflicts.append(change)
                timeline.update(new)
                status = before.get(key, False)
                if new:
                    edits[key] = _edit(min(new), status, stored.get(key, []), timeline)
                for at in sorted(timeline):
                    online, previous, cause = timeline[at]
                    if at in new:
                        inserts.append(
                            {
                                "device_pk": key,
                                "at": at,
                                "online": int(online),
                                "previous": int(status),
                                "cause": cause,
                                "source": source,
                            }
                        )
                    elif previous != status:
                        fixes.append({"k": key, "a": at, "p": int(status)})
                    status = online
        if conflicts:
            return AppendResult(0, duplicates, tuple(conflicts))
        for batch in batches(inserts, BATCH * 10):
            self._c.execute(insert(t.status_change), list(batch))
        if fixes:
            s = t.status_change
            self._c.execute(
                update(s)
                .where(s.c.device_pk == bindparam("k"), s.c.at == bindparam("a"))
                .values(previous=bindparam("p")),
                fixes,
            )
        self._rollup.statuses_appended(edits)
        return AppendResult(len(inserts), duplicates)

    def remove(self, key: int, at: int) -> KeyedChange | None:
        """Delete the row and set the next row's `previous` to the status before it (the
        caller rebuilds the daily rollup)."""
        s = t.status_change
        row = self._c.execute(
            select(s.c.online, s.c.previous, s.c.cause).where(s.c.device_pk == key, s.c.at == at)
        ).one_or_none()
        if row is None:
            return None
        self._c.execute(delete(s).where(s.c.device_pk == key, s.c.at == at))
        following = (
            select(func.min(s.c.at)).where(s.c.device_pk == key, s.c.at > at).scalar_subquery()
        )
        self._c.execute(
            update(s).where(s.c.device_pk == key, s.c.at == following).values(previous=row.previous)
        )
        return KeyedChange(key, at, bool(row.online), row.cause)

    def _stored_after(
        self, batch: Sequence[int], earliest: int
    ) -> tuple[dict[int, list[tuple[int, bool, bool]]], dict[int, bool]]:
        s = t.status_change
        rows = self._c.execute(
            select(s.c.device_pk, s.c.at, s.c.online, s.c.previous)
            .where(s.c.device_pk.in_(batch), s.c.at >= earliest)
            .order_by(s.c.device_pk, s.c.at)
        )
        stored: dict[int, list[tuple[int, bool, bool]]] = {}
        for pk, at, online, previous in rows:
            stored.setdefault(pk, []).append((at, bool(online), bool(previous)))
        before = self._c.execute(
            select(t.device.c.pk, _last_before(earliest)).where(t.device.c.pk.in_(batch))
        )
        return stored, {pk: bool(on) for pk, on in before}


def _edit(
    lo: int,
    status: bool,
    stored: list[tuple[int, bool, bool]],
    timeline: dict[int, tuple[bool, bool, str]],
) -> tuple[int, bool, list[Change], list[Change]]:
    """What the rollup needs of one device's import: its first new change, its status just
    before, and its changes from then on before and after the import."""
    for at, online, _ in stored:
        if at >= lo:
            break
        status = online
    old = [(at, online) for at, online, _ in stored if at >= lo]
    return lo, status, old, [(at, timeline[at][0]) for at in sorted(timeline) if at >= lo]


class SqlMaintenanceRepo:
    def __init__(self, connection: Connection, rollup: RollupKeeper | None = None) -> None:
        self._c = connection
        self._rollup = rollup or RollupKeeper(connection)

    def add(self, span: Span, reason: str, *, device_key: int | None, group: str | None) -> int:
        self._rollup.window_adding(span, device_key, group)
        row = {
            "device_pk": device_key,
            "group_name": group,
            "start_at": span.start,
            "end_at": span.end,
            "reason": reason,
        }
        return new_key(self._c.execute(insert(t.maintenance).values(row)))

    def overlapping(self, window: Span) -> list[StoredWindow]:
        m = t.maintenance
        rows = self._c.execute(
            select(m)
            .where(
                m.c.deleted_at.is_(None),
                and_(m.c.start_at < window.end, m.c.end_at > window.start),
            )
            .order_by(m.c.start_at, m.c.id)
        )
        return [_window(r) for r in rows]

    def get(self, window_id: int, *, deleted: bool = False) -> StoredWindow | None:
        m = t.maintenance
        which = m.c.deleted_at.is_not(None) if deleted else m.c.deleted_at.is_(None)
        row = self._c.execute(select(m).where(m.c.id == window_id, which)).one_or_none()
        return None if row is None else _window(row)

    def set_deleted(self, window_id: int, at: int | None) -> None:
        m = t.maintenance
        self._c.execute(update(m).where(m.c.id == window_id).values(deleted_at=at))

    def replace(self, window_id: int, span: Span, reason: str) -> None:
        m = t.maintenance
        self._c.execute(
            update(m)
            .where(m.c.id == window_id)
            .values(start_at=span.start, end_at=span.end, reason=reason)
        )


def _window(r: Any) -> StoredWindow:
    return StoredWindow(r.id, Span(r.start_at, r.end_at), r.reason, r.device_pk, r.group_name)


class SqlRepos:
    def __init__(self, connection: Connection) -> None:
        keeper = RollupKeeper(connection)
        self.devices = SqlDeviceRepo(connection, keeper)
        self.statuses = SqlStatusRepo(connection, keeper)
        self.maintenance = SqlMaintenanceRepo(connection, keeper)
        self.rollup = SqlRollupRepo(connection, keeper)
        self.projects = SqlProjectRepo(connection)
        self.presence = SqlPresenceRepo(connection)


class SqlStore:
    """The Store port on an engine: one connection and transaction per block."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def write(self) -> Iterator[SqlRepos]:
        with self.engine.connect() as connection:
            connection.execution_options(**{IMMEDIATE: True})
            with connection.begin():
                yield SqlRepos(connection)

    @contextmanager
    def read(self) -> Iterator[SqlRepos]:
        with self.engine.connect() as connection, connection.begin():
            yield SqlRepos(connection)

    def describe(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)
