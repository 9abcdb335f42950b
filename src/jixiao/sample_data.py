"""Loading the examples' sample data into a store: project files, the 点位表 and status
histories (diwang-*.csv, tianwang-*.csv), the 天网 work orders (tianwang-tickets.csv), and
the sample evidence of examples/evidence/evidence.yaml (surveys, documents).

Used by `jixiao examples load` (and so `make run`) and by the web app's first start. Loading
twice changes nothing: projects and devices are replaced or updated, status changes already
stored are skipped, a ticket of the same device and opening is replaced, a survey already
stored is left as it is, a document is re-described.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import yaml

from jixiao.domain.errors import DomainError
from jixiao.services.application import Application

log = logging.getLogger(__name__)
EVIDENCE_MANIFEST = Path("evidence") / "evidence.yaml"
SAMPLE_NETWORKS = ("diwang", "tianwang")  # the examples' camera networks, in load order


def load_examples(app: Application, directory: Path, *, actor: str) -> list[str]:
    """Every example project, the device tables, the status histories, then the evidence;
    the names of what was loaded (a file that cannot be loaded is logged and skipped)."""
    loaded = []
    files = [
        *sorted(directory.glob("*.yaml")),
        *(p for net in SAMPLE_NETWORKS for p in sorted(directory.glob(f"{net}-*devices*.csv"))),
        *(p for net in SAMPLE_NETWORKS for p in sorted(directory.glob(f"{net}-*status*.csv"))),
        *(p for net in SAMPLE_NETWORKS for p in sorted(directory.glob(f"{net}-*tickets*.csv"))),
    ]
    for path in files:
        try:
            if path.suffix == ".yaml":
                app.import_project_file(path, actor=actor)
            elif "devices" in path.name:
                app.import_devices(path, actor=actor)
            elif "tickets" in path.name:
                app.import_tickets(path, actor=actor)
            else:
                app.import_status(path, actor=actor)
        except DomainError as error:
            log.warning("example %s not loaded: %s", path.name, error)
            continue
        loaded.append(path.name)
    manifest = directory / EVIDENCE_MANIFEST
    if manifest.is_file():
        loaded += _evidence(app, manifest, actor)
    return loaded


def _evidence(app: Application, manifest: Path, actor: str) -> list[str]:
    data: dict[str, Any] = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    base, loaded = manifest.parent, []
    for survey in data.get("surveys", []):
        path = base / survey["file"]
        try:
            with app.reading() as repos:
                if repos.surveys.get(survey["name"]) is not None:
                    continue
            app.import_survey(
                survey["name"],
                path,
                project=survey.get("project", ""),
                audience=survey.get("audience", ""),
                actor=actor,
            )
        except DomainError as error:
            log.warning("sample survey %s not loaded: %s", path.name, error)
            continue
        loaded.append(path.name)
    if app.attachments is None:
        return loaded
    for document in data.get("documents", []):
        path = base / document["file"]
        issued = document.get("date")
        try:
            app.attach(
                path.read_bytes(),
                project=document["project"],
                kind=document["kind"],
                title=document["title"],
                issuer=document.get("issuer", ""),
                issued=issued if isinstance(issued, dt.date) else None,
                filename=path.name,
                actor=actor,
            )
        except DomainError as error:
            log.warning("sample document %s not loaded: %s", path.name, error)
            continue
        loaded.append(path.name)
    return loaded
