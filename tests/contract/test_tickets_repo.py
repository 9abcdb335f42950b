"""TicketRepo: work orders round-trip, are selected by window, device and openness."""

from __future__ import annotations

import dataclasses

from jixiao.domain.availability import Span
from jixiao.domain.tickets import Exemption, ExemptionCategory, Ticket, TicketSource
from jixiao.services.web_ports import WebStore
from tests.scenario import EAST, WEST, device

H = 3600


def test_tickets_round_trip_and_are_selected_by_window_device_and_openness(
    store: WebStore,
) -> None:
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ()), device(WEST, "西门", ())])
        keys = repos.devices.keys([EAST, WEST])
        closed = Ticket(
            "",
            10 * H,
            responded=11 * H,
            arrived=12 * H,
            repaired=20 * H,
            verified=21 * H,
            cause="光缆中断",
            notes="已熔接",
            assignee="王工",
            source=TicketSource.IMPORT,
            exemption=Exemption(ExemptionCategory.ROADWORKS, Span(10 * H, 14 * H), "道路施工"),
        )
        first = repos.tickets.add(keys[EAST], closed)
        running = repos.tickets.add(keys[WEST], Ticket("", 15 * H, source=TicketSource.SYNC))
        only_verified = repos.tickets.add(keys[WEST], Ticket("", 2 * H, verified=5 * H))
    with store.read() as repos:
        found = repos.tickets.get(first)
        assert found == (keys[EAST], dataclasses.replace(closed, device_id=EAST, id=first))
        assert [t.id for _, t in repos.tickets.select()] == [only_verified, first, running]
        assert [t.id for _, t in repos.tickets.select(open_only=True)] == [running]
        assert [t.id for _, t in repos.tickets.select(keys=[keys[WEST]])] == [
            only_verified,
            running,
        ]
        # outages [2,5), [10,20), [15,∞): a window [5, 10) touches none; [19, 16h+) two
        assert repos.tickets.select(window=Span(5 * H, 10 * H)) == []
        assert [t.id for _, t in repos.tickets.select(window=Span(19 * H, 100 * H))] == [
            first,
            running,
        ]
        assert repos.tickets.get(running + 100) is None
    with store.write() as repos:
        repos.tickets.add_many(
            [(keys[EAST], Ticket("", 30 * H)), (keys[WEST], Ticket("", 31 * H, verified=32 * H))]
        )
    with store.read() as repos:
        bulk = [
            (k, t.device_id, t.opened) for k, t in repos.tickets.select(window=Span(30 * H, 40 * H))
        ]
        assert bulk == [  # the running ticket's outage reaches into the window too
            (keys[WEST], WEST, 15 * H),
            (keys[EAST], EAST, 30 * H),
            (keys[WEST], WEST, 31 * H),
        ]
    approved = dataclasses.replace(
        closed,
        id=first,
        exemption=dataclasses.replace(closed.exemption, approved_by="李主任", approved_at=30 * H)
        if closed.exemption
        else None,
    )
    with store.write() as repos:
        repos.tickets.update(approved)
    with store.read() as repos:
        stored = repos.tickets.get(first)
        assert stored is not None and stored[1].exemption is not None
        assert (stored[1].exemption.approved_by, stored[1].exemption.approved_at) == (
            "李主任",
            30 * H,
        )
        assert stored[1].device_id == EAST
        assert repos.tickets.approved_exemptions(Span(0, 100 * H)) == [
            (keys[EAST], Span(10 * H, 14 * H))
        ]
        assert repos.tickets.approved_exemptions(Span(14 * H, 100 * H)) == []
