"""The seams of the web app's use cases: users, sessions, the audit log and settings.

They extend the evidence store's ports (services/ports.py): one transaction can change a
project or a device and write the audit entry that records it. Times are epoch seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from jixiao.domain.availability import Span
from jixiao.domain.documents import Document
from jixiao.domain.evaluation import Project
from jixiao.domain.surveys import Response, Survey
from jixiao.domain.tickets import Sla, Ticket, TicketCounts, TicketQuery
from jixiao.services.ports import ProjectRepo, Repos


class Role(StrEnum):
    ADMIN = "admin"
    FINANCE = "finance"
    OPERATIONS = "operations"
    OWNER = "owner"  # the O&M contract's owner on the buyer's side (合同负责人)
    VIEWER = "viewer"


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "管理员",
    Role.FINANCE: "财务",
    Role.OPERATIONS: "运维",
    Role.OWNER: "合同负责人",
    Role.VIEWER: "只读",
}


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool = True
    must_change_password: bool = False
    failed_logins: int = 0
    locked_until: int | None = None
    created_at: int = 0

    @property
    def label(self) -> str:
        return self.display_name or self.username


@dataclass(frozen=True, slots=True)
class StoredSession:
    user_id: int
    csrf_token: str
    created_at: int
    last_seen: int


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change: who, when, what (entity, target) and the value before and after (JSON)."""

    at: int
    username: str
    action: str
    entity: str
    target: str
    before: str | None = None
    after: str | None = None
    id: int = 0


# The columns UserRepo.update may set (every implementation refuses any other).
USER_FIELDS = frozenset(
    {
        "display_name",
        "role",
        "active",
        "must_change_password",
        "failed_logins",
        "locked_until",
        "password_hash",
    }
)


class UserRepo(Protocol):
    def add(
        self, username: str, display_name: str, role: Role, password_hash: str, *, now: int
    ) -> int: ...

    def by_name(self, username: str) -> tuple[User, str] | None:
        """The user and their password hash."""
        ...

    def by_id(self, user_id: int) -> User | None: ...

    def all(self) -> list[User]: ...

    def update(self, user_id: int, **fields: object) -> None:
        """Set columns: display_name, role, active, must_change_password, failed_logins,
        locked_until, password_hash."""
        ...

    def count(self) -> int: ...

    def active_admins(self) -> int: ...


class SessionRepo(Protocol):
    def add(self, token_hash: str, user_id: int, csrf_token: str, *, now: int) -> None: ...

    def get(self, token_hash: str) -> StoredSession | None: ...

    def touch(self, token_hash: str, *, now: int) -> None: ...

    def delete(self, token_hash: str) -> None: ...

    def delete_for_user(self, user_id: int, *, keep: str | None = None) -> None: ...

    def purge(self, *, idle_before: int, created_before: int) -> int:
        """Delete sessions unused since `idle_before` or opened before `created_before`."""
        ...


class AuditRepo(Protocol):
    def add(self, entry: AuditEntry) -> int: ...

    def page(
        self, *, limit: int, offset: int = 0, entity: str | None = None, username: str | None = None
    ) -> tuple[list[AuditEntry], int]:
        """Newest first, with the number of matching entries."""
        ...


@dataclass(frozen=True, slots=True)
class LoggedChange:
    """A stored status change with where it came from (import file, GB/T 28181, probe)."""

    at: int
    online: bool
    cause: str
    source: str


class StatusLogRepo(Protocol):
    def changes(self, key: int, *, limit: int) -> list[LoggedChange]:
        """A device's status changes, newest first."""
        ...


class SettingRepo(Protocol):
    def all(self) -> dict[str, str]: ...

    def put(self, key: str, value: str) -> None: ...


class KeyedProjectRepo(ProjectRepo, Protocol):
    def keyed(self) -> list[tuple[int, str, int]]:
        """(key, name, year) of every stored project; a replaced project keeps its key."""
        ...

    def by_key(self, key: int) -> Project | None: ...

    def replace(self, key: int, project: Project) -> None:
        """Store `project` under `key` in place of what it holds (a renamed project keeps its
        key); the caller makes sure no other key holds the same name and year."""
        ...

    def delete(self, key: int) -> bool:
        """Remove the project of `key` with its funds and indicators (False: there was none)."""
        ...

    # 归档: an archived project keeps its key and its data; only the mark is stored here (a
    # replace keeps it: the mark is not a row of the project).

    def archived(self) -> dict[int, Archived]:
        """Every archived project's mark, by project key."""
        ...

    def archive(self, mark: Archived) -> None: ...

    def unarchive(self, key: int) -> bool:
        """Remove the mark of `key` (False: it had none)."""
        ...


@dataclass(frozen=True, slots=True)
class Archived:
    """A project-year set aside (归档): left out of the default lists, read-only, restorable by
    an administrator."""

    key: int
    at: int  # epoch seconds
    actor: str
    reason: str


