"""Use cases of work orders (工单): open them from outages, import them, list them, approve
exemptions, and the time approved exemptions excuse (the corrected online rate's input).

Every change is audited in its own transaction. An import is all or nothing: a row whose
times contradict each other, whose exemption lies outside its outage, or whose outage
overlaps another ticket of the same device is refused with its line, and nothing is stored.
Importing the same ticket again (same device, same opening) replaces it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jixiao.domain.availability import NEVER_AFTER, Span, coverage, day_start, life_span, local_days
from jixiao.domain.errors import DomainError, Problem
from jixiao.domain.tickets import (
    SYNC_CAUSE,
    Exemption,
    ExemptionCategory,
    Ticket,
    TicketQuery,
    TicketSource,
    TicketState,
    exempted_offline_s,
    outages,
    overlapping,
    problems,
)
from jixiao.services.audit import record
from jixiao.services.inventory import Numbered, RowsRejected
from jixiao.services.monitoring import (
    AvailabilityQuery,
    AvailabilityReport,
    Method,
    compute_availability,
)
from jixiao.services.ports import StoredDevice
from jixiao.services.web_errors import NotFound
from jixiao.services.web_ports import WebRepos, WebStore


@dataclass(frozen=True, slots=True)
class SyncResult:
    opened: int
    closed: int


def sync_tickets(
    repos: WebRepos,
    *,
    threshold_s: int,
    zone: dt.tzinfo,
    actor: str,
    now: int,
    since: int | None = None,
) -> SyncResult:
    """A ticket for every outage longer than `threshold_s` (up to `now`), closed (verified)
    when the device came back. Idempotent: an outage that already has a ticket, or that a
    ticket from elsewhere covers, gets none; only its own open ticket is closed.

    With `since` (the previous sync's `now`), only the devices whose last change is at or
    after it, or that are offline, are looked at: what `jixiao serve` does as transitions
    arrive. Changes imported into the past need a full sync (`jixiao tickets sync`).

    The store finds and adds the new tickets itself (TicketRepo.open_from_outages: in SQL,
    one query over the status history and one INSERT … SELECT); only the few open ones are
    walked here."""
    keys: list[int] | None = None
    if since is not None:
        last = repos.presence.latest()
        wanted = [k for k, (at, online) in last.items() if at >= since or not online]
        keys = [d.key for d in repos.devices.by_keys(wanted)]  # not a deleted device's
    ends = {  # the few devices with an end of service, not every device read
        key: life_span(start, end, zone).end
        for key, (start, end) in repos.devices.decommissioned().items()
    }
    closed = _close_returned(repos, keys, ends, threshold_s, now)
    opened = 0
    if keys is None or keys:
        opened = repos.tickets.open_from_outages(
            threshold_s=threshold_s, now=now, ends=ends, keys=keys, cause=SYNC_CAUSE
        )
    if opened or closed:
        record(
            repos,
            actor=actor,
            at=now,
            action="create",
            entity="ticket",
            target="工单同步",
            after={"新开工单": opened, "已恢复关闭": closed, "阈值分钟": threshold_s // 60},
        )
    return SyncResult(opened, closed)


def _close_returned(
    repos: WebRepos,
    keys: Sequence[int] | None,
    ends: Mapping[int, int],
    threshold_s: int,
    now: int,
) -> int:
    """Close (verify) each open sync ticket whose outage has ended: the device came back."""
    wanted = None if keys is None else set(keys)
    running = [
        (key, ticket)
        for key, ticket in repos.tickets.select(open_only=True)
        if ticket.source is TicketSource.SYNC and (wanted is None or key in wanted)
    ]
    if not running:
        return 0
    histories = repos.statuses.histories(sorted({k for k, _ in running}), Span(0, now + 1))
    closed = 0
    for key, ticket in running:
        _, changes = histories.get(key, (False, []))
        for start, end in outages(changes):
            if (
                start == ticket.opened
                and end is not None
                and end - start > threshold_s
                and start < ends.get(key, NEVER_AFTER)
            ):
                repos.tickets.update(dataclasses.replace(ticket, verified=end))
                closed += 1
    return closed


def import_tickets(
    repos: WebRepos, rows: Sequence[Numbered[Ticket]], *, source: str, actor: str, now: int
) -> tuple[int, int]:
    """Add the tickets, replacing a stored one of the same device and opening; (added,
    replaced). Approvals given in the file are dated `now` and audited with the import."""
    found: list[Problem] = []
    keys = repos.devices.keys(r.value.device_id for r in rows)
    line_of: dict[int, int] = {}
    for row in rows:
        line_of[id(row.value)] = row.line
        if row.value.device_id not in keys:
            found.append(
                Problem(
                    source,
                    f"设备{row.value.device_id}不在设备清单中；请先导入点位表",
                    row.line,
                    "device_id",
                )
            )
        found.extend(Problem(source, m, row.line, f) for f, m in problems(row.value))
    if found:
        raise RowsRejected(found)
    wanted = {keys[r.value.device_id] for r in rows}
    existing = {(t.device_id, t.opened): t for _, t in repos.tickets.select(keys=sorted(wanted))}
    new = [r.value for r in rows]
    replaced_keys = {(t.device_id, t.opened) for t in new}
    kept = [t for k, t in existing.items() if k not in replaced_keys]
    for earlier, later in overlapping([*new, *kept]):
        mine = [t for t in (earlier, later) if id(t) in line_of]
        if not mine:
            continue
        other = later if mine[-1] is earlier else earlier
        where = f"第{line_of[id(other)]}行" if id(other) in line_of else f"库中已有工单#{other.id}"
        found.append(
            Problem(
                source,
                f"与{where}是同一设备的工单，故障时段重叠；一次故障只开一张工单",
                line_of[id(mine[-1])],
                "opened",
            )
        )
    if found:
        raise RowsRejected(sorted(found, key=lambda p: p.line or 0))
    added = replaced = 0
    approvals = 0
    for ticket in new:
        if ticket.exemption is not None and ticket.exemption.approved:
            approvals += 1
            ticket = dataclasses.replace(
                ticket, exemption=dataclasses.replace(ticket.exemption, approved_at=now)
            )
        old = existing.get((ticket.device_id, ticket.opened))
        if old is None:
            repos.tickets.add(keys[ticket.device_id], ticket)
            added += 1
        else:
            repos.tickets.update(dataclasses.replace(ticket, id=old.id))
            replaced += 1
    record(
        repos,
        actor=actor,
        at=now,
        action="import",
        entity="ticket",
        target=source,
        after={"新增": added, "更新": replaced, "含已批准免责": approvals},
    )
    return added, replaced


def list_tickets(repos: WebRepos, *, open_only: bool = False) -> list[Ticket]:
    return [t for _, t in repos.tickets.select(open_only=open_only)]


TICKETS_PER_PAGE = 50


@dataclass(frozen=True, slots=True)
class TicketPage:
    tickets: list[Ticket]
    total: int  # every ticket the query selects
    page: int  # 1-based, within 1..pages
    pages: int


def ticket_page(
    repos: WebRepos,
    zone: dt.tzinfo,
    *,
    text: str,
    state: TicketState | None,
    month: dt.date | None,
    page: int,
    size: int = TICKETS_PER_PAGE,
) -> TicketPage:
    """One page of the work orders with `text` in their device id, cause or assignee, in
    `state`, opened in `month` (the first of a month, local time), by opening time; a page
    past the last is the last."""
    opened_in = None
    if month is not None:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        opened_in = Span(day_start(month, zone), day_start(following, zone))
    query = TicketQuery(text, state, opened_in)
    page = max(1, page)
    rows, total = repos.tickets.page(query, offset=(page - 1) * size, limit=size)
    pages = max(1, -(-total // size))
    if page > pages:
        page = pages
        rows, total = repos.tickets.page(query, offset=(page - 1) * size, limit=size)
    return TicketPage([t for _, t in rows], total, page, pages)


def set_approval(repos: WebRepos, ticket_id: int, *, approve: bool, actor: str, now: int) -> Ticket:
    """Approve a ticket's exemption request (by `actor`, at `now`), or withdraw the approval."""
    found = repos.tickets.get(ticket_id)
    if found is None:
        raise NotFound(f"没有编号为{ticket_id}的工单")
    ticket = found[1]
    if ticket.exemption is None:
        raise DomainError(f"工单{ticket_id}没有免责申请")
    before = ticket.exemption.approved_by
    exemption: Exemption = (
        ticket.exemption.approve(actor, now) if approve else ticket.exemption.withdraw()
    )
    changed = dataclasses.replace(ticket, exemption=exemption)
    repos.tickets.update(changed)
    record(
        repos,
        actor=actor,
        at=now,
        action="update",
        entity="ticket",
        target=f"#{ticket_id} 设备{ticket.device_id}",
        before={"免责审批人": before},
        after={"免责审批人": exemption.approved_by, "免责类别": exemption.category.value},
    )
    return changed


def exempted_seconds(
    repos: WebRepos, devices: Sequence[StoredDevice], buckets: Sequence[Span], zone: dt.tzinfo
) -> list[int]:
    """Per bucket, the offline expected seconds of `devices` that approved exemptions excuse
    (maintenance and time out of service are already not expected: never excused twice)."""
    window = Span(buckets[0].start, buckets[-1].end)
    by_key = {d.key: d for d in devices}
    spans: dict[int, list[Span]] = defaultdict(list)
    for key, span in repos.tickets.approved_exemptions(window):
        if key in by_key:
            spans[key].append(span)
    out = [0] * len(buckets)
    if not spans:
        return out
    device_windows: dict[int, list[Span]] = defaultdict(list)
    group_windows: dict[str, list[Span]] = defaultdict(list)
    for w in repos.maintenance.overlapping(window):
        if w.device_key is not None:
            device_windows[w.device_key].append(w.span)
        elif w.group is not None:
            group_windows[w.group].append(w.span)
    histories = repos.statuses.histories(sorted(spans), window)
    for key, exempt in spans.items():
        d = by_key[key].device
        cuts = device_windows.get(key, []) + [s for g in d.groups for s in group_windows.get(g, [])]
        life = life_span(d.commissioned, d.decommissioned, zone)
        initially_online, changes = histories.get(key, (False, []))
        for i, bucket in enumerate(buckets):
            counted = coverage(key, bucket, life, cuts).counted
            out[i] += exempted_offline_s(
                changes,
                initially_online=initially_online,
                counted=counted,
                exempt=exempt,
                window=bucket,
            )
    return out


def with_exemptions(
    repos: WebRepos, report: AvailabilityReport, zone: dt.tzinfo
) -> AvailabilityReport:
    """The report with the time approved exemptions excuse (its corrected rate); the raw
    rate is left as it was. Time-weighted only: a sampled rate is not corrected."""
    if report.query.method is not Method.TIME:
        return report
    q = report.query
    days = local_days(q.first, q.last, zone)
    window = Span(days[0].start, days[-1].end)
    excused = excused_in(repos, q.group, window, zone, area=q.area)
    return dataclasses.replace(report, exempted_s=excused)


def excused_in(
    repos: WebRepos, group: str | None, window: Span, zone: dt.tzinfo, *, area: str | None = None
) -> int:
    """The seconds approved exemptions excuse in `window` for `group` (None: every device; and
    `area`, when given), reading only the devices that have an approved exemption in it:
    exempted_seconds needs no others, and the whole group is 100,000 devices at scale."""
    keys = sorted({k for k, _ in repos.tickets.approved_exemptions(window)})
    if not keys:
        return 0
    devices = [
        d
        for d in repos.devices.by_keys(keys)
        if (group is None or group in d.device.groups) and (area is None or d.device.area == area)
    ]
    return exempted_seconds(repos, devices, [window], zone)[0] if devices else 0


def availability(store: WebStore, query: AvailabilityQuery, zone: dt.tzinfo) -> AvailabilityReport:
    """The online rate, raw and corrected, in one read (what `jixiao availability` prints)."""
    with store.read() as repos:
        report = compute_availability(repos, query, zone, store.describe())
        return with_exemptions(repos, report, zone)


def request_exemption(
    repos: WebRepos,
    ticket_id: int,
    category: ExemptionCategory,
    span: Span,
    reason: str,
    *,
    actor: str,
    now: int,
) -> Ticket:
    """Ask that `span` of a ticket's outage be excused; it counts once approved (and a new
    request replaces an earlier one, approval included)."""
    found = repos.tickets.get(ticket_id)
    if found is None:
        raise NotFound(f"没有编号为{ticket_id}的工单")
    if not reason.strip():
        raise DomainError("请写明免责原因，如 供电所计划检修")
    changed = dataclasses.replace(found[1], exemption=Exemption(category, span, reason.strip()))
    if wrong := problems(changed):
        raise DomainError(wrong[0][1])
    repos.tickets.update(changed)
    record(
        repos,
        actor=actor,
        at=now,
        action="create",
        entity="ticket",
        target=f"#{ticket_id} 设备{changed.device_id}",
        after={
            "免责类别": category.value,
            "免责原因": reason.strip(),
            "免责小时": span.length / 3600,
        },
    )
    return changed
