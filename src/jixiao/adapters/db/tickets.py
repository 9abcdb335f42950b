"""Work orders (工单) in the evidence store: rows <-> domain.tickets.Ticket.

Two questions are answered in SQL rather than by reading every row back (bench/assessment.py
measures both against the row-by-row way): the outages that need a ticket, found in one pass
over each device's changes in index order (each offline edge and a seek to the next online
change) and inserted by one INSERT … SELECT; and a month's ticket counts against the SLA,
every month's in one grouped query. Both follow domain.tickets (`outages`, `count_tickets`) exactly;
tests/contract/test_tickets_repo.py holds them to the in-memory store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.batches import batches
from jixiao.adapters.db.projects import new_key
from jixiao.domain.availability import NEVER_AFTER, Span
from jixiao.domain.tickets import (
    SYNC_CAUSE,
    Exemption,
    ExemptionCategory,
    Sla,
    Ticket,
    TicketCounts,
    TicketQuery,
    TicketSource,
    TicketState,
    cause_of,
)

# The new sync tickets of one sync, on SQLite (SqlTicketRepo._add_outages_sqlite).
_NEW = Table(
    "tmp_new_ticket",
    MetaData(),
    Column("device_pk", Integer, nullable=False),
    Column("opened", BigInteger, nullable=False),
    Column("verified", BigInteger),
)
_SYNC_COLUMNS = ["device_pk", "opened", "verified", "cause", "notes", "assignee", "source"]

BULK_TICKETS = 100_000
"""New sync tickets from which SQLite builds the ticket indexes afterwards (when they also at
least double the stored ones)."""

_BUILT_AFTER_FIRST_SYNC = ("ix_ticket_opened_clocks", "ix_ticket_device_clocks")

_UNION_PARTS = 100
"""Windows counted by one UNION ALL of the whole store's counts (SQLite allows 500 terms)."""

# Devices' ends of service for one sync (a temporary table: one join, whatever their number).
_ENDS = Table(
    "tmp_service_end",
    MetaData(),
    Column("k", Integer, primary_key=True),
    Column("until", BigInteger, nullable=False),
)


def _row(ticket: Ticket) -> dict[str, Any]:
    e = ticket.exemption
    return {
        "opened": ticket.opened,
        "responded": ticket.responded,
        "arrived": ticket.arrived,
        "repaired": ticket.repaired,
        "verified": ticket.verified,
        "cause": _stored_cause(ticket.source, ticket.cause),
        "notes": ticket.notes,
        "assignee": ticket.assignee,
        "source": ticket.source.value,
        "exempt_category": None if e is None else e.category.value,
        "exempt_from": None if e is None else e.span.start,
        "exempt_to": None if e is None else e.span.end,
        "exempt_reason": None if e is None else e.reason,
        "approved_by": None if e is None else e.approved_by,
        "approved_at": None if e is None else e.approved_at,
    }


def _stored_cause(source: TicketSource, cause: str) -> str:
    """The sync's own cause is kept as '' (domain.tickets.cause_of gives it back)."""
    return "" if source is TicketSource.SYNC and cause == SYNC_CAUSE else cause


def _ticket(r: Any) -> Ticket:
    exemption = None
    if r.exempt_category is not None:
        exemption = Exemption(
            ExemptionCategory(r.exempt_category),
            Span(r.exempt_from, r.exempt_to),
            r.exempt_reason or "",
            r.approved_by,
            r.approved_at,
        )
    return Ticket(
        r.device_id,
        r.opened,
        r.responded,
        r.arrived,
        r.repaired,
        r.verified,
        cause_of(TicketSource(r.source), r.cause),
        r.notes,
        r.assignee,
        TicketSource(r.source),
        exemption,
        r.id,
    )


# neither repaired nor seen online again (domain.tickets.Ticket.closed, negated)
_STILL_OPEN = (t.ticket.c.repaired.is_(None), t.ticket.c.verified.is_(None))


class SqlTicketRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, key: int, ticket: Ticket) -> int:
        return new_key(self._c.execute(insert(t.ticket).values(device_pk=key, **_row(ticket))))

    def add_many(self, tickets: Sequence[tuple[int, Ticket]]) -> None:
        rows = [{"device_pk": key, **_row(ticket)} for key, ticket in tickets]
        for chunk in batches(rows):
            self._c.execute(insert(t.ticket), list(chunk))

    def update(self, ticket: Ticket) -> None:
        self._c.execute(update(t.ticket).where(t.ticket.c.id == ticket.id).values(**_row(ticket)))

    def get(self, ticket_id: int) -> tuple[int, Ticket] | None:
        found = self._query(t.ticket.c.id == ticket_id)
        return found[0] if found else None

    def approved_exemptions(self, window: Span) -> list[tuple[int, Span]]:
        c = t.ticket.c
        rows = self._c.execute(
            select(c.device_pk, c.exempt_from, c.exempt_to)
            .where(
                and_(
                    c.approved_by.is_not(None),
                    c.exempt_from < window.end,
                    c.exempt_to > window.start,
                )
            )
            .order_by(c.exempt_from, c.device_pk)
        )
        return [(r.device_pk, Span(r.exempt_from, r.exempt_to)) for r in rows]

    def select(
        self,
        *,
        window: Span | None = None,
        keys: Sequence[int] | None = None,
        open_only: bool = False,
    ) -> list[tuple[int, Ticket]]:
        c = t.ticket.c
        conditions: list[Any] = []
        if window is not None:
            # the outage [opened, repaired or verified or open-ended) overlaps the window
            conditions.append(c.opened < window.end)
            conditions.append(
                or_(
                    c.repaired > window.start,
                    and_(
                        c.repaired.is_(None), or_(c.verified.is_(None), c.verified > window.start)
                    ),
                )
            )
        if open_only:
            conditions.extend(_STILL_OPEN)
        if keys is None:
            return self._query(*conditions)
        found = [
            row
            for chunk in batches(sorted(set(keys)))
            for row in self._query(c.device_pk.in_(chunk), *conditions)
        ]
        return sorted(found, key=lambda kt: (kt[1].opened, kt[1].id))

    def page(
        self, query: TicketQuery, *, offset: int, limit: int
    ) -> tuple[list[tuple[int, Ticket]], int]:
        """One page in SQL (LIMIT/OFFSET over the opening-time index) and one count: the list
        never reads every ticket."""
        c, d = t.ticket.c, t.device.c
        conditions: list[Any] = []
        if query.text:
            conditions.append(
                # letters in any case, as TicketQuery.matches (SQLite's LIKE ignores the case
                # of ASCII letters, PostgreSQL's does not: both get ILIKE)
                or_(
                    d.device_id.icontains(query.text, autoescape=True),
                    c.cause.icontains(query.text, autoescape=True),
                    # a sync ticket's cause kept as '' reads as SYNC_CAUSE
                    and_(
                        c.source == TicketSource.SYNC.value,
                        c.cause == "",
                        literal(query.text.casefold() in SYNC_CAUSE.casefold()),
                    ),
                    c.assignee.icontains(query.text, autoescape=True),
                )
            )
        if query.state is TicketState.OPEN:
            conditions.extend(_STILL_OPEN)
        elif query.state is TicketState.PENDING:
            conditions.extend((c.exempt_category.is_not(None), c.approved_by.is_(None)))
        elif query.state is TicketState.APPROVED:
            conditions.extend((c.exempt_category.is_not(None), c.approved_by.is_not(None)))
        if query.opened_in is not None:
            conditions.extend((c.opened >= query.opened_in.start, c.opened < query.opened_in.end))
        joined = t.ticket.join(t.device, d.pk == c.device_pk)
        total = self._c.execute(
            select(func.count()).select_from(joined).where(and_(True, *conditions))
        ).scalar_one()
        rows = self._c.execute(
            select(t.ticket, d.device_id)
            .select_from(joined)
            .where(and_(True, *conditions))
            .order_by(c.opened, c.id)
            .offset(offset)
            .limit(limit)
        )
        return [(r.device_pk, _ticket(r)) for r in rows], int(total)

    def open_from_outages(
        self,
        *,
        threshold_s: int,
        now: int,
        ends: Mapping[int, int],
        keys: Sequence[int] | None,
        cause: str,
    ) -> int:
        if ends:
            on_commit = " ON COMMIT DELETE ROWS" if self._c.dialect.name == "postgresql" else ""
            self._c.exec_driver_sql(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {_ENDS.name} "
                f"(k INTEGER PRIMARY KEY, until BIGINT NOT NULL){on_commit}"
            )
            self._c.execute(delete(_ENDS))
            self._c.execute(insert(_ENDS), [{"k": k, "until": u} for k, u in ends.items()])
        chunks: list[Sequence[int] | None] = (
            [None] if keys is None else list(batches(sorted(set(keys))))
        )
        # With no ticket stored (a first sync) no outage can be covered: the checks against
        # stored tickets are left out, and on SQLite the outages go straight into the table.
        stored = self._c.execute(select(t.ticket.c.id).limit(1)).first() is not None
        if self._c.dialect.name == "sqlite":
            if not stored:
                return self._add_first_sqlite(threshold_s, now, bool(ends), chunks, cause)
            return self._add_outages_sqlite(threshold_s, now, bool(ends), chunks, cause)
        # psycopg reports no rowcount for INSERT … SELECT here: counted through RETURNING
        opened = 0
        for chunk in chunks:
            add = insert(t.ticket).from_select(
                _SYNC_COLUMNS,
                _with_words(_new_outages(threshold_s, now, bool(ends), chunk, stored), cause),
            )
            opened += len(self._c.execute(add.returning(t.ticket.c.id)).all())
        return opened

    def _add_first_sqlite(
        self,
        threshold_s: int,
        now: int,
        with_ends: bool,
        chunks: Sequence[Sequence[int] | None],
        cause: str,
    ) -> int:
        """The outages of a sync into an empty ticket table, added by INSERT … SELECT
        straight from the status history (the query does not read the ticket table, so
        SQLite needs no copy of them first). A full sync (millions of tickets over a year)
        builds its indexes afterwards, each in one sorted pass, instead of taking each ticket
        into them: at a random place of the `opened` index's order, and even in the device
        index, which takes them in order, a sort at the end costs less (100,000 devices: about
        1 s of 19)."""
        indexes = [i for i in t.ticket.indexes if i.name in _BUILT_AFTER_FIRST_SYNC]
        rebuild = chunks == [None]
        if rebuild:
            for index in indexes:
                index.drop(self._c)
        opened = 0
        for chunk in chunks:
            add = insert(t.ticket).from_select(
                _SYNC_COLUMNS,
                _with_words(_new_outages(threshold_s, now, with_ends, chunk, False), cause),
            )
            opened += self._c.execute(add).rowcount
        if rebuild:
            for index in indexes:
                index.create(self._c)
        return opened

    def _add_outages_sqlite(
        self,
        threshold_s: int,
        now: int,
        with_ends: bool,
        chunks: Sequence[Sequence[int] | None],
        cause: str,
    ) -> int:
        """The new outages gathered in a temporary table first (SQLite would copy them to one
        anyway, the query reading the table it adds to), then added by one INSERT … SELECT.
        When they at least double the stored tickets, the indexes are built afterwards (see
        _add_first_sqlite): the device index takes them at random places of its order."""
        self._c.exec_driver_sql(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {_NEW.name} "
            "(device_pk INTEGER NOT NULL, opened BIGINT NOT NULL, verified BIGINT)"
        )
        self._c.execute(delete(_NEW))
        for chunk in chunks:
            self._c.execute(
                insert(_NEW).from_select(
                    ["device_pk", "opened", "verified"],
                    _new_outages(threshold_s, now, with_ends, chunk, True),
                )
            )
        new = self._c.execute(select(func.count()).select_from(_NEW)).scalar_one()
        if not new:
            return 0
        last_id = self._c.execute(select(func.max(t.ticket.c.id))).scalar_one() or 0
        indexes = [i for i in t.ticket.indexes if i.name in _BUILT_AFTER_FIRST_SYNC]
        rebuild = new >= BULK_TICKETS and new >= last_id
        if rebuild:
            for index in indexes:
                index.drop(self._c)
        n = _NEW.c
        self._c.execute(
            insert(t.ticket).from_select(
                _SYNC_COLUMNS,
                _with_words(select(n.device_pk, n.opened, n.verified), cause),
            )
        )
        if rebuild:
            for index in indexes:
                index.create(self._c)
        self._c.execute(delete(_NEW))
        return int(new)

    def month_counts(
        self, windows: Sequence[Span], *, group: str | None, sla: Sla | None, as_of: int
    ) -> list[TicketCounts]:
        """The counts of each window; a deleted device's tickets are left out.

        Every clock is read from a covering index, never from the table. Every device's
        tickets: one range of ix_ticket_opened_clocks a window, _UNION_PARTS windows to a
        statement (a UNION ALL), each range read in order with no grouping to sort. A group's: each member's range of `opened` sought in
        ix_ticket_device_clocks (a 50,000-camera group's year is 50,000 short seeks, cheaper
        than testing every ticket of the store's year for membership), the windows told apart
        by a CASE. SQLite's planner takes each index by itself (EXPLAIN QUERY PLAN: the
        device's equality for a group, the range of `opened` for every device). An open
        ticket's clock is read as `as_of`."""
        if not windows:
            return []
        ordered = sorted(windows, key=lambda w: w.start)
        if any(a.end > b.start for a, b in pairwise(ordered)):
            raise ValueError("month_counts: the windows overlap")
        if group is None:
            # NOT IN costs a sixth of the pass even when no device is deleted: asked first
            deleted = select(t.device.c.pk).where(t.device.c.deleted_at.is_not(None))
            any_deleted = bool(self._c.execute(select(exists(deleted))).scalar())
            numbered = list(enumerate(windows))
            queries = [
                _store_counts(numbered[i : i + _UNION_PARTS], sla, as_of, any_deleted)
                for i in range(0, len(numbered), _UNION_PARTS)
            ]
        else:
            span = Span(ordered[0].start, ordered[-1].end)
            queries = [_group_counts(windows, span, group, sla, as_of)]
        found = {
            int(i): TicketCounts(*(int(v or 0) for v in row))
            for query in queries
            for i, *row in self._c.execute(query)
        }
        return [found.get(i, TicketCounts()) for i in range(len(windows))]

    def _query(self, *conditions: Any) -> list[tuple[int, Ticket]]:
        rows = self._c.execute(
            select(t.ticket, t.device.c.device_id)
            .join(t.device, t.device.c.pk == t.ticket.c.device_pk)
            .where(and_(True, *conditions))
            .order_by(t.ticket.c.opened, t.ticket.c.id)
        )
        return [(r.device_pk, _ticket(r)) for r in rows]


