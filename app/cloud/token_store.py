"""The panel's registration secrets on disk: owner-only files, written atomically."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from app.store.private import write_private_file

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
    token_issued: str = ""  # ISO date the token was issued ("" for older files)


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


def code_for_key(key: str) -> str:
    """The device code that belongs to a registration key (the server checks it:
    server/security.py): the first 60 bits of SHA-256 in Crockford base32."""
    digest = hashlib.sha256(b"hems-device-code|" + key.encode()).digest()
    n = int.from_bytes(digest[:8], "big") >> 4
    chars = "".join(CROCKFORD[(n >> (5 * i)) & 31] for i in reversed(range(12)))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def device_code(data_dir: Path, registered: bool = False) -> str:
    """The panel's device code (XXXX-XXXX-XXXX, Crockford base32): derived from its
    registration key. A panel registered with an older random code keeps that one;
    an unregistered panel's random code is replaced by the derived one (the server
    registers only codes that belong to the key)."""
    path = Path(data_dir) / _DEVICE_CODE_FILE
    derived = code_for_key(registration_key(data_dir))
    current = _created_once(path, lambda: derived)
    if current != derived and not registered:
        write_private_file(path, derived.encode() + b"\n")
        return derived
    return current


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
        write_private_file(self.path, json.dumps(asdict(registration), indent=1).encode())

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def device_code(self) -> str:
        return device_code(self.data_dir, registered=self.load() is not None)

    def registration_key(self) -> str:
        return registration_key(self.data_dir)
