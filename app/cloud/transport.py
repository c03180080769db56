"""HTTP with bounded retries, back-off and typed errors (requests; no Qt)."""

from __future__ import annotations

import email.utils
import random
import socket
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from app.cloud.errors import (
    BadResponse,
    CityRequired,
    Rejected,
    ServerError,
    Unauthorized,
    Unreachable,
)

# 501 and 507 will not change on a retry a moment later: no retry for them.
_NO_RETRY_5XX = {501, 505, 507}
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # total tries, the first included
    backoff: float = 0.5  # first pause; doubles each time, with jitter
    max_backoff: float = 8.0
    max_retry_after: float = 30.0  # a longer Retry-After is reported, not waited for


def retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_fields(response: requests.Response) -> tuple[str, str]:
    try:
        err = response.json()["error"]
        return str(err["code"]), str(err["message"])
    except (ValueError, KeyError, TypeError):
        return f"http_{response.status_code}", (response.text or response.reason or "")[:200]


class _AbortableAdapter(HTTPAdapter):
    """Keeps a weak reference to each connection it opens, so that another thread can
    end a request that waits (a long-poll) by shutting its socket down."""

    def __init__(self) -> None:
        self._open: weakref.WeakSet = weakref.WeakSet()
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        adapter = self

        def tracking(base):
            class Tracking(base):
                def _new_conn(self):
                    conn = super()._new_conn()
                    adapter._open.add(conn)
                    return conn
            return Tracking

        manager = self.poolmanager  # a dict of its own: the module's default stays as it is
        manager.pool_classes_by_scheme = {scheme: tracking(cls) for scheme, cls
                                          in manager.pool_classes_by_scheme.items()}

    def abort(self) -> None:
        for conn in list(self._open):
            sock = getattr(conn, "sock", None)
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:  # closed meanwhile
                    pass


class Http:
    def __init__(self, base_url: str, *, ca_bundle: str | None, timeout: tuple[float, float],
                 retry: RetryPolicy, sleep: Callable[[float], None] = time.sleep,
                 allow_insecure_http: bool = False,
                 session: requests.Session | None = None) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("https", "http"):
            raise ValueError(f"not an http(s) URL: {base_url}")
        # Plain HTTP only to this machine (the embedded server) unless asked for.
        if parts.scheme == "http" and parts.hostname not in _LOOPBACK and not allow_insecure_http:
            raise ValueError("the center server must be reached over https")
        self.base_url = base_url.rstrip("/")
        self.verify: bool | str = ca_bundle or True  # verification is never turned off
        self.timeout = timeout
        self.retry = retry
        self._sleep = sleep
        self.session = session or requests.Session()
        self._adapter = _AbortableAdapter()
        self.session.mount("http://", self._adapter)
        self.session.mount("https://", self._adapter)
        self._aborted = threading.Event()

    def close(self) -> None:
        self.session.close()

    @property
    def aborted(self) -> bool:
        return self._aborted.is_set()

    def abort(self) -> None:
        """From any thread: end the request under way (Unreachable) and refuse the next
        ones; the panel's exit does not wait for a long-poll."""
        self._aborted.set()
        self._adapter.abort()

    def request(self, method: str, path: str, *, token: str | None = None,
                json: Any = None, body: Callable[[], Any] | None = None,
                headers: dict[str, str] | None = None, params: dict | None = None,
                stream: bool = False, idempotent: bool = True,
                timeout: tuple[float, float] | None = None) -> requests.Response:
        """Send with retries; returns a 2xx response or raises a CloudError.

        A non-idempotent request (registration) is retried only when it surely did
        not reach the server (connection refused, 429, 503), so a lost answer
        cannot make it happen twice.
        """
        hdrs = dict(headers or {})
        if token:
            hdrs["Authorization"] = f"Bearer {token}"
        url = self.base_url + path
        pause = self.retry.backoff
        for attempt in range(1, self.retry.attempts + 1):
            last = attempt == self.retry.attempts
            wait: float | None = None
            if self._aborted.is_set():
                raise Unreachable(f"requests to {self.base_url} were stopped")
            try:
                response = self.session.request(
                    method, url, json=json, data=body() if body else None, headers=hdrs,
                    params=params, timeout=timeout or self.timeout, verify=self.verify,
                    stream=stream)
            except requests.exceptions.SSLError as exc:
                raise Unreachable(f"TLS verification failed for {self.base_url}: {exc}") from exc
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                sent = not isinstance(exc, requests.exceptions.ConnectTimeout) and isinstance(
                    exc, requests.exceptions.Timeout)
                if last or (sent and not idempotent) or self._aborted.is_set():
                    raise Unreachable(f"{self.base_url} did not answer: {exc}") from exc
            else:
                status = response.status_code
                if status < 400:
                    return response
                code, message = _error_fields(response)
                wait = retry_after_seconds(response.headers.get("Retry-After"))
                response.close()
                retryable = status == 429 or (status >= 500 and status not in _NO_RETRY_5XX)
                if not idempotent and status not in (429, 503):
                    retryable = False
                too_long = wait is not None and wait > self.retry.max_retry_after
                if not retryable or last or too_long:
                    raise self._error(status, code, message, wait)
            delay = min(pause, self.retry.max_backoff) * (0.5 + random.random() / 2)
            self._sleep(max(delay, wait or 0.0))
            pause *= 2
        raise AssertionError("unreachable")  # the loop always returns or raises

    @staticmethod
    def _error(status: int, code: str, message: str, wait: float | None) -> Exception:
        if status == 401:
            return Unauthorized(code, message, status)
        if status == 409 and code == "city_required":
            return CityRequired(code, message, status)
        if status < 500:
            return Rejected(code, message, status, retry_after=wait)
        return ServerError(status, code, message)


def json_of(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise BadResponse(f"not JSON from {response.url}: {response.text[:80]!r}") from exc