def _store_counts(
    windows: Sequence[tuple[int, Span]], sla: Sla | None, as_of: int, any_deleted: bool
) -> Any:
    """One UNION ALL of the numbered windows' counts over every device (not deleted)."""
    c, d = t.ticket.c, t.device.c
    deleted = select(d.pk).where(d.deleted_at.is_not(None))
    parts = []
    for i, window in windows:
        part = select(literal(i).label("window"), *_counts(c, sla, as_of)).where(
            c.opened >= window.start, c.opened < window.end
        )
        if any_deleted:
            part = part.where(c.device_pk.not_in(deleted))
        parts.append(part)
    return parts[0] if len(parts) == 1 else union_all(*parts)


def _group_counts(
    windows: Sequence[Span], span: Span, group: str, sla: Sla | None, as_of: int
) -> Any:
    """The counts of the group's devices (not deleted) in each window, told apart by a CASE,
    over the tickets opened in `span` (the windows' hull)."""
    c, d, g = t.ticket.c, t.device.c, t.device_group.c
    deleted = select(d.pk).where(d.deleted_at.is_not(None))
    members = select(g.device_pk).where(g.name == group)
    # a deleted device's tickets count no more (the few deleted: a partial index)
    which_devices = c.device_pk.in_(members.where(g.device_pk.not_in(deleted)))
    which = case(
        *((and_(c.opened >= w.start, c.opened < w.end), i) for i, w in enumerate(windows))
    ).label("window")
    return (
        select(which, *_counts(c, sla, as_of))
        .where(which_devices, c.opened >= span.start, c.opened < span.end)
        .group_by(which)
    )


