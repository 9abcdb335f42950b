"""Documents as evidence (use case): attach a file to a project, described and checked."""

from __future__ import annotations

import datetime as dt
import hashlib

from jixiao.domain.documents import Document, check_size, file_type
from jixiao.services.audit import record
from jixiao.services.file_ports import Attachments
from jixiao.services.web_ports import WebRepos


def attach(
    repos: WebRepos,
    attachments: Attachments,
    content: bytes,
    *,
    project: str,
    kind: str,
    title: str,
    issuer: str = "",
    issued: dt.date | None = None,
    filename: str = "",
    actor: str,
    now: int,
) -> tuple[Document, bool]:
    """(the document, whether it replaced one of the same title). Checked before anything is
    kept: size, type (by content) and description; the content is stored under its SHA-256."""
    check_size(len(content))
    document = Document(
        project.strip(),
        title.strip(),
        kind.strip(),
        hashlib.sha256(content).hexdigest(),
        len(content),
        file_type(content),
        filename,
        issuer.strip(),
        issued,
    )
    replaced = repos.documents.add(document)
    stored = attachments.put(content)
    assert stored == document.sha256
    record(
        repos,
        actor=actor,
        at=now,
        action="update" if replaced else "create",
        entity="document",
        target=f"{document.project}/{document.title}",
        after={
            "类别": document.kind,
            "SHA-256": document.sha256,
            "大小": document.size,
            "类型": document.file_type,
            "出具单位": document.issuer,
            "日期": issued and issued.isoformat(),
        },
    )
    return document, replaced
