"""Password hashes: argon2id through pwdlib, behind services.accounts.Hasher."""

from __future__ import annotations

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from jixiao.services.accounts import Hasher


def argon2_hasher() -> Hasher:
    """pwdlib's recommended argon2id parameters (RFC 9106 second choice: 64 MiB, t=3)."""
    return PasswordHash((Argon2Hasher(),))
