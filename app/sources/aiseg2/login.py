"""The AiSEG2's address and login, kept like the panel's other secrets: a file only the
panel's user can read (0600, in the 0700 data folder), written atomically."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from app.store.private import FILE_MODE, make_private_dir

LOGIN_FILE = "aiseg2_login.json"


@dataclass(frozen=True)
class Aiseg2Login:
    host: str  # "192.168.0.216" or "192.168.0.216:80"
    user: str
    password: str

    def __repr__(self) -> str:  # never in a log
        return f"Aiseg2Login(host={self.host!r}, user={self.user!r}, password=***)"


def load_login(data_dir: Path) -> Aiseg2Login | None:
    """The saved login; None when there is none. A damaged file is an error that says so."""
    path = Path(data_dir) / LOGIN_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Aiseg2Login(str(raw["host"]), str(raw["user"]), str(raw["password"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path} is damaged: {exc}") from exc


def save_login(data_dir: Path, login: Aiseg2Login) -> None:
    folder = Path(data_dir)
    make_private_dir(folder)
    path = folder / LOGIN_FILE
    tmp = folder / f".{LOGIN_FILE}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.write(fd, json.dumps(asdict(login)).encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