def _counts(c: Any, sla: Sla | None, as_of: int) -> list[Any]:
    """TicketCounts' columns over the selected tickets: each count one condition (`FILTER`)."""
    restored = func.coalesce(c.repaired, c.verified)
    out: list[Any] = [func.count(), func.count(restored), func.sum(restored - c.opened)]
    if sla is None:
        return out
    when = literal(as_of, BigInteger)
    paused = case(
        (c.approved_by.is_not(None), func.coalesce(c.exempt_to - c.exempt_from, 0)), else_=0
    )
    return [
        *out,
        func.count().filter(c.responded - c.opened <= sla.respond_s),
        func.count().filter(func.coalesce(c.responded, when) - c.opened > sla.respond_s),
        func.count().filter(restored - c.opened - paused <= sla.repair_s),
        func.count().filter(func.coalesce(restored, when) - c.opened - paused > sla.repair_s),
    ]


def _with_words(outages: Any, cause: str) -> Any:
    """The rows of sync tickets from (device_pk, opened, verified) rows."""
    o = outages.subquery("new_outages").c
    stored = _stored_cause(TicketSource.SYNC, cause)
    return select(
        o[0],
        o[1],
        o[2],
        literal(stored),
        literal(""),
        literal(""),
        literal(TicketSource.SYNC.value),
    )


