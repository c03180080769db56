"""The daily backup to the center server, and taking over a previous panel's data.

    backup = BackupService(connect, data_dir, notices, clock.now, "Asia/Tokyo")
    backup.status_changed.connect(page.show_backup)     # BackupStatus, immutable
    backup.backup_now()

A timer ticks (every minute); each tick asks whether today's backup is due
(`backup_schedule`), at the minute the server chose for the day. A backup is a
consistent snapshot archived by `BackupKeeper` (full first, then increments),
uploaded with its SHA-256; only when the server confirms it does the keeper's
base move on, so a failed upload leaves the base and the next try covers the
same changes. Failures are retried; after `grace_s` without a success one
"backup failed" notice is posted (folded: one per failure streak).
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal

from app.cloud.errors import CloudError, Rejected
from app.cloud.token_store import TokenStore
from app.domain.notices import Importance, Template, home_notice
from app.services import backup_schedule as sched
from app.services.background import BackgroundRunner
from app.services.cloud_problem import CloudProblem, problem_of
from app.services.notice_service import NoticeService
from app.store.database import DB_NAME

if TYPE_CHECKING:  # backups, restores and requests load on the worker, not at start-up
    from app.cloud.client import CenterClient
    from app.services.restore_staging import RestoreStaged
    from app.store.backup import BackupKeeper

log = logging.getLogger(__name__)

BACKUP_DIR = "backup"
TICK_MS = 60_000
RETRY_S = 15 * 60.0  # after a failure, wait this long before the next try
GRACE_S = 2 * 86_400.0  # two days without a successful backup -> one notice

Connect = Callable[[TokenStore], "CenterClient"]


@dataclass(frozen=True)
class BackupStatus:
    registered: bool
    last: sched.LastRun | None
    last_success_at: float | None
    running: bool = False
    paused_for_terms: bool = False
    sent_bytes: int = 0


class BackupService(QObject):
    """Signals: `status_changed(BackupStatus)`, `progress(float)`,
    `restore_staged(RestoreStaged)`, `restore_failed(CloudProblem)`."""

    status_changed = Signal(object)
    progress = Signal(float)
    restore_staged = Signal(object)
    restore_failed = Signal(object)

    def __init__(self, connect: Connect, data_dir: Path, notices: NoticeService | None,
                 clock_now: Callable[[], float], timezone: str,
                 parent: QObject | None = None, *, tick_ms: int = TICK_MS,
                 retry_s: float = RETRY_S, grace_s: float = GRACE_S) -> None:
        super().__init__(parent)
        self._connect = connect
        self.data_dir = Path(data_dir)
        self.folder = self.data_dir / BACKUP_DIR
        self._state_path = self.folder / "schedule.json"
        self._tokens = TokenStore(self.data_dir)
        self._notices = notices
        self._now = clock_now
        self._zone = ZoneInfo(timezone)
        self._retry_s = retry_s
        self._grace_s = grace_s
        self._client: CenterClient | None = None  # worker only
        self._keeper: BackupKeeper | None = None  # worker only
        self._times: dict[date, str] = {}  # the server's minute per day (worker only)
        self._runner = BackgroundRunner("backup-service", self)
        self._next_try = 0.0
        self.status = self._status(sched.load_state(self._state_path))
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        self._timer.start()
        self.tick()

    # -- requests (UI thread) ---------------------------------------------------------------

    def tick(self) -> bool:
        """Look whether today's backup is due, and run it; False when waiting (a retry pause)."""
        if self._runner.busy or self._now() < self._next_try:
            return False
        self._submit(force=False)
        return True

    def backup_now(self) -> None:
        if not self._runner.busy:
            self._submit(force=True)

    def prepare_restore(self, old_device_code: str, confirmation_code: str) -> None:
        """Download and check the old panel's backups; they replace the data at next start."""
        def run() -> RestoreStaged:
            from app.services.restore_staging import stage_restore

            return stage_restore(self._worker_client(), self.data_dir, old_device_code,
                                 confirmation_code, self.progress.emit)

        def done(staged: RestoreStaged | None, error: BaseException | None) -> None:
            if error is not None or staged is None:
                self.restore_failed.emit(problem_of(error or RuntimeError("?")))
            else:
                self.restore_staged.emit(staged)

        self._runner.submit(run, done)

    def staged_restore(self) -> RestoreStaged | None:
        """A takeover downloaded and waiting for the next start (a small file read)."""
        from app.services.restore_staging import pending_restore

        return pending_restore(self.data_dir)

    def last_restore(self) -> dict | None:
        """{"ok", "at", "old_device_code", "error"?} of the last takeover applied at start."""
        from app.services.restore_staging import last_restore_result

        return last_restore_result(self.data_dir)

    def shutdown(self) -> None:
        self._timer.stop()
        self._runner.shutdown()
        if self._client is not None:
            self._client.close()
            self._client = None

    def _submit(self, force: bool) -> None:
        self.status = replace(self.status, running=True)
        self.status_changed.emit(self.status)
        now = self._now()
        self._runner.submit(lambda: self._run(now, force), self._done)

    def _done(self, state: sched.ScheduleState | None, error: BaseException | None) -> None:
        if state is None:  # a bug, not a failed backup: keep ticking, say so in the log
            log.error("backup check failed: %s", error)
            state = sched.load_state(self._state_path)
        if state.last is not None and not state.last.ok:
            self._next_try = state.last.at + self._retry_s
        self.status = self._status(state)
        self.status_changed.emit(self.status)

    def _status(self, state: sched.ScheduleState) -> BackupStatus:
        return BackupStatus(registered=self._tokens.load() is not None, last=state.last,
                            last_success_at=state.last_success_at,
                            paused_for_terms=bool(state.last and not state.last.ok
                                                  and state.last.reason.endswith(
                                                      "terms_not_accepted")),
                            sent_bytes=state.sent_bytes)

    # -- worker -----------------------------------------------------------------------------

    def _worker_client(self) -> CenterClient:
        if self._client is None:
            self._client = self._connect(self._tokens)
        return self._client

    def _run(self, now: float, force: bool) -> sched.ScheduleState:
        from app.store.backup import BackupError

        state = sched.load_state(self._state_path)
        stored = self._tokens.load()
        if stored is None:
            return state  # not registered (or unregistered): nothing is sent
        if state.device_id != stored.device_id:
            state = self._start_chain(stored.device_id)
        local = sched.local_now(now, self._zone)
        try:
            if not force and not self._due(local, state):
                return state
            state = self._backup(now, local.date(), state)
        except (CloudError, BackupError, OSError, sqlite3.Error, ValueError) as exc:
            state = self._failed(now, state, exc)
        sched.save_state(self._state_path, state)
        return state

    def _due(self, local, state: sched.ScheduleState) -> bool:
        at = None
        if not sched.is_due(local, state.done_date, None) and \
                sched.needs_time(local, state.done_date):
            day = local.date()
            if day not in self._times:
                self._times[day] = self._worker_client().backup_time(day)
            at = sched.parse_hhmm(self._times[day])
        return sched.is_due(local, state.done_date, at)

    def _backup(self, now: float, day: date, state: sched.ScheduleState
                ) -> sched.ScheduleState:
        # New terms not yet accepted: sending pauses (asked first, so no snapshot is wasted).
        if self._worker_client().status().needs_acceptance:
            raise Rejected("terms_not_accepted", "new terms are waiting to be accepted", 409)
        from app.store.backup import INCREMENTAL

        keeper = self._worker_keeper()
        db = self.data_dir / DB_NAME
        archive = keeper.prepare(db, now, progress=lambda f: self.progress.emit(0.6 * f))
        base = state.base_id if archive.kind == INCREMENTAL else None
        if archive.kind == INCREMENTAL and base is None:
            keeper.discard()  # a base the server never saw: start again with a full
            state = self._start_chain(state.device_id)
            keeper = self._worker_keeper()
            archive = keeper.prepare(db, now)
        try:
            info = self._worker_client().upload_backup(archive.path, archive.kind, base)
        except BaseException:
            keeper.discard()
            raise
        keeper.confirm(archive)
        self.progress.emit(1.0)
        return state.succeeded(now, day, archive.kind, archive.size, info.id)

    def _failed(self, now: float, state: sched.ScheduleState, exc: BaseException
                ) -> sched.ScheduleState:
        problem = problem_of(exc)
        if isinstance(exc, Rejected) and exc.code == "unknown_base":
            state = self._start_chain(state.device_id)  # the server lost the chain
        state = state.failed(now, f"{problem.kind}:{problem.code}" if problem.code
                             else problem.kind)
        if state.notice_due(now, self._grace_s) and self._notices is not None:
            self._notices.post(home_notice(Template.BACKUP_FAILED, now,
                                           {"reason": reason_words(problem)},
                                           Importance.NORMAL))
            state = replace(state, notice_posted=True)
        log.warning("backup failed: %s", exc)
        return state

    def _worker_keeper(self) -> BackupKeeper:
        from app.store.backup import BackupKeeper

        if self._keeper is None:
            self._keeper = BackupKeeper(self.folder)
        return self._keeper

    def _start_chain(self, device_id: str | None) -> sched.ScheduleState:
        """A new registration (or a lost chain): forget the base; the next backup is full."""
        self._keeper = None
        keep = self._state_path.read_text() if self._state_path.exists() else None
        shutil.rmtree(self.folder, ignore_errors=True)
        old = sched.ScheduleState() if keep is None else sched.load_state_text(keep)
        return sched.ScheduleState(device_id=device_id, last=old.last,
                                   last_success_at=old.last_success_at,
                                   failing_since=old.failing_since,
                                   notice_posted=old.notice_posted, sent_bytes=old.sent_bytes)


def reason_words(problem: CloudProblem) -> str:
    """A short, language-neutral reason for the notice (its sentence is translated)."""
    return problem.code or problem.kind
