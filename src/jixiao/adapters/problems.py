"""Failures of the outside world that are not the user's input."""

from __future__ import annotations


class Unavailable(Exception):
    """Something jixiao needs from this machine is missing or cannot be reached: neither the
    user's input nor a fault of ours. The CLI prints the message and exits 1, without a
    traceback."""


class MissingTool(Unavailable):
    """A system program jixiao needs (LibreOffice) is missing or failed."""
