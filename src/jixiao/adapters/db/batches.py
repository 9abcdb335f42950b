"""Long key lists and row lists cut into statements of a bounded size.

SQLite caps the variables of one statement and PostgreSQL's planner slows on huge IN lists;
5,000 keeps both fast. (itertools.batched arrives only with Python 3.12.)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

K = TypeVar("K")
BATCH = 5_000


def batches(items: Sequence[K], size: int = BATCH) -> Iterator[Sequence[K]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
