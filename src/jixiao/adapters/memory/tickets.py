"""Work orders in memory, as adapters/db/tickets.py keeps them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from jixiao.adapters.memory.state import Transaction
from jixiao.domain.availability import Span
from jixiao.domain.tickets import Ticket


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

    def _named(self, key: int, ticket: Ticket) -> Ticket:
        return dataclasses.replace(ticket, device_id=self._tx.tables.device(key).device_id.value)
