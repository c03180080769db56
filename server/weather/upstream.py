"""HTTP toward upstream providers: bounded in time and size, JSON or a failure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests

USER_AGENT = "hems-center/1 (weather cache; one request per area and hour)"


class UpstreamError(Exception):
    """Upstream is down or answered something we cannot use; the text says which."""


@dataclass(frozen=True)
class Http:
    timeout_s: float = 10.0  # to connect, and between bytes of the answer
    max_bytes: int = 4 * 1024 * 1024

    def get_json(self, url: str, params: dict[str, str] | None = None) -> Any:
        try:
            with requests.get(url, params=params, timeout=(self.timeout_s, self.timeout_s),
                              stream=True, allow_redirects=False,
                              headers={"User-Agent": USER_AGENT,
                                       "Accept": "application/json"}) as response:
                if response.status_code != 200:
                    raise UpstreamError(f"{_where(url)} answered HTTP {response.status_code}")
                body = bytearray()
                for chunk in response.iter_content(64 * 1024):
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise UpstreamError(f"{_where(url)} answered more than "
                                            f"{self.max_bytes} bytes")
        except requests.RequestException as exc:
            raise UpstreamError(f"{_where(url)} is unreachable: {type(exc).__name__}") from exc
        try:
            return json.loads(bytes(body).decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise UpstreamError(f"{_where(url)} answered something that is not JSON") from exc


def _where(url: str) -> str:
    return url.split("?", 1)[0]
