"""The record of deletions (更正) in memory, as adapters/db/corrections.py keeps it."""

from __future__ import annotations

import dataclasses

from jixiao.adapters.memory.state import Transaction
from jixiao.services.web_ports import Deletion


class MemoryCorrectionRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, deletion: Deletion) -> int:
        t = self._tx.writing()
        key = t.new_key("correction")
        t.corrections[key] = dataclasses.replace(deletion, id=key)
        return key

    def get(self, deletion_id: int) -> Deletion | None:
        return self._tx.tables.corrections.get(deletion_id)

    def pending(self) -> list[Deletion]:
        found = [d for d in self._tx.tables.corrections.values() if d.restored_at is None]
        return sorted(found, key=lambda d: (d.at, d.id), reverse=True)

    def restored(self, deletion_id: int, *, actor: str, at: int) -> None:
        t = self._tx.writing()
        old = t.corrections[deletion_id]
        t.corrections[deletion_id] = dataclasses.replace(old, restored_by=actor, restored_at=at)
