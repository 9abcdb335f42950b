"""Work orders (工单): one fault of one device, its clocks, and an exemption (免责) request.

Times are epoch seconds, intervals half-open [start, end), as in domain.availability. A
ticket opens when the fault is reported (or the outage began), is responded to, someone
arrives, the device is repaired and then seen online again (verified). Its outage is
[opened, restored), where restored is the repair time, else the verification time, else
open-ended.

An exemption asks that part of the outage not count against the contractor (停电, 道路施工,
不可抗力, 业主原因 …). Only an approved exemption changes the corrected online rate; an
approval records who and when, and can be withdrawn (the request stays).

SLA clocks (domain.assessment uses them): response = responded − opened, repair =
restored − opened less the approved exemption; a clock that ends exactly at its deadline
is on time. A ticket still
running when it is assessed is late once its deadline has passed.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from jixiao.domain.availability import NEVER_AFTER, Span, merge, online_spans, overlap, subtract
from jixiao.domain.errors import DomainError

HOUR_S = 3600


class TicketError(DomainError):
    """A work order whose times or exemption contradict each other."""


class ExemptionCategory(StrEnum):
    POWER = "停电"
    ROADWORKS = "道路施工"
    FORCE_MAJEURE = "不可抗力"
    OWNER = "业主原因"
    OTHER = "其他"


CATEGORY_WORDS = "、".join(c.value for c in ExemptionCategory)


def exemption_category(text: str) -> ExemptionCategory:
    """The category a reason names: "停电（供电局检修）" is 停电; anything else is 其他."""
    for category in ExemptionCategory:
        if category is not ExemptionCategory.OTHER and category.value in text:
            return category
    return ExemptionCategory.OTHER


class TicketSource(StrEnum):
    SYNC = "sync"  # opened from an outage in the status history
    IMPORT = "import"  # from another system's export
    MANUAL = "manual"  # typed in


SYNC_CAUSE = "离线超过阈值，自动派单"
"""The cause of a ticket the sync opened. A store may keep it as an empty cause (a year of
100,000 cameras opens millions of them: the same words in every row are a fifth of the
table); `cause_of` gives it back."""


def cause_of(source: TicketSource, stored: str) -> str:
    """The cause as shown: a sync ticket with no cause stored is the sync's own."""
    return SYNC_CAUSE if source is TicketSource.SYNC and not stored else stored


@dataclass(frozen=True, slots=True)
class Exemption:
    """A request that `span` of the outage be excused; counted only once approved."""

    category: ExemptionCategory
    span: Span
    reason: str = ""
    approved_by: str | None = None
    approved_at: int | None = None

    @property
    def approved(self) -> bool:
        return self.approved_by is not None

    def approve(self, who: str, at: int) -> Exemption:
        if not who.strip():
            raise TicketError("审批人不能为空")
        return dataclasses.replace(self, approved_by=who.strip(), approved_at=at)

    def withdraw(self) -> Exemption:
        """The approval taken back; the request stays, and counts no more."""
        return dataclasses.replace(self, approved_by=None, approved_at=None)


@dataclass(frozen=True, slots=True)
class Ticket:
    device_id: str
    opened: int
    responded: int | None = None
    arrived: int | None = None
    repaired: int | None = None
    verified: int | None = None
    cause: str = ""
    notes: str = ""
    assignee: str = ""
    source: TicketSource = TicketSource.MANUAL
    exemption: Exemption | None = None
    id: int = 0

    @property
    def restored(self) -> int | None:
        """When the fault ended: repaired, else seen online again; None while it runs."""
        return self.repaired if self.repaired is not None else self.verified

    @property
    def closed(self) -> bool:
        return self.restored is not None

    @property
    def outage(self) -> Span:
        return Span(self.opened, NEVER_AFTER if self.restored is None else self.restored)

    def repair_s(self) -> int | None:
        return None if self.restored is None else self.restored - self.opened


def problems(ticket: Ticket) -> list[tuple[str, str]]:
    """(field, Chinese message) for every contradiction in one ticket; empty when it is sound."""
    found = []
    for name, label in (
        ("responded", "响应时间"),
        ("arrived", "到场时间"),
        ("repaired", "修复时间"),
        ("verified", "恢复在线时间"),
    ):
        value = getattr(ticket, name)
        if value is not None and value < ticket.opened:
            found.append((name, f"{label}早于报修时间"))
    if (
        ticket.repaired is not None
        and ticket.verified is not None
        and ticket.verified < ticket.repaired
    ):
        found.append(("verified", "恢复在线时间早于修复时间"))
    exemption = ticket.exemption
    if exemption is not None:
        if exemption.span.length == 0:
            found.append(("exempt_to", "免责结束时间应晚于免责开始时间"))
        elif exemption.span.clip(ticket.outage) != exemption.span:
            found.append(("exempt_from", "免责时段超出了故障时段（报修至修复）"))
    return found


def check(ticket: Ticket) -> Ticket:
    """The ticket, or TicketError with its first contradiction."""
    if found := problems(ticket):
        raise TicketError(found[0][1])
    return ticket