class TicketRepo(Protocol):
    """Work orders (工单), each of one stored device; `Ticket.device_id` is filled on reading."""

    def add(self, key: int, ticket: Ticket) -> int:
        """Store a new ticket of device `key`; its id."""
        ...

    def add_many(self, tickets: Sequence[tuple[int, Ticket]]) -> None:
        """Store new tickets, each of its device key, in bulk (their ids are not returned)."""
        ...

    def update(self, ticket: Ticket) -> None:
        """Replace every field of the stored ticket `ticket.id` but its device."""
        ...

    def get(self, ticket_id: int) -> tuple[int, Ticket] | None:
        """(device key, ticket)."""
        ...

    def approved_exemptions(self, window: Span) -> list[tuple[int, Span]]:
        """(device key, excused span) of every approved exemption overlapping `window`."""
        ...

    def select(
        self,
        *,
        window: Span | None = None,
        keys: Sequence[int] | None = None,
        open_only: bool = False,
    ) -> list[tuple[int, Ticket]]:
        """(device key, ticket) of the tickets whose outage overlaps `window` (all when None),
        of the devices `keys` (all when None), still open if asked; by opening time, then id."""
        ...

    def page(
        self, query: TicketQuery, *, offset: int, limit: int
    ) -> tuple[list[tuple[int, Ticket]], int]:
        """(device key, ticket) of `limit` of the tickets `query` selects from `offset` on (by
        opening time, then id), and how many it selects in all."""
        ...

    def open_from_outages(
        self,
        *,
        threshold_s: int,
        now: int,
        ends: Mapping[int, int],
        keys: Sequence[int] | None,
        cause: str,
    ) -> int:
        """Store a ticket (source sync, `cause`, verified when the device came back) for each
        outage of the status history up to `now` (domain.tickets.outages) that lasted, or has
        lasted by `now`, more than `threshold_s`, began before its device's end of service
        (`ends`, by device key; none: in service) and that no stored ticket of its device
        overlaps or opens with; of the devices `keys` (all when None). How many it stored."""
        ...

    def month_counts(
        self, windows: Sequence[Span], *, group: str | None, sla: Sla | None, as_of: int
    ) -> list[TicketCounts]:
        """domain.tickets.count_tickets over the tickets opened in each of `windows` (which do
        not overlap: a ValueError if they do) of the devices of `group` (all when None), one
        count per window in their order; the store reads them all at once."""
        ...


# Evidence beyond devices: documents (attachments) and satisfaction surveys.


class DocumentRepo(Protocol):
    def add(self, document: Document) -> bool:
        """Store a description; one with the same project and title is replaced (True)."""
        ...

    def get(self, project: str, title: str) -> Document | None: ...

    def of_project(self, project: str) -> list[Document]:
        """The project's documents, by title."""
        ...


@dataclass(frozen=True, slots=True)
class StoredSurvey:
    key: int
    survey: Survey


class SurveyRepo(Protocol):
    def add(self, survey: Survey) -> int:
        """A new survey (its name not yet stored); its key."""
        ...

    def get(self, name: str) -> StoredSurvey | None: ...

    def all(self) -> list[StoredSurvey]:
        """Every survey, by name."""
        ...

    def add_responses(self, key: int, responses: list[Response]) -> None: ...

    def responses(self, key: int) -> list[Response]:
        """The survey's responses in the order they were stored."""
        ...


@dataclass(frozen=True, slots=True)
class SurveyToken:
    """A one-time answer link of a survey: `used` is when it was answered (None: not yet)."""

    token: str
    survey: int
    created: int
    used: int | None = None


class SurveyTokenRepo(Protocol):
    def add(self, survey: int, tokens: list[str], now: int) -> None:
        """New unused tokens of the survey `survey` (a key)."""
        ...

    def get(self, token: str) -> SurveyToken | None: ...

    def use(self, token: str, now: int) -> bool:
        """Mark an unused token used, in one conditional write; False when it was used."""
        ...

    def of_survey(self, survey: int) -> list[SurveyToken]:
        """The survey's tokens, oldest first."""
        ...


@dataclass(frozen=True, slots=True)
class ProbeConfig:
    """A probe as set for one device or as a group's defaults: blank text and None numbers
    are not set (a device's own value wins over its group's; domain.probes for the rest).
    `secret` is the password encrypted (adapters/probes/secrets.py), never the password."""

    method: str = ""
    target: str = ""
    interval_s: int | None = None
    timeout_s: float | None = None
    retries: int | None = None
    username: str = ""
    secret: str = ""
    expect: int | None = None  # HTTP status a healthy device answers (None: any below 400)
    source: str = ""  # a device's status source (gb28181/probe/both); blank: both


@dataclass(frozen=True, slots=True)
class ProbeState:
    """A device's probe damping (domain.probes.Tally) and its last round's outcome."""

    key: int
    up: bool | None
    failures: int
    successes: int
    at: int
    ok: bool
    cause: str
    latency_ms: float | None = None


