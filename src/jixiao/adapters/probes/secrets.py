"""Probe passwords encrypted at rest: Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`).

The key is JIXIAO_PROBE_KEY when set, else the file `probe.key` in JIXIAO_DATA_DIR, created
(mode 0600) the first time a password is stored. Losing the key loses the stored passwords,
not the probes: they are then sent without credentials and answer 401 until set again.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from jixiao.domain.errors import DomainError

KEY_FILE = "probe.key"


class SecretError(DomainError):
    """A stored password that this key cannot open."""


class Secrets:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    @classmethod
    def from_settings(cls, key: str | None, data_dir: Path) -> Secrets:
        """JIXIAO_PROBE_KEY, else data_dir/probe.key (created on first use)."""
        if key:
            return cls(key.encode())
        path = data_dir / KEY_FILE
        if not path.exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(Fernet.generate_key())
        return cls(path.read_bytes().strip())

    def seal(self, password: str) -> str:
        return self._fernet.encrypt(password.encode()).decode() if password else ""

    def open(self, secret: str) -> str:
        if not secret:
            return ""
        try:
            return self._fernet.decrypt(secret.encode()).decode()
        except InvalidToken:
            raise SecretError(
                "探测密码无法用当前密钥解密（JIXIAO_PROBE_KEY 或数据目录下的 probe.key 已更换）；"
                "请重新设置该设备的探测密码"
            ) from None


class LazySecrets:
    """Secrets whose key is read (or the key file created) only when first needed: a store
    with no probe password never gets a key file."""

    def __init__(self, key: str | None, data_dir: Path) -> None:
        self._key, self._data_dir = key, data_dir
        self._secrets: Secrets | None = None

    def _open(self) -> Secrets:
        if self._secrets is None:
            self._secrets = Secrets.from_settings(self._key, self._data_dir)
        return self._secrets

    def seal(self, password: str) -> str:
        return self._open().seal(password) if password else ""

    def open(self, secret: str) -> str:
        return self._open().open(secret) if secret else ""
