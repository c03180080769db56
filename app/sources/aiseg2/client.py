"""The AiSEG2's web UI over HTTP Digest: one request at a time, every failure classified.

The AiSEG2 is a small appliance: the client never has two requests out, never retries
by itself (the mirror decides when to ask again) and sorts what went wrong into what
the household can act on: a wrong password, an AiSEG2 that does not answer (off,
restarting, unplugged) and one that answers error pages.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests
from requests.auth import HTTPDigestAuth


class Aiseg2Error(Exception):
    """Any failure to get a page; ``page`` names the page."""

    def __init__(self, page: str, problem: str) -> None:
        super().__init__(f"{page}: {problem}")
        self.page = page


class WrongPassword(Aiseg2Error):
    """The AiSEG2 refused the login (401 after the Digest answer)."""


class NotAnswering(Aiseg2Error):
    """No HTTP answer: connection refused or reset, or no answer within the timeout."""


class ErrorPage(Aiseg2Error):
    """An HTTP answer that is not the page (a 5xx or 404 error page)."""


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    text: str
    elapsed_s: float  # on the caller's monotonic clock (a test's clock can make it slow)


class Aiseg2Client:
    def __init__(self, host: str, user: str, password: str, timeout_s: float = 10.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.base = host if host.startswith(("http://", "https://")) else f"http://{host}"
        self.base = self.base.rstrip("/")
        self.timeout_s = timeout_s
        self._monotonic = monotonic
        self._lock = threading.Lock()  # one request at a time, whoever asks
        self._session = requests.Session()
        self._session.auth = HTTPDigestAuth(user, password)
        self._session.headers["User-Agent"] = "hems-panel-aiseg2-mirror"

    def get(self, path: str) -> Page:
        return self._request("GET", path)

    def post_data(self, path: str) -> Page:
        """The data endpoints the screens refresh from: a form POST of ``data={}``."""
        return self._request("POST", path, data={"data": "{}"})

    def _request(self, method: str, path: str, data: dict[str, str] | None = None) -> Page:
        with self._lock:
            started = self._monotonic()
            try:
                response = self._session.request(
                    method, self.base + path, data=data,
                    timeout=(min(3.0, self.timeout_s), self.timeout_s), allow_redirects=False)
            except requests.Timeout as exc:
                raise NotAnswering(path, f"no answer within {self.timeout_s:g} s") from exc
            except requests.RequestException as exc:  # refused, reset, DNS: not answering
                raise NotAnswering(path, type(exc).__name__) from exc
            elapsed = self._monotonic() - started
        if response.status_code == 401:
            raise WrongPassword(path, "the AiSEG2 refused the user name or password")
        if response.status_code != 200:
            raise ErrorPage(path, f"HTTP {response.status_code}")
        response.encoding = response.encoding or "utf-8"
        return Page(path, response.text, elapsed)

    def close(self) -> None:
        self._session.close()
