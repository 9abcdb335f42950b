"""TicketRepo: work orders round-trip, are selected by window, device and openness."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import inspect

from jixiao.adapters.db import tickets as db_tickets
from jixiao.domain.availability import Span
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
)
from jixiao.services.ports import KeyedChange
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


@pytest.mark.parametrize("bulk", [False, True])
def test_outages_longer_than_the_threshold_become_sync_tickets_once(
    store: WebStore, bulk: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With `bulk`, SQLite takes its way for a first sync of millions (the month index built
    # after the insert): the same tickets, and the month index back for the counts.
    if bulk:
        monkeypatch.setattr(db_tickets, "BULK_TICKETS", 1)
    # EAST: first report offline at 0 (an outage), online 2h; repeated offline reports at
    # 10h and 11h (one outage to 13h); offline 20h–20h30 (exactly the threshold: none);
    # offline from 30h, still down at `now` = 40h; a change at 50h lies after `now`.
    # WEST (taken out of service at 25h): offline 5h–8h, covered by an imported ticket
    # 6h–7h; offline 26h–29h, after its end of service: none.
    now = 40 * H
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ("天网",)), device(WEST, "西门", ())])
        keys = repos.devices.keys([EAST, WEST])
        east, west = keys[EAST], keys[WEST]
        timeline = {
            east: [
                (0, False),
                (2 * H, True),
                (10 * H, False),
                (11 * H, False),
                (13 * H, True),
                (20 * H, False),
                (20 * H + 1800, True),
                (30 * H, False),
                (50 * H, True),
            ],
            west: [(1 * H, True), (5 * H, False), (8 * H, True), (26 * H, False), (29 * H, True)],
        }
        repos.statuses.append(
            [KeyedChange(k, at, on) for k, changes in timeline.items() for at, on in changes],
            source="test",
        )
        repos.tickets.add(west, Ticket("", 6 * H, repaired=7 * H, source=TicketSource.IMPORT))
        found = repos.tickets.open_from_outages(
            threshold_s=1800, now=now, ends={west: 25 * H}, keys=None, cause="自动派单"
        )
        again = repos.tickets.open_from_outages(
            threshold_s=1800, now=now, ends={west: 25 * H}, keys=None, cause="自动派单"
        )
    assert (found, again) == (3, 0)
    with store.read() as repos:
        stored = [
            (k, t.opened // H, None if t.verified is None else t.verified // H, t.source, t.cause)
            for k, t in repos.tickets.select()
            if t.source is TicketSource.SYNC
        ]
        # opened in [0, 40h): the three and the import; restored after 2h, 3h and 1h
        (counts,) = repos.tickets.month_counts([Span(0, now)], group=None, sla=None, as_of=now)
    assert stored == [
        (east, 0, 2, TicketSource.SYNC, "自动派单"),
        (east, 10, 13, TicketSource.SYNC, "自动派单"),
        (east, 30, None, TicketSource.SYNC, "自动派单"),
    ]
    assert counts == TicketCounts(4, 3, 6 * H)
    engine = getattr(store, "engine", None)
    if engine is not None:
        names = {i["name"] for i in inspect(engine).get_indexes("ticket")}
        assert {"ix_ticket_opened_clocks", "ix_ticket_device_clocks"} <= names


def test_a_first_sync_finds_every_outage_when_no_ticket_is_stored(store: WebStore) -> None:
    # With no ticket stored nothing can cover an outage: SQLite inserts straight from the
    # status history and builds the ticket indexes afterwards. EAST: offline from a first
    # report at 0 to 2h; repeated offline reports at 10h and 11h, one outage to 13h; offline
    # 20h–20h30 (exactly the threshold: none); down since 30h at `now` = 40h (its return at
    # 50h lies after `now`). WEST (out of service at 25h): 5h–8h; 26h–29h after its end.
    now = 40 * H
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ()), device(WEST, "西门", ())])
        keys = repos.devices.keys([EAST, WEST])
        east, west = keys[EAST], keys[WEST]
        timeline = {
            east: [
                (0, False),
                (2 * H, True),
                (10 * H, False),
                (11 * H, False),
                (13 * H, True),
                (20 * H, False),
                (20 * H + 1800, True),
                (30 * H, False),
                (50 * H, True),
            ],
            west: [(1 * H, True), (5 * H, False), (8 * H, True), (26 * H, False), (29 * H, True)],
        }
        repos.statuses.append(
            [KeyedChange(k, at, on) for k, changes in timeline.items() for at, on in changes],
            source="test",
        )
        found = repos.tickets.open_from_outages(
            threshold_s=1800, now=now, ends={west: 25 * H}, keys=None, cause="自动派单"
        )
        again = repos.tickets.open_from_outages(
            threshold_s=1800, now=now, ends={west: 25 * H}, keys=None, cause="自动派单"
        )
    assert (found, again) == (4, 0)
    with store.read() as repos:
        stored = [
            (k, t.opened // H, None if t.verified is None else t.verified // H, t.source)
            for k, t in repos.tickets.select()
        ]
        (counts,) = repos.tickets.month_counts([Span(0, now)], group=None, sla=None, as_of=now)
    assert stored == [
        (east, 0, 2, TicketSource.SYNC),
        (west, 5, 8, TicketSource.SYNC),
        (east, 10, 13, TicketSource.SYNC),
        (east, 30, None, TicketSource.SYNC),
    ]
    assert counts == TicketCounts(4, 3, 8 * H)
    engine = getattr(store, "engine", None)
    if engine is not None:
        names = {i["name"] for i in inspect(engine).get_indexes("ticket")}
        assert {"ix_ticket_opened_clocks", "ix_ticket_device_clocks"} <= names


def test_sync_of_some_devices_leaves_the_others(store: WebStore) -> None:
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ()), device(WEST, "西门", ())])
        keys = repos.devices.keys([EAST, WEST])
        repos.statuses.append(
            [KeyedChange(k, at, on) for k in keys.values() for at, on in [(H, False)]],
            source="test",
        )
        assert (
            repos.tickets.open_from_outages(
                threshold_s=60, now=3 * H, ends={}, keys=[keys[WEST]], cause="x"
            )
            == 1
        )
        assert [k for k, _ in repos.tickets.select()] == [keys[WEST]]


def test_a_months_tickets_are_counted_against_the_sla(store: WebStore) -> None:
    # SLA: respond within 2h, repair within 24h; judged at as_of = 100h. Month = [0, 72h).
    # 1: responded 2h (on time), repaired 24h exactly (on time)
    # 2: responded 3h (late), repaired 30h (late)
    # 3: no response (late at as_of), open (late at as_of)
    # 4: responded 1h, verified 40h with 20h approved exemption: deadline 44h, on time
    # 5: in 西门 (not 天网): counted only without a group; 6: opened at 72h, outside
    sla = Sla(2 * H, 24 * H)
    exempt = Exemption(ExemptionCategory.POWER, Span(12 * H, 32 * H), "停电", "李主任", 50 * H)
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ("天网",)), device(WEST, "西门", ())])
        keys = repos.devices.keys([EAST, WEST])
        east, west = keys[EAST], keys[WEST]
        repos.tickets.add_many(
            [
                (east, Ticket("", 0, responded=2 * H, repaired=24 * H)),
                (east, Ticket("", 30 * H, responded=33 * H, repaired=60 * H)),
                (east, Ticket("", 61 * H)),
                (east, Ticket("", 10 * H, responded=11 * H, verified=50 * H, exemption=exempt)),
                (west, Ticket("", 5 * H, responded=6 * H, repaired=8 * H)),
                (east, Ticket("", 72 * H, repaired=73 * H)),
            ]
        )
    month = Span(0, 72 * H)
    with store.read() as repos:
        (scoped,) = repos.tickets.month_counts([month], group="天网", sla=sla, as_of=100 * H)
        (everyone,) = repos.tickets.month_counts([month], group=None, sla=sla, as_of=100 * H)
        (plain,) = repos.tickets.month_counts([month], group=None, sla=None, as_of=100 * H)
        (empty,) = repos.tickets.month_counts(
            [Span(200 * H, 300 * H)], group=None, sla=sla, as_of=0
        )
    # closed: 1, 2, 4 with 24h + 30h + 40h of repair
    assert scoped == TicketCounts(4, 3, 94 * H, 2, 2, 2, 2)
    assert everyone == TicketCounts(5, 4, 97 * H, 3, 2, 3, 2)
    assert plain == TicketCounts(5, 4, 97 * H)
    assert empty == TicketCounts()


def test_every_months_counts_in_one_query_equal_each_months_own(store: WebStore) -> None:
    # Six "months" of 24h each; tickets opened on both sides of each boundary, one before the
    # first and one at the end of the last (outside), some in 西门 (not 天网), late or not.
    sla = Sla(2 * H, 24 * H)
    exempt = Exemption(ExemptionCategory.POWER, Span(30 * H, 40 * H), "停电", "李主任", 50 * H)
    months = [Span(i * 24 * H, (i + 1) * 24 * H) for i in range(6)]
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ("天网",)), device(WEST, "西门", ())])
        keys = repos.devices.keys([EAST, WEST])
        east, west = keys[EAST], keys[WEST]
        repos.tickets.add_many(
            [
                (east, Ticket("", -1, responded=H, repaired=2 * H)),
                (east, Ticket("", 0, responded=2 * H, repaired=24 * H)),
                (east, Ticket("", 24 * H - 1, responded=27 * H, repaired=60 * H)),
                (west, Ticket("", 24 * H, responded=25 * H, repaired=26 * H)),
                (east, Ticket("", 25 * H, responded=26 * H, verified=60 * H, exemption=exempt)),
                (east, Ticket("", 80 * H)),
                (west, Ticket("", 100 * H, repaired=130 * H)),
                (east, Ticket("", 144 * H, repaired=145 * H)),
            ]
        )
    with store.read() as repos:
        for group in ("天网", None):
            for rules in (sla, None):
                every = repos.tickets.month_counts(months, group=group, sla=rules, as_of=110 * H)
                one_by_one = [
                    repos.tickets.month_counts([m], group=group, sla=rules, as_of=110 * H)[0]
                    for m in months
                ]
                assert every == one_by_one
        every = repos.tickets.month_counts(months, group=None, sla=sla, as_of=110 * H)
        # out of order, and no window at all
        backwards = repos.tickets.month_counts(months[::-1], group=None, sla=sla, as_of=110 * H)
        nothing = repos.tickets.month_counts([], group=None, sla=sla, as_of=0)
        with pytest.raises(ValueError):
            repos.tickets.month_counts(
                [Span(0, 48 * H), Span(24 * H, 72 * H)], group=None, sla=None, as_of=0
            )
    assert backwards == every[::-1]
    assert nothing == []
    # hand-counted: month 0 holds the tickets at 0 and 24h-1 (both closed, after 24h and
    # 36h+1s; the second responded and repaired late); month 1 the 西门 one at 24h (on time)
    # and the exempted one (repair due at 25h+24h+10h = 59h, verified at 60h: late); month 3
    # the open one at 80h (late by 110h on both counts); month 5 none (144h is the end)
    assert every[0] == TicketCounts(2, 2, 24 * H + 36 * H + 1, 1, 1, 1, 1)
    assert every[1] == TicketCounts(2, 2, 2 * H + 35 * H, 2, 0, 1, 1)
    assert every[2] == every[5] == TicketCounts()
    assert every[3] == TicketCounts(1, 0, 0, 0, 1, 0, 1)


def test_a_page_of_tickets_is_what_the_query_matches_in_order_with_the_count(
    store: WebStore,
) -> None:
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ()), device(WEST, "西门", ())])
        keys = repos.devices.keys([EAST, WEST])
        pending = Exemption(ExemptionCategory.POWER, Span(3 * H, 4 * H), "停电")
        approved = dataclasses.replace(pending, approved_by="李科长", approved_at=9 * H)
        repos.tickets.add_many(
            [
                (keys[EAST], Ticket("", 1 * H, repaired=2 * H, cause="光缆中断", assignee="王工")),
                (keys[WEST], Ticket("", 3 * H, cause="停电", exemption=pending)),
                (keys[EAST], Ticket("", 5 * H, verified=6 * H, cause="停电", exemption=approved)),
                (keys[WEST], Ticket("", 7 * H, cause="100%_光缆")),
                (keys[EAST], Ticket("", 30 * H, assignee="王工")),
                (keys[WEST], Ticket("", 31 * H, verified=32 * H, cause="ONU掉线", assignee="Li")),
            ]
        )
    cases = [
        TicketQuery(),
        TicketQuery(text="王工"),
        TicketQuery(text=WEST[-6:]),
        TicketQuery(text="100%_"),  # LIKE's wildcards are taken as written
        TicketQuery(text="%"),
        TicketQuery(state=TicketState.OPEN),
        TicketQuery(state=TicketState.PENDING),
        TicketQuery(state=TicketState.APPROVED),
        TicketQuery(text="停电", opened_in=Span(4 * H, 24 * H)),
        TicketQuery(text="onu"),  # letters in any case, in every store
        TicketQuery(text="LI"),
    ]
    with store.read() as repos:
        every = repos.tickets.select()
        for query in cases:
            expected = [(k, t) for k, t in every if query.matches(t)]
            assert repos.tickets.page(query, offset=0, limit=100) == (expected, len(expected))
            assert repos.tickets.page(query, offset=1, limit=2) == (expected[1:3], len(expected))
        # hand-counted: 2 of 王工, 3 open, 1 pending, 1 approved, 1 停电 opened in [4h, 24h)
        counts = [repos.tickets.page(q, offset=0, limit=0)[1] for q in cases]
        assert counts == [6, 2, 3, 1, 1, 3, 1, 1, 1, 1, 1]


def test_a_deleted_devices_tickets_are_not_counted_until_it_is_restored(store: WebStore) -> None:
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ("天网",)), device(WEST, "西门", ("天网",))])
        keys = repos.devices.keys([EAST, WEST])
        repos.tickets.add_many(
            [
                (keys[EAST], Ticket("", 1 * H, repaired=3 * H)),
                (keys[WEST], Ticket("", 2 * H, repaired=10 * H)),
            ]
        )
        repos.devices.set_deleted(keys[WEST], 50 * H)
    month, sla = Span(0, 24 * H), Sla(2 * H, 4 * H)
    with store.read() as repos:
        for group in (None, "天网"):
            (counts,) = repos.tickets.month_counts([month], group=group, sla=sla, as_of=24 * H)
            assert counts == TicketCounts(1, 1, 2 * H, 0, 1, 1, 0)
    with store.write() as repos:
        repos.devices.set_deleted(keys[WEST], None)
    with store.read() as repos:
        for group in (None, "天网"):
            (counts,) = repos.tickets.month_counts([month], group=group, sla=sla, as_of=24 * H)
            assert counts == TicketCounts(2, 2, 10 * H, 0, 2, 1, 1)


def test_a_sync_tickets_own_cause_reads_back_and_is_found_by_its_words(store: WebStore) -> None:
    # the sync's cause may be kept as '' by a store (millions of rows a year); it reads back
    # as SYNC_CAUSE, is found by its words, and any other cause stays as written
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ()), device(WEST, "西门", ())])
        keys = repos.devices.keys([EAST, WEST])
        repos.statuses.append(
            [KeyedChange(keys[EAST], 0, False), KeyedChange(keys[EAST], 2 * H, True)],
            source="test",
        )
        assert (
            repos.tickets.open_from_outages(
                threshold_s=1800, now=3 * H, ends={}, keys=None, cause=SYNC_CAUSE
            )
            == 1
        )
        repos.tickets.add(keys[WEST], Ticket("", 5 * H, cause="光缆中断", source=TicketSource.SYNC))
        repos.tickets.add(keys[WEST], Ticket("", 9 * H, source=TicketSource.MANUAL))
    with store.read() as repos:
        causes = [t.cause for _, t in repos.tickets.select()]
        found = repos.tickets.page(TicketQuery(text="自动派单"), offset=0, limit=10)
        other = repos.tickets.page(TicketQuery(text="光缆"), offset=0, limit=10)
    assert causes == [SYNC_CAUSE, "光缆中断", ""]
    assert [t.opened for _, t in found[0]] == [0] and found[1] == 1
    assert [t.opened for _, t in other[0]] == [5 * H]
    engine = getattr(store, "engine", None)
    if engine is not None:  # a SQL store keeps the sync's own words once, not per row
        with engine.connect() as connection:
            stored = connection.exec_driver_sql("SELECT cause FROM ticket ORDER BY opened")
            assert [r[0] for r in stored] == ["", "光缆中断", ""]


def test_more_windows_than_one_statement_holds_are_all_counted(store: WebStore) -> None:
    # 600 one-hour windows: more than SQLite's 500 terms of a compound SELECT, so the whole
    # store's counts take several statements; each window still gets its own tickets.
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ()), device(WEST, "西门", ())])
        keys = repos.devices.keys([EAST, WEST])
        repos.tickets.add_many(
            [
                (keys[EAST], Ticket("", 3 * H + 60, repaired=4 * H)),
                (keys[WEST], Ticket("", 3 * H + 120, repaired=5 * H)),
                (keys[EAST], Ticket("", 250 * H, repaired=251 * H)),
                (keys[WEST], Ticket("", 599 * H + 1, verified=600 * H + 1)),
            ]
        )
    hours = [Span(i * H, (i + 1) * H) for i in range(600)]
    with store.read() as repos:
        counts = repos.tickets.month_counts(hours, group=None, sla=None, as_of=700 * H)
    busy = {i: c for i, c in enumerate(counts) if c != TicketCounts()}
    assert busy == {
        3: TicketCounts(2, 2, (H - 60) + (2 * H - 120)),
        250: TicketCounts(1, 1, H),
        599: TicketCounts(1, 1, H),
    }