def overlapping(tickets: Iterable[Ticket]) -> list[tuple[Ticket, Ticket]]:
    """Pairs of tickets of one device whose outages overlap (one fault, one ticket)."""
    by_device: dict[str, list[Ticket]] = defaultdict(list)
    for t in tickets:
        by_device[t.device_id].append(t)
    pairs = []
    for mine in by_device.values():
        mine.sort(key=lambda t: t.opened)
        for earlier, later in itertools.pairwise(mine):
            if later.opened < earlier.outage.end:
                pairs.append((earlier, later))
    return pairs


class TicketState(StrEnum):
    """The states a work-order list is filtered by."""

    OPEN = "open"  # not repaired and not seen online again
    PENDING = "pending"  # an exemption requested, not approved
    APPROVED = "approved"  # an exemption approved


@dataclass(frozen=True, slots=True)
class TicketQuery:
    """Which work orders a list shows: `text` in the device id, the cause or the assignee; a
    state; opened within `opened_in`. Every store selects exactly what `matches` says."""

    text: str = ""
    state: TicketState | None = None
    opened_in: Span | None = None

    def matches(self, ticket: Ticket) -> bool:
        e, q = ticket.exemption, self.text.casefold()
        return (
            (
                not q
                or any(q in w.casefold() for w in (ticket.device_id, ticket.cause, ticket.assignee))
            )
            and (self.state is not TicketState.OPEN or not ticket.closed)
            and (self.state is not TicketState.PENDING or (e is not None and not e.approved))
            and (self.state is not TicketState.APPROVED or (e is not None and e.approved))
            and (
                self.opened_in is None or self.opened_in.start <= ticket.opened < self.opened_in.end
            )
        )


@dataclass(frozen=True, slots=True)
class Sla:
    """The contract's clocks: respond within `respond_s`, repair within `repair_s`."""

    respond_s: int
    repair_s: int

    def response_late(self, ticket: Ticket, as_of: int) -> bool:
        """Answered after the deadline, or unanswered with the deadline past at `as_of`."""
        deadline = ticket.opened + self.respond_s
        if ticket.responded is not None:
            return ticket.responded > deadline
        return as_of > deadline

    def repair_late(self, ticket: Ticket, as_of: int) -> bool:
        """Restored after the deadline (exactly at it is on time), or still down past it.

        An approved exemption stops the clock for its length: a road closed for two days
        does not make the repair late."""
        e = ticket.exemption
        paused = e.span.length if e is not None and e.approved else 0
        deadline = ticket.opened + self.repair_s + paused
        restored = ticket.restored
        if restored is not None:
            return restored > deadline
        return as_of > deadline


@dataclass(frozen=True, slots=True)
class TicketCounts:
    """A month's tickets as the assessment counts them (the store may count them itself:
    adapters/db/tickets.py does it in one GROUP BY query, with the same rules as below)."""

    tickets: int = 0
    closed: int = 0
    repair_s: int = 0  # the restored tickets' repair times, summed
    responded_on_time: int = 0
    late_responses: int = 0
    repaired_on_time: int = 0
    late_repairs: int = 0


def count_tickets(tickets: Iterable[Ticket], sla: Sla | None, as_of: int) -> TicketCounts:
    """Closed tickets and their repair time; with an SLA, the on-time and late ones."""
    n = closed = repair_s = on_time_response = late_response = on_time_repair = late_repair = 0
    for ticket in tickets:
        n += 1
        if (seconds := ticket.repair_s()) is not None:
            closed += 1
            repair_s += seconds
        if sla is None:
            continue
        if sla.response_late(ticket, as_of):
            late_response += 1
        elif ticket.responded is not None:
            on_time_response += 1
        if sla.repair_late(ticket, as_of):
            late_repair += 1
        elif ticket.closed:
            on_time_repair += 1
    return TicketCounts(
        n, closed, repair_s, on_time_response, late_response, on_time_repair, late_repair
    )


def outages(changes: Sequence[tuple[int, bool]]) -> list[tuple[int, int | None]]:
    """(start, end) of each offline run after a device first reported (a first report of
    offline starts one); end None: still down. Ticket sync opens tickets from these."""
    found: list[tuple[int, int | None]] = []
    state: bool | None = None
    start = 0
    for at, online in changes:
        if not online and state is not False:
            start = at
        elif online and state is False:
            found.append((start, at))
        state = online
    if state is False:
        found.append((start, None))
    return found


def approved_spans(tickets: Iterable[Ticket]) -> list[Span]:
    """The approved exemptions' intervals, merged."""
    return merge(t.exemption.span for t in tickets if t.exemption and t.exemption.approved)


def exempted_offline_s(
    changes: Sequence[tuple[int, bool]],
    *,
    initially_online: bool,
    counted: Sequence[Span],
    exempt: Sequence[Span],
    window: Span,
) -> int:
    """Offline seconds that an approved exemption excuses: offline ∩ expected ∩ exempt.

    `counted` is the device's expected time (life minus maintenance) within `window`, so
    time already excluded as maintenance is not excused twice, and online time is never
    excused: the corrected rate is online ÷ (expected − this), never below the raw rate.
    """
    if not exempt or not counted:
        return 0
    online = online_spans(changes, window, initially_online=initially_online)
    offline = [gap for span in counted for gap in subtract(span, online)]
    return sum(s.length for s in overlap(merge(offline), merge(exempt)))
