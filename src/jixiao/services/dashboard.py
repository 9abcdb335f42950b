"""The overview (总览): every project (the page scores each row by its own request: see
ProjectHead),  the share of devices online now (当前在线) and
the online rate (在线率) of the last 30 days, open faults (devices offline now) and projects
whose indicators lack evidence.

当前在线 is a snapshot: the devices in service whose status now (services.status_now) is
online, over the devices in service. 在线率 is only ever the time-weighted or sampled rate over
a period (services.monitoring.compute_availability): here the last 30 whole days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from jixiao.domain.availability import from_seconds
from jixiao.domain.status import DeviceStatus, counts_as_offline
from jixiao.services.monitoring import (
    AvailabilityQuery,
    Breakdown,
    OfflineDevice,
    compute_availability,
)
from jixiao.services.om_lists import offline_page
from jixiao.services.ports import DeviceSelection
from jixiao.services.projects import Evaluated, ProjectHead, list_projects, project_heads
from jixiao.services.shared_selection import sharing_selections
from jixiao.services.status_now import tally_statuses
from jixiao.services.web_ports import WebStore

MISSING_RULES = ("missing-evidence", "unresolved-evidence", "missing-target")
TREND_DAYS = 30


@dataclass(frozen=True, slots=True)
class ProjectLine:
    key: int
    name: str
    year: int
    total: Decimal
    grade: str
    execution_rate: Decimal | None
    arrears: Decimal | None
    errors: int
    missing: list[str]  # 三级指标 lacking evidence or a target
    empty_blocks: list[str]  # 一级指标 with no 三级指标 at all: not "complete" either


@dataclass(frozen=True, slots=True)
class Overview:
    projects: list[ProjectLine]
    in_service: int  # devices in service now
    online: int  # of which online now
    trend: list[tuple[str, Fraction | None]]  # the online rate of each of the last 30 days
    trend_rate: Fraction | None  # the online rate over those 30 days
    offline: list[OfflineDevice]  # the open faults read (all, or the first `faults_shown`)
    offline_count: int  # every open fault
    heads: list[ProjectHead] = field(default_factory=list)  # every project, scored or not

    @property
    def online_now(self) -> Fraction | None:
        """当前在线: the share of the devices in service that are online now (not a rate over
        any period: that is `trend_rate`)."""
        return Fraction(self.online, self.in_service) if self.in_service else None

    @property
    def incomplete(self) -> list[ProjectLine]:
        return [p for p in self.projects if p.missing or p.empty_blocks]


def project_line(item: Evaluated) -> ProjectLine:
    e = item.evaluation
    arrears = [c.arrears for c in e.contracts if c.arrears is not None]
    missing = [
        f.location.rsplit("/", 1)[-1] for f in e.findings if f.rule in MISSING_RULES and f.location
    ]
    return ProjectLine(
        item.key,
        e.project.name,
        e.project.year,
        e.total,
        e.grade,
        e.execution.rate,
        sum(arrears, Decimal(0)) if arrears else None,
        sum(1 for f in e.findings if f.severity.value == "error"),
        list(dict.fromkeys(missing)),
        [f.location for f in e.findings if f.rule == "empty-block"],
    )


def overview(
    store: WebStore,
    zone: dt.tzinfo,
    now: dt.datetime,
    *,
    faults_shown: int | None = None,
    scored: bool = True,
) -> Overview:
    """`faults_shown`: how many of the open faults to read (the first in the offline list's
    order), all when None; `offline_count` counts them all either way. Without `scored`
    the projects are only listed (`heads`; `projects` is empty): the page scores each one
    by a request of its own (Application.project and `project_line`)."""
    with store.read() as repos:
        shared = sharing_selections(repos)  # the rollup's cohorts read once for all below
        heads = project_heads(repos)
        projects = [project_line(p) for p in list_projects(shared, zone)] if scored else []
        counted = tally_statuses(repos.devices.tally(DeviceSelection()), now, zone)
        offline = [line for line, s in counted if counts_as_offline(s)]
        offline_count = sum(line.count for line in offline)
        shown = offline_count if faults_shown is None else min(faults_shown, offline_count)
        faults = offline_page(repos, DeviceSelection(), offline, 0, shown, now, zone)
        trend: list[tuple[str, Fraction | None]] = []
        trend_rate = None
        if counted:
            today = now.astimezone(zone).date()
            first, last = today - dt.timedelta(days=TREND_DAYS), today - dt.timedelta(days=1)
            query = AvailabilityQuery(first, last, by=Breakdown.DAY)
            report = compute_availability(shared, query, zone)
            trend = [(r.key, r.rate) for r in report.rows]
            trend_rate = report.total.rate
    in_service = sum(n.count for n, s in counted if s is not DeviceStatus.OUT_OF_SERVICE)
    online = sum(n.count for n, s in counted if s is DeviceStatus.ONLINE)
    listed = [
        OfflineDevice(
            c.stored.device.device_id.value,
            c.stored.device.name,
            c.stored.device.area,
            None if c.at is None else from_seconds(c.at, zone),
        )
        for c in faults
    ]
    return Overview(projects, in_service, online, trend, trend_rate, listed, offline_count, heads)
