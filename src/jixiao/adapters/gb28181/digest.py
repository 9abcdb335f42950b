"""HTTP digest authentication of REGISTER (RFC 2617/7616, GB/T 28181 §9.1.2): MD5 or SM3.

Nonces are issued and remembered here with their issue time, so an expired nonce is
answered with a fresh challenge (`stale=true`) and a replayed one is refused: with qop=auth
the nonce count must grow, without qop a nonce is good for one success. The clock is passed
in. The book of nonces is bounded: the oldest are forgotten first.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

NONCE_TTL = 300.0
MAX_NONCES = 500_000


def _sm3_available() -> bool:
    try:
        hashlib.new("sm3")
    except ValueError:
        return False
    return True


ALGORITHMS: dict[str, str] = {"MD5": "md5", "SHA-256": "sha256"}
if _sm3_available():
    ALGORITHMS["SM3"] = "sm3"


_HASHES: dict[str, Callable[[bytes], Any]] = {
    "MD5": hashlib.md5,
    "SHA-256": hashlib.sha256,
    **({"SM3": functools.partial(hashlib.new, "sm3")} if "SM3" in ALGORITHMS else {}),
}


def digest_hex(algorithm: str, text: str) -> str:
    hexdigest: str = _HASHES[algorithm](text.encode("utf-8", "surrogateescape")).hexdigest()
    return hexdigest


# a quoted value as one run of plain characters between escapes ("unrolled"): half the time
# of an alternation tried at every character
_PARAM = re.compile(r'([A-Za-z][A-Za-z0-9_-]*)\s*=\s*("[^"\\]*(?:\\.[^"\\]*)*"|[^\s,]*)')


def parse_credentials(value: str) -> dict[str, str] | None:
    """The parameters of an `Authorization: Digest …` value (lower-case names), or None."""
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() != "digest" or len(value) > 4096:
        return None
    return {
        name.lower(): raw[1:-1] if raw[:1] == '"' else raw for name, raw in _PARAM.findall(rest)
    }


# HA1 (user:realm:password) and HA2 (method:uri) are the same for every REGISTER of a device:
# kept, each verification hashes once instead of three times (bounded: cleared when full)
_HA1: dict[tuple[str, ...], str] = {}
_HA2: dict[tuple[str, ...], str] = {}
MAX_REMEMBERED = 100_000


def _remembered(book: dict[tuple[str, ...], str], parts: tuple[str, ...]) -> str:
    found = book.get(parts)
    if found is None:
        if len(book) >= MAX_REMEMBERED:
            book.clear()
        found = book[parts] = digest_hex(parts[0], ":".join(parts[1:]))
    return found


def expected_response(
    algorithm: str,
    *,
    username: str,
    realm: str,
    password: str,
    method: str,
    uri: str,
    nonce: str,
    nc: str = "",
    cnonce: str = "",
    qop: str = "",
) -> str:
    """The `response` a client with `password` computes (RFC 2617 §3.2.2.1; -sess too)."""
    base = algorithm.removesuffix("-SESS")
    ha1 = _remembered(_HA1, (base, username, realm, password))
    if algorithm.endswith("-SESS"):
        ha1 = digest_hex(base, f"{ha1}:{nonce}:{cnonce}")
    ha2 = _remembered(_HA2, (base, method, uri))
    if qop:
        return digest_hex(base, f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")
    return digest_hex(base, f"{ha1}:{nonce}:{ha2}")


class Verdict(Enum):
    OK = "ok"
    STALE = "stale"  # our nonce, expired or forgotten: challenge again, stale=true
    REPLAY = "replay"  # nonce count not increasing, or a used qop-less nonce
    WRONG = "wrong"  # bad response (wrong password) or wrong realm/user
    MALFORMED = "malformed"  # missing parameters or an algorithm we do not support


def random_hex(size: int = 16, ahead: int = 256) -> Callable[[], str]:
    """Unpredictable tokens of `size` random bytes (hex), as `secrets.token_hex` makes them,
    read from the system's generator `ahead` at a time: one system call per 256 nonces
    instead of one each."""
    chunk = size * 2
    buffer, at = "", 0

    def take() -> str:
        nonlocal buffer, at
        if at >= len(buffer):
            buffer, at = secrets.token_hex(size * ahead), 0
        at += chunk
        return buffer[at - chunk : at]

    return take


@dataclass(slots=True)
class _Nonce:
    issued: float
    last_nc: int = 0
    used: bool = False


class NonceBook:
    """Nonces issued to devices, with expiry and replay protection."""

    def __init__(
        self,
        ttl: float = NONCE_TTL,
        capacity: int = MAX_NONCES,
        token: Callable[[], str] | None = None,
    ) -> None:
        self.ttl, self.capacity = ttl, capacity
        self._token = token if token is not None else random_hex()
        self._nonces: OrderedDict[str, _Nonce] = OrderedDict()

    def __len__(self) -> int:
        return len(self._nonces)

    def issue(self, now: float) -> str:
        self.expire(now)
        while len(self._nonces) >= self.capacity:
            self._nonces.popitem(last=False)
        nonce = self._token()
        self._nonces[nonce] = _Nonce(now)
        return nonce

    def expire(self, now: float) -> None:
        """Forget nonces older than the ttl (they are in issue order)."""
        while self._nonces:
            nonce, entry = next(iter(self._nonces.items()))
            if now - entry.issued < self.ttl:
                break
            del self._nonces[nonce]

    def verify(
        self, params: dict[str, str], *, method: str, realm: str, password: str, now: float
    ) -> Verdict:
        """Check a device's credentials against `password`; the nonce state moves on success."""
        algorithm = params.get("algorithm", "MD5").upper()
        nonce, response = params.get("nonce", ""), params.get("response", "").lower()
        qop, nc, cnonce = (
            params.get("qop", "").lower(),
            params.get("nc", ""),
            params.get("cnonce", ""),
        )
        if algorithm.removesuffix("-SESS") not in ALGORITHMS or not nonce or not response:
            return Verdict.MALFORMED
        if qop not in ("", "auth") or (qop and (not cnonce or not _hex8(nc))):
            return Verdict.MALFORMED
        if params.get("realm") != realm:
            return Verdict.WRONG
        entry = self._nonces.get(nonce)
        if entry is None or now - entry.issued >= self.ttl:
            return Verdict.STALE
        count = int(nc, 16) if qop else 0
        if (qop and count <= entry.last_nc) or (not qop and entry.used):
            return Verdict.REPLAY
        wanted = expected_response(
            algorithm,
            username=params.get("username", ""),
            realm=realm,
            password=password,
            method=method,
            uri=params.get("uri", ""),
            nonce=nonce,
            nc=nc,
            cnonce=cnonce,
            qop=qop,
        )
        if not hmac.compare_digest(wanted, response):
            return Verdict.WRONG
        entry.last_nc, entry.used = max(entry.last_nc, count), True
        return Verdict.OK


