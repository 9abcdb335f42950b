"""Work orders (工单) in the evidence store: rows <-> domain.tickets.Ticket."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select, update

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.batches import batches
from jixiao.adapters.db.projects import new_key
from jixiao.domain.availability import Span
from jixiao.domain.tickets import Exemption, ExemptionCategory, Ticket, TicketSource


def _row(ticket: Ticket) -> dict[str, Any]:
    e = ticket.exemption
    return {
        "opened": ticket.opened,
        "responded": ticket.responded,
        "arrived": ticket.arrived,
        "repaired": ticket.repaired,
        "verified": ticket.verified,
        "cause": ticket.cause,
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
        r.cause,
        r.notes,
        r.assignee,
        TicketSource(r.source),
        exemption,
        r.id,
    )


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
            conditions.extend((c.repaired.is_(None), c.verified.is_(None)))
        if keys is None:
            return self._query(*conditions)
        found = [
            row
            for chunk in batches(sorted(set(keys)))
            for row in self._query(c.device_pk.in_(chunk), *conditions)
        ]
        return sorted(found, key=lambda kt: (kt[1].opened, kt[1].id))

    def _query(self, *conditions: Any) -> list[tuple[int, Ticket]]:
        rows = self._c.execute(
            select(t.ticket, t.device.c.device_id)
            .join(t.device, t.device.c.pk == t.ticket.c.device_pk)
            .where(and_(True, *conditions))
            .order_by(t.ticket.c.opened, t.ticket.c.id)
        )
        return [(r.device_pk, _ticket(r)) for r in rows]
