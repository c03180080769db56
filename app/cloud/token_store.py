"""The panel's registration secrets on disk: owner-only files, written atomically."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DEVICE_CODE_FILE = "device_code"
_REGISTRATION_KEY_FILE = "registration_key"
_REGISTRATION_FILE = "center_registration.json"


@dataclass(frozen=True)
class StoredRegistration:
    token: str
    device_id: str
    terms_version: str
    privacy_version: str
    server_url: str = ""


def _write_private(path: Path, data: bytes) -> None:
    """Write owner-only (0600), fsync, rename: a crash leaves the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def _created_once(path: Path, make: Callable[[], str]) -> str:
    """The value in ``path``, made and written (0600) by the first caller of any process."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    value = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, value.encode() + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # fails if another process created it first: keep theirs
    except FileExistsError:
        return path.read_text().strip()
    finally:
        tmp.unlink(missing_ok=True)
    return value


def device_code(data_dir: Path) -> str:
    """The panel's device code (XXXX-XXXX-XXXX, Crockford base32), created once."""
    def make() -> str:
        chars = "".join(secrets.choice(CROCKFORD) for _ in range(12))
        return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"

    return _created_once(Path(data_dir) / _DEVICE_CODE_FILE, make)


def registration_key(data_dir: Path) -> str:
    """A secret of this panel sent with its registration: if the server's answer (the
    token, given once) is lost, registering again with it reissues the token instead of
    refusing the code as taken. Created once, owner-only."""
    return _created_once(Path(data_dir) / _REGISTRATION_KEY_FILE, lambda: secrets.token_hex(32))


class TokenStore:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / _REGISTRATION_FILE

    def load(self) -> StoredRegistration | None:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return StoredRegistration(**raw)
        except FileNotFoundError:
            return None
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{self.path} is damaged: {exc}") from exc

    @property
    def token(self) -> str | None:
        reg = self.load()
        return reg.token if reg else None

    def save(self, registration: StoredRegistration) -> None:
        _write_private(self.path, json.dumps(asdict(registration), indent=1).encode())

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def device_code(self) -> str:
        return device_code(self.data_dir)

    def registration_key(self) -> str:
        return registration_key(self.data_dir)