_HEX8 = re.compile(r"[0-9a-fA-F]{8}")


def _hex8(nc: str) -> bool:
    return _HEX8.fullmatch(nc) is not None


def challenge(realm: str, nonce: str, algorithm: str = "MD5", *, stale: bool = False) -> str:
    """A `WWW-Authenticate` value: realm, nonce, qop="auth", algorithm."""
    value = f'Digest realm="{realm}",nonce="{nonce}",qop="auth",algorithm={algorithm}'
    return value + (",stale=true" if stale else "")


def authorization(
    params: dict[str, str],
    *,
    username: str,
    password: str,
    method: str,
    uri: str,
    cnonce: str,
    nc: int = 1,
) -> str:
    """The `Authorization` value a device sends in answer to a challenge (for the simulator)."""
    algorithm = params.get("algorithm", "MD5").upper()
    realm, nonce = params.get("realm", ""), params.get("nonce", "")
    qop = "auth" if "auth" in params.get("qop", "").split(",") else ""
    count = f"{nc:08x}"
    response = expected_response(
        algorithm,
        username=username,
        realm=realm,
        password=password,
        method=method,
        uri=uri,
        nonce=nonce,
        nc=count if qop else "",
        cnonce=cnonce if qop else "",
        qop=qop,
    )
    value = (
        f'Digest username="{username}",realm="{realm}",nonce="{nonce}",uri="{uri}",'
        f'response="{response}",algorithm={algorithm}'
    )
    if qop:
        value += f',qop=auth,nc={count},cnonce="{cnonce}"'
    return value
