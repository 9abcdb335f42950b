"""Published messages of real devices (tests/data/gb28181/captures/, README there).

Each file holds one or more messages after `#>` (device -> platform) or `#<` (platform ->
device) markers, with LF line endings as published. `messages` turns them into wire bytes:
CRLF, and a Content-Length recomputed (also after a test rewrites part of a body).
"""

from __future__ import annotations

import re
from pathlib import Path

CAPTURES = Path(__file__).resolve().parents[2] / "data" / "gb28181" / "captures"


def names() -> list[str]:
    return sorted(p.stem for p in CAPTURES.glob("*.sip"))


def messages(name: str, *, direction: str = ">") -> list[bytes]:
    """The messages of one capture sent in `direction` (">" device to platform)."""
    found: list[bytes] = []
    current: list[str] | None = None
    for line in (CAPTURES / f"{name}.sip").read_text(encoding="utf-8").split("\n"):
        if line.startswith("#"):
            if line.startswith(("#>", "#<")):
                current = [] if line[1] == direction else None
                if current is not None:
                    found.append(b"")
            continue
        if current is not None:
            current.append(line)
            found[-1] = "\n".join(current).encode("utf-8")
    return [wire(m) for m in found]


def wire(text: bytes) -> bytes:
    """LF -> CRLF, trailing blank lines of a body-less message kept to one, Content-Length
    set to the body's length."""
    head, _, body = text.replace(b"\r\n", b"\n").partition(b"\n\n")
    body = body.rstrip(b"\n").replace(b"\n", b"\r\n")
    body = body + b"\r\n" if body else b""
    head = re.sub(rb"(?im)^content-length:.*$", b"Content-Length: %d" % len(body), head)
    return head.replace(b"\n", b"\r\n") + b"\r\n\r\n" + body


def rewrite(message: bytes, old: bytes, new: bytes) -> bytes:
    """`message` with `old` replaced (once), its Content-Length set again."""
    head, _, body = message.partition(b"\r\n\r\n")
    if old in body:
        body = body.replace(old, new, 1)
    else:
        head = head.replace(old, new, 1)
    head = re.sub(rb"(?im)^content-length:.*$", b"Content-Length: %d" % len(body), head)
    return head + b"\r\n\r\n" + body
