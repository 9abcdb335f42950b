"""GB/T 28181 presence rows (sip_presence) over SQLAlchemy Core, written in batches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, func, insert, select, update

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.batches import batches
from jixiao.services.ports import DeviceFill, Presence


class SqlPresenceRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection
        # keys whose row this transaction has seen or made: a batch's registrations and
        # last-seen times name the same devices, and the second look would find them again
        self._ensured: set[int] = set()

    def ensure(self, keys: Iterable[int]) -> None:
        p, wanted = t.sip_presence, sorted(set(keys) - self._ensured)
        self._ensured.update(wanted)
        for chunk in batches(wanted):
            have = set(
                self._c.execute(select(p.c.device_pk).where(p.c.device_pk.in_(chunk))).scalars()
            )
            rows = [{"device_pk": k} for k in chunk if k not in have]
            if rows:
                self._c.execute(insert(p), rows)

    def _update(self, values: dict[str, Any], rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        p = t.sip_presence
        statement = update(p).where(p.c.device_pk == bindparam("k")).values(values)
        for chunk in batches(rows):
            self._c.execute(statement, list(chunk))

    def catalog(self, rows: Sequence[tuple[int, str, str, int | None]]) -> None:
        p = t.sip_presence
        self.ensure(r[0] for r in rows)
        values = {
            "parent_id": bindparam("parent"),
            "civil_code": case(
                (bindparam("civil") == "", p.c.civil_code), else_=bindparam("civil")
            ),
            "point_type": case(
                (bindparam("point", type_=p.c.point_type.type).is_(None), p.c.point_type),
                else_=bindparam("point", type_=p.c.point_type.type),
            ),
        }
        self._update(
            values,
            [
                {"k": k, "parent": parent, "civil": civil, "point": point}
                for k, parent, civil, point in rows
            ],
        )

    def registrations(self, rows: Sequence[Presence]) -> None:
        self.ensure(r.key for r in rows)
        values: dict[str, Any] = {
            name: bindparam(f"v_{name}")
            for name in ("transport", "host", "port", "call_id", "registered_until")
        }
        self._update(
            values,
            [
                {
                    "k": r.key,
                    "v_transport": r.transport,
                    "v_host": r.host,
                    "v_port": r.port,
                    "v_call_id": r.call_id[:200],
                    "v_registered_until": r.registered_until,
                }
                for r in rows
            ],
        )

    def seen(self, last_seen: Mapping[int, int]) -> None:
        self.ensure(last_seen)
        self._update(
            {"last_seen": bindparam("at")}, [{"k": k, "at": at} for k, at in last_seen.items()]
        )

    def keepalive(self, settings: Mapping[int, tuple[int | None, int | None]]) -> None:
        self.ensure(settings)
        self._update(
            {"keepalive_interval": bindparam("i"), "keepalive_count": bindparam("n")},
            [{"k": k, "i": i, "n": n} for k, (i, n) in settings.items()],
        )

    def set_password(self, key: int, password: str | None) -> None:
        self.ensure([key])
        self._update({"password": bindparam("pw")}, [{"k": key, "pw": password}])

    def select(self, keys: Sequence[int] | None = None) -> dict[int, Presence]:
        p = t.sip_presence
        queries = (
            [select(p)]
            if keys is None
            else [select(p).where(p.c.device_pk.in_(chunk)) for chunk in batches(sorted(keys))]
        )
        out = {}
        for query in queries:
            for r in self._c.execute(query):
                out[r.device_pk] = Presence(
                    r.device_pk,
                    r.parent_id,
                    r.civil_code,
                    r.point_type,
                    r.transport,
                    r.host,
                    r.port,
                    r.call_id,
                    r.registered_until,
                    r.last_seen,
                    r.keepalive_interval,
                    r.keepalive_count,
                    r.password,
                )
        return out

    def device_ids(self) -> dict[int, str]:
        d = t.device
        live = select(d.c.pk, d.c.device_id).where(d.c.deleted_at.is_(None))
        return {pk: i for pk, i in self._c.execute(live)}

    def latest(self, keys: Sequence[int] | None = None) -> dict[int, tuple[int, bool]]:
        """Each device's last status change (at, online), in one grouped query per chunk."""
        s = t.status_change
        out: dict[int, tuple[int, bool]] = {}
        chunks = [None] if keys is None else list(batches(sorted(keys)))
        for chunk in chunks:
            last = select(s.c.device_pk, func.max(s.c.at).label("at")).group_by(s.c.device_pk)
            if chunk is not None:
                last = last.where(s.c.device_pk.in_(chunk))
            m = last.subquery()
            query = select(s.c.device_pk, s.c.at, s.c.online).join(
                m, and_(s.c.device_pk == m.c.device_pk, s.c.at == m.c.at)
            )
            out.update({pk: (int(at), bool(on)) for pk, at, on in self._c.execute(query)})
        return out

    def fill_blanks(self, fills: Sequence[DeviceFill]) -> None:
        d = t.device

        def blank(column: Any, name: str) -> Any:
            return case((column == "", bindparam(name)), else_=column)

        values = {
            "name": case(
                (and_(d.c.name == d.c.device_id, bindparam("v_name") != ""), bindparam("v_name")),
                else_=d.c.name,
            ),
            "vendor": blank(d.c.vendor, "v_vendor"),
            "model": blank(d.c.model, "v_model"),
            "address": blank(d.c.address, "v_address"),
            "ip": blank(d.c.ip, "v_ip"),
            "port": case(
                (d.c.port.is_(None), bindparam("v_port", type_=d.c.port.type)), else_=d.c.port
            ),
        }
        statement = update(d).where(d.c.pk == bindparam("k")).values(values)
        rows = [
            {
                "k": f.key,
                "v_name": f.name,
                "v_vendor": f.vendor,
                "v_model": f.model,
                "v_address": f.address,
                "v_ip": f.ip,
                "v_port": f.port,
            }
            for f in fills
            if f.name or f.vendor or f.model or f.address or f.ip or f.port
        ]
        for chunk in batches(rows):
            self._c.execute(statement, list(chunk))
