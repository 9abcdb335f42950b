"""Work orders in memory, as adapters/db/tickets.py keeps them."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from itertools import pairwise

from jixiao.adapters.memory.state import Transaction
from jixiao.domain.availability import NEVER_AFTER, Span
from jixiao.domain.tickets import (
    Sla,
    Ticket,
    TicketCounts,
    TicketQuery,
    TicketSource,
    count_tickets,
    outages,
)


class MemoryTicketRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, key: int, ticket: Ticket) -> int:
        t = self._tx.writing()
        t.device(key)
        ticket_id = t.new_key("ticket")
        t.tickets[ticket_id] = (key, dataclasses.replace(ticket, id=ticket_id, device_id=""))
        return ticket_id

    def add_many(self, tickets: Sequence[tuple[int, Ticket]]) -> None:
        for key, ticket in tickets:
            self.add(key, ticket)

    def update(self, ticket: Ticket) -> None:
        t = self._tx.writing()
        key, _ = t.tickets[ticket.id]
        t.tickets[ticket.id] = (key, dataclasses.replace(ticket, device_id=""))

    def get(self, ticket_id: int) -> tuple[int, Ticket] | None:
        found = self._tx.tables.tickets.get(ticket_id)
        return None if found is None else (found[0], self._named(*found))

    def approved_exemptions(self, window: Span) -> list[tuple[int, Span]]:
        found = [
            (key, t.exemption.span)
            for key, t in self._tx.tables.tickets.values()
            if t.exemption is not None
            and t.exemption.approved
            and t.exemption.span.start < window.end
            and t.exemption.span.end > window.start
        ]
        return sorted(found, key=lambda ks: (ks[1].start, ks[0]))

    def select(
        self,
        *,
        window: Span | None = None,
        keys: Sequence[int] | None = None,
        open_only: bool = False,
    ) -> list[tuple[int, Ticket]]:
        wanted = None if keys is None else set(keys)
        found = [
            (key, self._named(key, ticket))
            for key, ticket in self._tx.tables.tickets.values()
            if (wanted is None or key in wanted)
            and (not open_only or not ticket.closed)
            and (
                window is None or (ticket.opened < window.end and ticket.outage.end > window.start)
            )
        ]
        return sorted(found, key=lambda kt: (kt[1].opened, kt[1].id))

    def page(
        self, query: TicketQuery, *, offset: int, limit: int
    ) -> tuple[list[tuple[int, Ticket]], int]:
        found = [(k, t) for k, t in self.select() if query.matches(t)]
        return found[offset : offset + limit], len(found)

    def open_from_outages(
        self,
        *,
        threshold_s: int,
        now: int,
        ends: Mapping[int, int],
        keys: Sequence[int] | None,
        cause: str,
    ) -> int:
        tables = self._tx.tables
        wanted = sorted(tables.changes) if keys is None else sorted(set(keys))
        stored = [(key, t.outage) for key, t in tables.tickets.values()]
        new = []
        for key in wanted:
            mine = [span for k, span in stored if k == key]
            changes = [(at, on) for at, on in tables.timeline(key) if at <= now]
            for start, end in outages(changes):
                lasted = (now if end is None else end) - start
                if lasted <= threshold_s or start >= ends.get(key, NEVER_AFTER):
                    continue
                stop = now + 1 if end is None else end
                if any(s.start == start or (s.start < stop and s.end > start) for s in mine):
                    continue
                new.append(
                    (key, Ticket("", start, verified=end, cause=cause, source=TicketSource.SYNC))
                )
        self.add_many(new)
        return len(new)

    def month_counts(
        self, windows: Sequence[Span], *, group: str | None, sla: Sla | None, as_of: int
    ) -> list[TicketCounts]:
        ordered = sorted(windows, key=lambda w: w.start)
        if any(a.end > b.start for a, b in pairwise(ordered)):
            raise ValueError("month_counts: the windows overlap")
        tables = self._tx.tables
        mine = [  # a deleted device is set aside, out of tables.devices
            t
            for key, t in tables.tickets.values()
            if key in tables.devices and (group is None or group in tables.devices[key].groups)
        ]
        return [
            count_tickets([t for t in mine if w.start <= t.opened < w.end], sla, as_of)
            for w in windows
        ]

    def _named(self, key: int, ticket: Ticket) -> Ticket:
        return dataclasses.replace(ticket, device_id=self._tx.tables.device(key).device_id.value)
