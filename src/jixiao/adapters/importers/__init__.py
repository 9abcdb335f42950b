"""Importers: existing reports -> project files."""

from .report import import_report

__all__ = ["import_report"]
