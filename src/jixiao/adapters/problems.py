"""Failures of the outside world that are not the user's input."""

from __future__ import annotations


class MissingTool(Exception):
    """A system program jixiao needs (LibreOffice) is missing or failed; not the user's input.

    The CLI prints the message and exits 1, without a traceback.
    """
