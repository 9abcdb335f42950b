"""services/audit.py: entries as stable JSON, read back a page at a time."""

from __future__ import annotations

import datetime as dt

from jixiao.adapters.memory import MemoryStore
from jixiao.services.audit import audit_page, record, to_json


def test_values_are_stable_json_with_chinese_and_dates_kept() -> None:
    value = {"b": dt.date(2021, 3, 1), "a": "盐池"}
    assert to_json(value) == '{"a": "盐池", "b": "2021-03-01"}'
    assert to_json(None) is None


def test_recorded_entries_come_back_newest_first_and_filtered(store: MemoryStore) -> None:
    with store.write() as repos:
        record(repos, actor="cai", at=1, action="update", entity="funds", target="甲", after=1)
        record(repos, actor="yun", at=2, action="create", entity="device", target="乙")
        record(repos, actor="cai", at=3, action="update", entity="funds", target="丙", before=[])
    page = audit_page(store, limit=1, offset=1, entity="funds", username="cai")
    assert (page.total, page.limit, page.offset) == (2, 1, 1)
    [entry] = page.entries
    assert (entry.at, entry.target, entry.before, entry.after) == (1, "甲", None, "1")
    everything = audit_page(store, entity="", username="")  # empty: no filter
    assert [e.target for e in everything.entries] == ["丙", "乙", "甲"]