class ProbeRepo(Protocol):
    def devices(self, keys: Sequence[int] | None = None) -> dict[int, ProbeConfig]:
        """The probes set on devices (of `keys`, or all)."""
        ...

    def groups(self) -> dict[str, ProbeConfig]:
        """Each group's probe defaults."""
        ...

    def set_device(self, key: int, config: ProbeConfig | None) -> None:
        """Set (replace) a device's probe; None removes it."""
        ...

    def set_group(self, group: str, config: ProbeConfig | None) -> None: ...

    def states(self, keys: Sequence[int] | None = None) -> dict[int, ProbeState]: ...

    def save_states(self, states: Sequence[ProbeState]) -> None:
        """Insert or replace each device's state."""
        ...


@dataclass(frozen=True, slots=True)
class RecordingDay:
    """One channel's recordings on one local day, as the 录像巡检 found them.

    `spans`: the recorded time within the day, cleaned (sorted, disjoint) epoch seconds;
    `findings`: what was wrong with the device's answer (Chinese); `answered` False when the
    device gave no answer (nothing is known of the day); `oldest`: the oldest recording the
    scan saw (epoch seconds), for storage compliance; `scanned`: when.
    """

    key: int
    day: dt.date
    spans: tuple[tuple[int, int], ...] = ()
    findings: tuple[str, ...] = ()
    answered: bool = True
    oldest: int | None = None
    scanned: int = 0


class RecordingRepo(Protocol):
    def put(self, rows: Sequence[RecordingDay]) -> None:
        """Store rows, each replacing what was stored for its (device, day)."""
        ...

    def between(
        self, first: dt.date, last: dt.date, keys: Sequence[int] | None = None
    ) -> list[RecordingDay]:
        """Rows of the days first…last (both included), by device key then day."""
        ...

    def latest(self, as_of: dt.date, keys: Sequence[int] | None = None) -> dict[int, RecordingDay]:
        """Per device, its answered row of the latest day on or before `as_of`."""
        ...

    # The report at scale: the cameras nothing distinguishes are counted, not read.
    def quiet_cameras(
        self,
        first: dt.date,
        last: dt.date,
        *,
        group: str | None = None,
        busy_keys: Sequence[int] = (),
        busy_groups: Sequence[str] = (),
    ) -> QuietCameras:
        """The cameras (of `group`) in service from `first` to `last` (commissioned on or
        before `first`, not decommissioned on or before `last`) with no recording row on or
        before `last`, neither among `busy_keys` nor in one of `busy_groups`: counted, per
        group; and the keys of the selection's other cameras."""
        ...


@dataclass(frozen=True, slots=True)
class QuietCameras:
    """`count` quiet cameras, `by_group` of them per group name ("" for none); `others`:
    the keys of the other cameras selected."""

    count: int
    by_group: Mapping[str, int]
    others: Sequence[int]


@dataclass(frozen=True, slots=True)
class Deletion:
    """A record deleted by mistake (更正): what it was, who deleted it, when and why.

    `entity` is "device", "maintenance" or "status"; `target` the device id, the window id
    or "device id@epoch s"; `payload` JSON of what a restore needs that the store no longer
    holds (a status record's status, cause and source).
    """

    id: int
    entity: str
    target: str
    label: str
    reason: str
    actor: str
    at: int
    payload: str = ""
    restored_by: str | None = None
    restored_at: int | None = None


class CorrectionRepo(Protocol):
    def add(self, deletion: Deletion) -> int:
        """Store a deletion (its id is assigned); the new id."""
        ...

    def get(self, deletion_id: int) -> Deletion | None: ...

    def pending(self) -> list[Deletion]:
        """The deletions not restored, newest first."""
        ...

    def restored(self, deletion_id: int, *, actor: str, at: int) -> None: ...


class WebRepos(Repos, Protocol):
    @property
    def projects(self) -> KeyedProjectRepo: ...

    @property
    def users(self) -> UserRepo: ...

    @property
    def sessions(self) -> SessionRepo: ...

    @property
    def audit(self) -> AuditRepo: ...

    @property
    def settings(self) -> SettingRepo: ...

    @property
    def status_log(self) -> StatusLogRepo: ...

    @property
    def tickets(self) -> TicketRepo: ...

    @property
    def documents(self) -> DocumentRepo: ...

    @property
    def surveys(self) -> SurveyRepo: ...

    @property
    def survey_tokens(self) -> SurveyTokenRepo: ...

    @property
    def probes(self) -> ProbeRepo: ...

    @property
    def recordings(self) -> RecordingRepo: ...

    @property
    def corrections(self) -> CorrectionRepo: ...


class WebStore(Protocol):
    def write(self) -> AbstractContextManager[WebRepos]: ...

    def read(self) -> AbstractContextManager[WebRepos]: ...

    def describe(self) -> str: ...
