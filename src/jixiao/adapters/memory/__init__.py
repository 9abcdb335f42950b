"""The evidence store in memory (MemoryStore): services/ports.py and web_ports.py without a
database, with the SQL store's behaviour; tests/contract runs the same tests on both."""

from jixiao.adapters.memory.store import MemoryRepos, MemoryStore

__all__ = ["MemoryRepos", "MemoryStore"]
