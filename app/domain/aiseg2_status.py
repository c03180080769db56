"""How the AiSEG2 mirror is doing, as the Devices page says it (no protocol code here)."""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from enum import StrEnum


class MirrorState(StrEnum):
    STARTING = "starting"  # no page asked yet
    CONNECTED = "connected"
    SLOW = "slow"  # answers, but a page takes seconds: the mirror asks less often
    NOT_ANSWERING = "not_answering"  # off, restarting or unreachable: asked again later
    ERROR_PAGES = "error_pages"  # answers, but with error pages instead of its screens
    WRONG_PASSWORD = "wrong_password"  # refused the login: not asked again until changed


@dataclass(frozen=True, slots=True)
class MirrorStatus:
    state: MirrorState
    host: str
    last_good: float | None = None  # unix s of the last good reading
    detail: str = ""  # the last failure, page named (for the installer)
    retry_at: float | None = None  # unix s it is asked again (None: not until changed)

    def to_json(self) -> str:
        return json.dumps([self.state.value, self.host, self.last_good, self.detail,
                           self.retry_at])

    @staticmethod
    def from_json(text: str | None) -> MirrorStatus | None:
        """The stored status; None when there is none or it is unreadable."""
        if not text:
            return None
        try:
            state, host, last_good, detail, retry = json.loads(text)
            return MirrorStatus(MirrorState(state), str(host),
                                None if last_good is None else float(last_good), str(detail),
                                None if retry is None else float(retry))
        except (ValueError, TypeError):
            return None


def aiseg2_host(text: str) -> str | None:
    """An AiSEG2's address as typed ("192.168.0.216", optionally ":port"), or None."""
    address, _, port = text.strip().partition(":")
    try:
        ipaddress.IPv4Address(address)
    except ValueError:
        return None
    if port and not (port.isdigit() and 0 < int(port) < 65536):
        return None
    return text.strip()
