"""Remote view: the panel's side of "see the home from a smartphone" (issue 21).

    remote = RemoteViewService(connect, data_dir, SummaryQuery(...))
    remote.status_changed.connect(page.show_status)   # PushStatus, immutable
    remote.code_ready.connect(page.show_code)         # cloud.models.RemoteCode
    remote.tokens_ready.connect(page.show_phones)     # tuple[RemoteTokenInfo, ...]
    remote.failed.connect(page.show_problem)          # (operation, CloudProblem)
    remote.set_registered(True)                       # from the cloud service's state

The panel keeps no open port: while registered and while a phone can see the home it
pushes a compact summary to the server, as often as the server's last answer asked
(every minute while a phone watches or a login code is open, else hourly), backing off
after failures. Without a phone it sends no summary: it asks hourly whether one came. Every
request runs on this service's worker thread, one at a time; widgets only call the
methods below and listen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.cloud.errors import CloudError, Unauthorized
from app.cloud.models import PushAnswer
from app.cloud.token_store import TokenStore
from app.services.background import BackgroundRunner
from app.services.cloud_problem import UNAUTHORIZED, CloudProblem, problem_of

if TYPE_CHECKING:
    from app.cloud.client import CenterClient

log = logging.getLogger(__name__)

FIRST_RETRY_S = 60  # after a failed push; doubles up to the idle interval
IDLE_S = 3600  # the server's "nobody watches" answer, and the longest wait
NOT_REGISTERED = "not_registered"

Connect = Callable[[TokenStore], "CenterClient"]


@dataclass(frozen=True)
class PushStatus:
    registered: bool
    pushed_at: float | None  # the panel's clock (unix s) of the last good push
    every_s: int | None  # what the server asked for at the last good push
    next_in_s: int | None  # when the next push is due (None: stopped)
    problem: CloudProblem | None = None  # the last push failed (or not registered)
    # False: no phone can see the home, so the server keeps nothing and the panel sends
    # no summary (it only asks, hourly, whether a phone came); None: not known yet.
    phones: bool | None = None

    @property
    def watched(self) -> bool:
        """A phone watches (or is about to log in): pushes every minute."""
        return self.every_s is not None and self.every_s < IDLE_S


class RemoteViewService(QObject):
    status_changed = Signal(object)
    code_ready = Signal(object)
    tokens_ready = Signal(object)
    revoked = Signal(str)
    failed = Signal(str, object)  # operation: push | code | tokens | revoke

    def __init__(self, connect: Connect, data_dir: Path,
                 build_summary: Callable[[], dict | None],
                 clock_now: Callable[[], float], parent: QObject | None = None, *,
                 close_summary: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self._connect = connect
        self._tokens = TokenStore(Path(data_dir))
        self._build = build_summary
        self._close_build = close_summary
        self._now = clock_now
        self._client: CenterClient | None = None  # worker only
        self._runner = BackgroundRunner("remote-view", self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.push_now)
        self._pushing = False
        self._again = False  # asked to push while one was under way
        self._retry_s = 0
        self._registered = False
        self._phones: bool | None = None  # UI thread; the worker reads a copy
        self.status = PushStatus(False, None, None, None)

    # -- requests (UI thread) -------------------------------------------------------------

    def set_registered(self, registered: bool) -> None:
        """Follow the registration: push at once when it starts, stop when it ends."""
        if registered == self._registered:
            return
        self._registered = registered
        if registered:
            self.push_now()
        else:
            self._timer.stop()
            self._emit(PushStatus(False, None, None, None,
                                  CloudProblem(UNAUTHORIZED, NOT_REGISTERED)))

    def push_now(self) -> None:
        if not self._registered:
            return
        if self._pushing:
            self._again = True
            return
        self._pushing = True
        self._timer.stop()
        phones = self._phones
        self._runner.submit(lambda: self._push(phones), self._pushed)

    def request_code(self) -> None:
        """A new login code for a phone; a push follows (the server now asks for one a
        minute: a phone is about to look)."""
        def done(code, error: BaseException | None) -> None:
            if error is not None:
                self._fail("code", error)
                return
            self.code_ready.emit(code)
            self._phones = True  # a phone is about to log in: the server keeps summaries
            self.push_now()

        self._runner.submit(lambda: self._worker_client().remote_code(), done)

    def request_tokens(self) -> None:
        def done(tokens, error: BaseException | None) -> None:
            if error is not None:
                self._fail("tokens", error)
            else:
                self.tokens_ready.emit(tokens)

        self._runner.submit(lambda: self._worker_client().remote_tokens(), done)

    def revoke(self, token_id: str) -> None:
        """The phone can no longer see the home; the list is asked again afterwards."""
        def done(_result, error: BaseException | None) -> None:
            if error is not None:
                self._fail("revoke", error)
            else:
                self.revoked.emit(token_id)
            self.request_tokens()

        self._runner.submit(lambda: self._worker_client().revoke_remote_token(token_id), done)

    def shutdown(self) -> None:
        self._timer.stop()
        self._runner.shutdown()
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._close_build is not None:
            self._close_build()

    # -- worker ---------------------------------------------------------------------------

    def _worker_client(self) -> CenterClient:
        if self._tokens.load() is None:
            raise Unauthorized(NOT_REGISTERED, "this panel is not registered", 401)
        if self._client is None:
            self._client = self._connect(self._tokens)
        return self._client

    def _push(self, phones: bool | None) -> PushAnswer | None:
        """The server's answer; None when there is nothing to show yet (the panel has
        just started and no reading has come: a phone would see only dashes). Unless a
        phone is known to see the home, the list of phones is asked first: without one,
        no summary leaves the panel."""
        client = self._worker_client()
        if phones is not True and not client.remote_tokens():
            return PushAnswer(IDLE_S, False)
        summary = self._build()
        if summary is None:
            return None
        return client.push_summary(summary)

    # -- delivery (UI thread) -------------------------------------------------------------

    def _pushed(self, answer: PushAnswer | None, error: BaseException | None) -> None:
        self._pushing = False
        if not self._registered:
            return
        if error is None and answer is None:  # not ready: again in a minute
            self._schedule(FIRST_RETRY_S)
            self._emit(PushStatus(True, self.status.pushed_at, self.status.every_s,
                                  FIRST_RETRY_S, phones=self._phones))
        elif error is None and answer is not None:
            self._retry_s = 0
            self._phones = answer.stored
            self._schedule(answer.every_s)
            pushed_at = self._now() if answer.stored else self.status.pushed_at
            self._emit(PushStatus(True, pushed_at, answer.every_s, answer.every_s,
                                  phones=answer.stored))
        else:
            problem = problem_of(error or RuntimeError("no answer"))
            if isinstance(error, Unauthorized):
                # Unregistered, here or on the server: the cloud service notices too.
                self._timer.stop()
                self._emit(PushStatus(False, self.status.pushed_at, None, None, problem))
            else:
                if not isinstance(error, CloudError):
                    log.error("remote view summary not built: %s", error)
                self._retry_s = min(max(self._retry_s * 2, FIRST_RETRY_S), IDLE_S)
                self._schedule(self._retry_s)
                self._emit(PushStatus(True, self.status.pushed_at, self.status.every_s,
                                      self._retry_s, problem))
            self.failed.emit("push", problem)
        if self._again:
            self._again = False
            self.push_now()

    def _schedule(self, seconds: int) -> None:
        self._timer.start(int(seconds * 1000))

    @property
    def next_push_ms(self) -> int | None:
        return self._timer.interval() if self._timer.isActive() else None

    def _emit(self, status: PushStatus) -> None:
        self.status = status
        self.status_changed.emit(status)

    def _fail(self, operation: str, error: BaseException) -> None:
        self.failed.emit(operation, problem_of(error))
