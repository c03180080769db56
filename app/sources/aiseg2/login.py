"""The AiSEG2's address and login, kept like the panel's other secrets: a file only the
panel's user can read (0600, in the 0700 data folder), written atomically."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from app.store.private import write_private_file

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
    write_private_file(Path(data_dir) / LOGIN_FILE,
                       json.dumps(asdict(login)).encode("utf-8"))