def _new_outages(
    threshold_s: int, now: int, with_ends: bool, keys: Sequence[int] | None, stored: bool
) -> Any:
    """(device_pk, opened, verified) of the sync tickets to add: domain.tickets.outages in SQL.

    An outage starts at an offline change whose stored `previous` was online, or at a first
    change if offline (a first report of offline starts an outage); it ends at the device's
    next online change. Both are read from ix_status_change_last (device_pk, at, online,
    previous) in its order: one scan of it, and one seek forward per offline change for its
    end, close to where the scan is. That costs half of a LEAD window over every change
    (whose partitions SQLite copies through a temporary table). Without `stored` the checks
    against stored tickets are left out (there are none)."""
    s, first, following = (
        t.status_change,
        t.status_change.alias("first"),
        t.status_change.alias("following"),
    )
    other = t.ticket.alias("other")
    earlier = exists().where(first.c.device_pk == s.c.device_pk, first.c.at < s.c.at)
    back_online = (
        select(following.c.at)
        .where(
            following.c.device_pk == s.c.device_pk,
            following.c.at > s.c.at,
            following.c.at <= now,
            following.c.online == 1,
        )
        .order_by(following.c.at)
        .limit(1)
        .scalar_subquery()
    )
    starts = select(s.c.device_pk, s.c.at, back_online.label("stop")).where(
        s.c.at <= now, s.c.online == 0, or_(s.c.previous == 1, ~earlier)
    )
    if keys is not None:
        starts = starts.where(s.c.device_pk.in_(keys))
    # OFFSET 0 keeps the outer conditions out of the subquery: pushed into it they would
    # repeat the seek for the end in each place `stop` is named.
    o = starts.order_by(s.c.device_pk, s.c.at).offset(0).subquery("edges").c
    query = select(o.device_pk, o.at, o.stop).where(func.coalesce(o.stop, now) - o.at > threshold_s)
    if stored:
        # One device's tickets never overlap (imports refuse it), so sorted by opening their
        # ends are sorted too: an outage is covered when a ticket opens within it, or when
        # the last ticket opened before it has not yet ended. Both are seeks on
        # (device_pk, opened).
        stop = func.coalesce(o.stop, now + 1)
        opens_within = exists().where(
            other.c.device_pk == o.device_pk, other.c.opened >= o.at, other.c.opened < stop
        )
        last_before_ends = (
            select(func.coalesce(other.c.repaired, other.c.verified, NEVER_AFTER))
            .where(other.c.device_pk == o.device_pk, other.c.opened < o.at)
            .order_by(other.c.opened.desc())
            .limit(1)
            .scalar_subquery()
        )
        query = query.where(~or_(opens_within, func.coalesce(last_before_ends, o.at) > o.at))
    if with_ends:
        query = query.outerjoin(_ENDS, _ENDS.c.k == o.device_pk).where(
            or_(_ENDS.c.until.is_(None), o.at < _ENDS.c.until)
        )
    return query
