"""MemoryStore: the Store and WebStore ports in memory, for use cases tested without a database.

Transactions are real: write() works on a copy of the tables and publishes it only when the
block ends without an exception; read() sees what was last published, and refuses to write.
Writers take turns (a lock); a write() inside a write() of the same thread is a mistake
that would deadlock, so it raises instead.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from jixiao.adapters.memory.corrections import MemoryCorrectionRepo
from jixiao.adapters.memory.evidence import (
    MemoryDeviceRepo,
    MemoryMaintenanceRepo,
    MemoryStatusRepo,
)
from jixiao.adapters.memory.evidence_docs import (
    MemoryDocumentRepo,
    MemorySurveyRepo,
    MemorySurveyTokenRepo,
)
from jixiao.adapters.memory.presence import MemoryPresenceRepo
from jixiao.adapters.memory.probes import MemoryProbeRepo
from jixiao.adapters.memory.recordings import MemoryRecordingRepo
from jixiao.adapters.memory.rollup import MemoryRollupRepo
from jixiao.adapters.memory.state import Tables, Transaction
from jixiao.adapters.memory.tickets import MemoryTicketRepo
from jixiao.adapters.memory.web import (
    MemoryAuditRepo,
    MemoryProjectRepo,
    MemorySessionRepo,
    MemorySettingRepo,
    MemoryStatusLogRepo,
    MemoryUserRepo,
)


class MemoryRepos:
    """Every repository of one block, over the same tables."""

    def __init__(self, tx: Transaction) -> None:
        self.devices = MemoryDeviceRepo(tx)
        self.statuses = MemoryStatusRepo(tx)
        self.maintenance = MemoryMaintenanceRepo(tx)
        self.rollup = MemoryRollupRepo(tx)
        self.projects = MemoryProjectRepo(tx)
        self.presence = MemoryPresenceRepo(tx)
        self.users = MemoryUserRepo(tx)
        self.sessions = MemorySessionRepo(tx)
        self.audit = MemoryAuditRepo(tx)
        self.settings = MemorySettingRepo(tx)
        self.status_log = MemoryStatusLogRepo(tx)
        self.tickets = MemoryTicketRepo(tx)
        self.documents = MemoryDocumentRepo(tx)
        self.surveys = MemorySurveyRepo(tx)
        self.survey_tokens = MemorySurveyTokenRepo(tx)
        self.probes = MemoryProbeRepo(tx)
        self.recordings = MemoryRecordingRepo(tx)
        self.corrections = MemoryCorrectionRepo(tx)


class MemoryStore:
    def __init__(self) -> None:
        self._committed = Tables()
        self._lock = threading.Lock()
        self._writer: int | None = None

    @contextmanager
    def write(self) -> Iterator[MemoryRepos]:
        if self._writer == threading.get_ident():
            raise RuntimeError("write() inside a write() of the same store")
        with self._lock:
            self._writer = threading.get_ident()
            try:
                tables = self._committed.copy()
                yield MemoryRepos(Transaction(tables, writable=True))
                self._committed = tables
            finally:
                self._writer = None

    @contextmanager
    def read(self) -> Iterator[MemoryRepos]:
        yield MemoryRepos(Transaction(self._committed, writable=False))

    def describe(self) -> str:
        return "内存证据库"
