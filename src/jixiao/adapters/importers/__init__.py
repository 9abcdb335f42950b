"""Importers: existing reports -> project files."""

from .report import Imported, import_report

__all__ = ["Imported", "import_report"]
