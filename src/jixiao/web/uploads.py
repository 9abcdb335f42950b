"""Uploaded files: size-limited, saved under a job's directory with a harmless name.

The request body as a whole is capped by BodyLimit (middleware); each file is capped again
here while it is copied, so a wrong Content-Length cannot get a bigger file through.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jixiao.services.web_errors import Refused

CHUNK = 1024 * 1024
MAX_FILES = 10
_UNSAFE = re.compile(r'[\x00-\x1f\\/:*?"<>|]+')


def safe_name(filename: str | None, fallback: str = "上传文件") -> str:
    """The file's own name without any directory part or characters a file system rejects."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        return fallback
    stem, dot, suffix = name.rpartition(".")
    if dot and len(suffix) <= 8:
        return stem[:80] + "." + suffix
    return name[:80]


async def save_upload(
    upload: UploadFile, directory: Path, *, allowed: tuple[str, ...], max_bytes: int
) -> Path:
    name = safe_name(upload.filename)
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise Refused(
            f"不支持的文件类型“{suffix or '（无扩展名）'}”（{name}）；可上传：{'、'.join(allowed)}",
            "file",
        )
    target = directory / name
    n = 1
    while target.exists():
        n += 1
        target = directory / f"{Path(name).stem}-{n}{suffix}"
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                out.close()
                target.unlink(missing_ok=True)
                raise Refused(f"文件“{name}”过大；不能超过{max_bytes // 1024 // 1024} MB", "file")
            out.write(chunk)
    if size == 0:
        target.unlink(missing_ok=True)
        raise Refused(f"文件“{name}”是空的（0字节）", "file")
    return target


class BodyLimit:
    """ASGI middleware: refuse (413) a request body above `max_bytes`, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _too_large(send, self.max_bytes)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await _too_large(send, self.max_bytes)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send, max_bytes: int) -> None:
    body = f"上传内容过大；每次请求不能超过{max_bytes // 1024 // 1024} MB".encode()
    headers: list[Any] = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
