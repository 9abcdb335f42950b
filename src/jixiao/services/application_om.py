"""The application's use cases for devices and O&M: status evidence, work orders and the
contract assessment, probes, recordings, the O&M lists and the 点位表 (part of
services/application.Application)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from jixiao.domain.assessment import AssessmentRules, MonthAssessment
from jixiao.domain.availability import Span, to_seconds
from jixiao.domain.evaluation import Project
from jixiao.domain.funds import Contract
from jixiao.domain.probes import StatusSource
from jixiao.domain.tickets import ExemptionCategory, Ticket, TicketState
from jixiao.services import (
    assessment,
    cycle,
    device_views,
    inventory,
    monitoring,
    om_lists,
    probing,
    projects,
    recordings,
    tickets,
)
from jixiao.services.application_core import ApplicationCore
from jixiao.services.inventory import RowsRejected
from jixiao.services.ports import AppendResult
from jixiao.services.projects import Evaluated
from jixiao.services.shared_selection import sharing_selections
from jixiao.services.web_ports import ProbeConfig, ProbeState


class OmUseCases(ApplicationCore):
    # Devices and their status evidence.

    def import_devices(self, path: Path, *, actor: str) -> tuple[int, int, int]:
        """A 点位表, all or nothing; (rows, added, updated)."""
        rows, probes = self.files.tables.devices_and_probes(path)
        sealed = {p.value.password: self._seal(p.value.password) for p in probes}
        try:
            with self.store.write() as repos:
                added, updated = inventory.import_devices(
                    repos, rows, source=str(path), actor=actor, now=self.now()
                )
                if probes:
                    probing.assign(repos, probes, sealed, actor=actor, now=self.now())
        except RowsRejected as error:
            raise error.relabel(str(path), self.files.tables.device_column) from error
        return len(rows), added, updated

    def import_status(self, path: Path, *, actor: str) -> AppendResult:
        """A status history, all or nothing; the file's name is kept as the changes' source."""
        rows = self.files.tables.statuses(path, self.zone)
        try:
            with self.store.write() as repos:
                return monitoring.import_status(
                    repos, rows, source=path.name, actor=actor, now=self.now()
                )
        except RowsRejected as error:
            raise error.relabel(str(path), self.files.tables.status_column) from error

    def add_maintenance(
        self,
        start: dt.datetime,
        end: dt.datetime,
        reason: str,
        *,
        device_id: str | None = None,
        group: str | None = None,
        actor: str,
    ) -> int:
        with self.store.write() as repos:
            return monitoring.add_maintenance(
                repos,
                start,
                end,
                reason,
                device_id=device_id,
                group=group,
                actor=actor,
                now=self.now(),
            )

    # O&M work orders (工单) and the contract assessment (运维考核).

    def sync_tickets(
        self, *, threshold_minutes: int, actor: str, since: int | None = None
    ) -> tickets.SyncResult:
        """Open a ticket for each outage longer than the threshold; close the recovered
        (only the devices changed since `since` or offline, when it is given)."""
        with self.store.write() as repos:
            return tickets.sync_tickets(
                repos,
                threshold_s=threshold_minutes * 60,
                zone=self.zone,
                actor=actor,
                now=self.now(),
                since=since,
            )

    def import_tickets(self, path: Path, *, actor: str) -> tuple[int, int, int]:
        """Tickets from another system, all or nothing; (rows, added, replaced)."""
        rows = self.files.tables.tickets(path, self.zone)
        try:
            with self.store.write() as repos:
                added, replaced = tickets.import_tickets(
                    repos, rows, source=str(path), actor=actor, now=self.now()
                )
        except RowsRejected as error:
            raise error.relabel(str(path), self.files.tables.ticket_column) from error
        return len(rows), added, replaced

    def list_tickets(self, *, open_only: bool = False) -> list[Ticket]:
        with self.store.read() as repos:
            return tickets.list_tickets(repos, open_only=open_only)

    def ticket_page(
        self, *, text: str, state: TicketState | None, month: dt.date | None, page: int
    ) -> tickets.TicketPage:
        with self.store.read() as repos:
            return tickets.ticket_page(
                repos, self.zone, text=text, state=state, month=month, page=page
            )

    def set_approval(self, ticket_id: int, *, approve: bool, actor: str) -> Ticket:
        """Approve a ticket's exemption (the actor is the approver) or withdraw the approval."""
        with self.store.write() as repos:
            return tickets.set_approval(
                repos, ticket_id, approve=approve, actor=actor, now=self.now()
            )

    def assess(
        self, path: Path, contract_name: str, months: Sequence[dt.date]
    ) -> tuple[Project, Contract, list[MonthAssessment]]:
        """A project file's O&M contract assessed month by month; open tickets judged now."""
        project = self.files.projects.load(path)
        contract, rules = assessment.assessed_contract(project, contract_name)
        with self.store.read() as repos:
            found = assessment.assess_months(
                repos, contract, rules, months, self.zone, as_of=self.now()
            )
        return project, contract, found

    def assess_stored(
        self, key: int, contract_name: str, months: Sequence[dt.date]
    ) -> tuple[Project, Contract, list[MonthAssessment]]:
        """A stored project's O&M contract assessed month by month; open tickets judged now."""
        project = self._stored(key)
        contract, rules = assessment.assessed_contract(project, contract_name)
        with self.store.read() as repos:
            found = assessment.assess_months(
                repos, contract, rules, months, self.zone, as_of=self.now()
            )
        return project, contract, found

    def assessed_contracts(self) -> list[tuple[int, str, int, str]]:
        """(project key, project name, year, contract name) of every stored contract with
        assessment rules."""
        with self.store.read() as repos:
            out = []
            for key, name, year in repos.projects.keyed():
                project = repos.projects.by_key(key)
                for c in project.funds.contracts if project else ():
                    if c.assessment is not None:
                        out.append((key, name, year, c.name))
            return out

    def request_exemption(
        self,
        ticket_id: int,
        category: ExemptionCategory,
        start: dt.datetime,
        end: dt.datetime,
        reason: str,
        *,
        actor: str,
    ) -> Ticket:
        with self.store.write() as repos:
            return tickets.request_exemption(
                repos,
                ticket_id,
                category,
                Span(to_seconds(start), to_seconds(end)),
                reason,
                actor=actor,
                now=self.now(),
            )

    def write_assessment(
        self, project: Project, contract: Contract, months: list[MonthAssessment], out: Path
    ) -> Path:
        """The 运维考核表 of `assess` at `out`: Word for a .docx, else Excel."""
        if out.suffix.lower() == ".docx":
            self.files.assessments.write_docx(project.name, contract, months, out)
        else:
            self.files.assessments.write_xlsx(project.name, contract, months, out)
        return out

    def edit_assessment_rules(
        self, key: int, contract: str, rules: AssessmentRules, *, actor: str
    ) -> Contract:
        """Set the 考核办法 of a stored project's contract (the web's rules form)."""
        with self.store.write() as repos:
            return assessment.edit_rules(repos, key, contract, rules, actor=actor, now=self.now())

    # probes: active probes of devices (services/probing.py, docs/probes.md).

    def _seal(self, password: str) -> str:
        if not password:
            return ""
        if self.secrets is None:
            raise RuntimeError("no key to encrypt probe passwords with")
        return self.secrets.seal(password)

    def probe_plan(self, *, group: str | None = None) -> probing.Plan:
        """Every device with a probe (of `group`), its password still sealed."""
        with self.store.read() as repos:
            return probing.plan(repos, self.probe_timing, group=group)

    def has_probes(self) -> bool:
        with self.store.read() as repos:
            return bool(repos.probes.devices()) or any(
                c.method for c in repos.probes.groups().values()
            )

    def record_probes(
        self, results: Sequence[probing.ProbeResult], sources: dict[int, StatusSource]
    ) -> probing.Recorded:
        """One batch of results through damping into the status history, one transaction."""
        with self.store.write() as repos:
            return probing.record(repos, results, self.probe_timing, sources=sources)

    def set_probe(
        self,
        config: ProbeConfig | None,
        *,
        password: str | None = None,
        device_id: str | None = None,
        group: str | None = None,
        actor: str,
    ) -> None:
        """Set (None: remove) a device's probe or a group's defaults; `password` is stored
        encrypted (None: keep the stored one)."""
        with self.store.write() as repos:
            if config is not None and password is not None:
                config = replace(config, secret=self._seal(password))
            elif config is not None:
                kept = probing.stored(repos, device_id=device_id, group=group)
                if kept is not None and kept.username == config.username:
                    config = replace(config, secret=kept.secret)
            probing.configure(
                repos, config, device_id=device_id, group=group, actor=actor, now=self.now()
            )

    def device_probe(self, device_id: str) -> tuple[probing.Resolved | None, ProbeState | None]:
        """A device's effective probe and its last state, for its page."""
        with self.store.read() as repos:
            key = repos.devices.keys([device_id]).get(device_id)
            if key is None:
                return None, None
            found = probing.plan(repos, self.probe_timing, keys=[key]).probes
            return (found[0] if found else None), repos.probes.states([key]).get(key)

    # recordings: the 录像巡检 (RecordInfo per channel and day), 录像完整率, storage compliance.

    def recording_targets(
        self, *, group: str | None = None
    ) -> tuple[list[recordings.Target], list[str]]:
        """The channels the platform can ask about, and the cameras it cannot."""
        with self.store.read() as repos:
            return recordings.scan_targets(repos, group=group)

    def record_recordings(
        self,
        scans: Sequence[recordings.ChannelScan],
        day: dt.date,
        *,
        unreachable: int = 0,
        actor: str,
    ) -> recordings.ScanSummary:
        """Store one day's scan (the answers already fetched), audited."""
        with self.store.write() as repos:
            return recordings.record_scan(
                repos, scans, day, self.zone, unreachable=unreachable, actor=actor, now=self.now()
            )

    def recording_report(
        self, first: dt.date, last: dt.date, *, group: str | None = None, online: bool = True
    ) -> recordings.RecordingReport:
        with self.store.read() as repos:
            return recordings.recording_report(
                repos, first, last, self.zone, group=group, online=online
            )

    def recording_days(
        self, device_id: str, first: dt.date, last: dt.date
    ) -> list[recordings.DayBar]:
        """One channel's recording bar per day (recorded, gaps, maintenance, not scanned)."""
        with self.store.read() as repos:
            return recordings.day_bars(repos, device_id, first, last, self.zone)

    def write_recording_report(
        self, report: recordings.RecordingReport, outputs: dict[str, Path]
    ) -> list[Path]:
        """The 录像巡检报告 of a month as Word and/or Excel (`outputs`: format → path)."""
        return self.files.forms.recordings(report, outputs)

    # The 录像 page at scale: the report's figures without reading every channel, and one
    # page of its channels (services/recordings.py).

    def recording_summary(
        self, first: dt.date, last: dt.date, *, group: str | None = None
    ) -> recordings.RecordingReport:
        """The report by group and month, with the online rate, without per-channel rows."""
        with self.store.read() as repos:
            return recordings.recording_report(
                repos, first, last, self.zone, group=group, online=True, channels=False
            )

    def recording_channels(
        self, first: dt.date, last: dt.date, *, group: str | None = None, page: int = 1
    ) -> recordings.ChannelPage:
        with self.store.read() as repos:
            return recordings.channel_page(repos, first, last, self.zone, group=group, page=page)

    def project_with_years(self, key: int) -> tuple[Evaluated, list[cycle.YearLine]]:
        """The project page's evaluations in one read: the project and its other years,
        each group's devices read once for all of them (services/shared_selection)."""
        with self.store.read() as repos:
            shared = sharing_selections(repos)
            item = projects.get_project(shared, self.zone, key)
            return item, cycle.across_years(shared, self.zone, item.stored.name, item)

    # O&M lists (运维): rates by group or area, the offline list, maintenance windows by
    # device, group or area, and their exports (services/om_lists.py, device_views.py).

    def rate_table(
        self,
        first: dt.date,
        last: dt.date,
        *,
        period: device_views.Period = device_views.Period.DAY,
        method: monitoring.Method = monitoring.Method.TIME,
        dimension: device_views.Dimension = device_views.Dimension.GROUP,
        names: Sequence[str] | None = None,
    ) -> device_views.RateMatrix:
        """全部 and each group or area (`names`: only those), by day or month; the rollup's
        cohorts read once for all of them."""
        with self.store.read() as repos:
            return device_views.rate_table(
                sharing_selections(repos), self.zone, first, last, period, method, dimension, names
            )

    def offline_list(
        self, found: om_lists.OfflineFilter, *, everything: bool = False
    ) -> om_lists.OfflineList:
        """One page of the devices offline now (`everything`: all of them)."""
        with self.store.read() as repos:
            return om_lists.offline_list(
                repos, found, self.moment(), self.zone, everything=everything
            )

    def device_choices(self) -> tuple[list[str], list[str]]:
        """Every group and every area, for the lists' filters."""
        with self.store.read() as repos:
            return om_lists.device_choices(repos, self.zone)

    def window_list(self, chosen: om_lists.WindowFilter) -> om_lists.WindowList:
        with self.store.read() as repos:
            return om_lists.window_list(repos, chosen, self.moment(), self.zone)

    def add_area_maintenance(
        self, start: dt.datetime, end: dt.datetime, reason: str, area: str, *, actor: str
    ) -> list[int]:
        """A window for each device of the area; their ids."""
        with self.store.write() as repos:
            return om_lists.add_area_maintenance(
                repos, start, end, reason, area, actor=actor, now=self.now()
            )

    def write_rates(self, matrix: device_views.RateMatrix, outputs: dict[str, Path]) -> list[Path]:
        """The 在线率统计表 (`outputs`: format → path)."""
        return self.files.forms.rates(matrix, outputs)

    def write_offline(self, found: om_lists.OfflineList, outputs: dict[str, Path]) -> list[Path]:
        """The 离线设备清单 (`outputs`: format → path)."""
        return self.files.forms.offline(found, outputs)

    # 点位表 template and export: the columns the importer accepts, written out; the stored
    # devices with the 类型 word each one's table used.

    def write_device_template(self, path: Path) -> Path:
        return self.files.tables.write_devices(path, None)

    def export_devices(self, path: Path, *, group: str | None = None) -> tuple[Path, int]:
        """Every device (or `group`'s) as a 点位表 that imports back unchanged; (file, count)."""
        with self.store.read() as repos:
            devices = [s.device for s in repos.devices.select(group=group)]
        return self.files.tables.write_devices(path, devices), len(devices)
