"""Panel updates: checked daily, offered in a notice, installed on the household's tap
(or at night when allowed) by the installer, a process apart from the panel.

    updates = UpdateService(connect, data_dir, open_store, notices, clock, keys=...,
                            installer=package_installer())
    updates.view_changed.connect(page.show_view)   # UpdateView, immutable
    updates.start()      # tells the outcome of the last install, then checks (and daily)
    updates.check()      # the page's "check now"
    updates.install()    # the page's button: download, verify, hand to the installer

Only this service talks to the server about updates, on its worker thread, while the
panel is registered. Nothing the server sends is believed unsigned: the manifest's
signature is checked with the keys the panel ships, the wheel's bytes against the signed
SHA-256 (downloaded to a temp file first: a dropped connection leaves nothing), and a
version not newer than the running one is refused (a replayed old manifest). Each
refusal is logged and shown on the page with its reason.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from app.cloud.errors import CloudError
from app.cloud.token_store import TokenStore
from app.domain.home_clock import HomeClock
from app.domain.notices import Importance, Template, home_notice
from app.domain.update_manifest import (
    Manifest,
    SignedManifest,
    UpdateRefused,
    offer_refusal,
)
from app.services.background import BackgroundRunner
from app.services.cloud_problem import problem_of
from app.services.notice_service import NoticeService
from app.services.store_query import StoreQuery
from app.store import Store
from app.update.installer import Outcome, read_result, result_path, stage_request, updates_dir

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from app.cloud.client import CenterClient

log = logging.getLogger(__name__)

CHECK_MS = 24 * 3600 * 1000  # daily
RETRY_MS = 3600 * 1000  # after a failed check
NIGHT_MS = 15 * 60 * 1000  # how often the night window is looked at
NIGHT_HOURS = (2, 4)  # installs allowed at night start between 02:00 and 04:00
NIGHT_SETTING = "update_night_install"  # "1" when the household allowed it
NOTIFIED_SETTING = "update_notified_version"  # the version a notice was posted for
NOT_REGISTERED = "not_registered"
BUNDLE_PREFIX = ".bundle-"
NO_INSTALLER = "no_installer"

Connect = Callable[[TokenStore], "CenterClient"]


class Installer(Protocol):
    def available(self) -> bool: ...
    def start(self, data_dir: Path) -> None: ...


@dataclass(frozen=True)
class UpdateView:
    running: str  # the version this panel runs
    offered: Manifest | None = None  # a newer, genuine version, ready to install
    phase: str = "idle"  # idle | checking | downloading | installing
    progress: float | None = None  # 0..1 while downloading
    problem: str | None = None  # NOT_REGISTERED, a cloud_problem kind, an UpdateRefused
    detail: str = ""  # reason (unsigned, bad_signature, tampered, older, ...), NO_INSTALLER
    checked_at: float | None = None  # the last check that got an answer
    night_install: bool = False
    can_install: bool = False  # an installer is there (a panel installed from the package)
    last_outcome: Outcome | None = None  # what the installer did last time


@dataclass(frozen=True)
class _Checked:
    offered: Manifest | None
    signed: SignedManifest | None
    problem: str | None
    detail: str
    checked: bool
    night_install: bool
    notify: bool


class UpdateService(QObject):
    view_changed = Signal(object)
    _progress = Signal(float)  # from the worker while downloading

    def __init__(self, connect: Connect, data_dir: Path, open_store: Callable[[], Store],
                 notices: NoticeService | None, clock: HomeClock,
                 keys: tuple[Ed25519PublicKey, ...], running: str,
                 installer: Installer | None, parent: QObject | None = None, *,
                 check_ms: int = CHECK_MS, retry_ms: int = RETRY_MS,
                 night_ms: int = NIGHT_MS) -> None:
        super().__init__(parent)
        self._connect = connect
        self._data_dir = Path(data_dir)
        self._tokens = TokenStore(self._data_dir)
        self._query = StoreQuery(open_store)  # worker only
        self._client: CenterClient | None = None  # worker only
        self._notices = notices
        self._clock = clock
        self._keys = keys
        self._installer = installer
        self._check_ms, self._retry_ms = check_ms, retry_ms
        self._signed: SignedManifest | None = None  # the offered version's, as signed
        self._runner = BackgroundRunner("update-service", self)
        self._busy = False
        self.view = UpdateView(running, can_install=bool(installer and installer.available()))
        self._check_timer = QTimer(self)
        self._check_timer.setInterval(check_ms)
        self._check_timer.timeout.connect(self.check)
        self._night_timer = QTimer(self)
        self._night_timer.setInterval(night_ms)
        self._night_timer.timeout.connect(self._night_tick)
        self._progress.connect(self._on_progress)

    # -- requests (UI thread) ---------------------------------------------------------------

    def start(self) -> None:
        """Tell the outcome of the last install (once), then check now and daily."""
        if self._check_timer.isActive():
            return
        self._check_timer.start()
        self._night_timer.start()
        self._runner.submit(self._told_outcome, self._outcome_told)
        self.check()

    def check(self) -> None:
        if self._busy:
            return
        self._busy = True
        self._set(phase="checking")
        self._runner.submit(self._check, self._checked)

    def install(self) -> None:
        """Download the offered version, verify it, and hand it to the installer."""
        if self._busy or self.view.offered is None or self._signed is None:
            return
        if not self.view.can_install:
            self._set(problem="refused", detail=NO_INSTALLER)
            return
        self._busy = True
        self._set(phase="downloading", progress=0.0, problem=None, detail="")
        offered, signed = self.view.offered, self._signed
        self._runner.submit(lambda: self._download(offered, signed), self._downloaded)

    def set_night_install(self, allowed: bool) -> None:
        """Saved, then shown (view_changed once it is in the store)."""
        def saved(_result: object, error: BaseException | None) -> None:
            if error is None:
                self._set(night_install=allowed)

        self._runner.submit(lambda: self._query.store.set_setting(
            NIGHT_SETTING, "1" if allowed else "0"), saved)

    def shutdown(self) -> None:
        self._check_timer.stop()
        self._night_timer.stop()
        self._runner.shutdown()
        if self._client is not None:
            self._client.close()
            self._client = None
        self._query.close()

    # -- worker ----------------------------------------------------------------------------

    def _client_now(self) -> CenterClient:
        if self._client is None:
            self._client = self._connect(self._tokens)
        return self._client

    def _check(self) -> _Checked:
        store = self._query.store
        night = store.get_setting(NIGHT_SETTING) == "1"
        if self._tokens.load() is None:
            return _Checked(None, None, NOT_REGISTERED, "", False, night, False)
        try:
            signed = self._client_now().latest_update()
            if signed is None:
                return _Checked(None, None, None, "", True, night, False)
            manifest = signed.verify(self._keys)
            refusal = offer_refusal(manifest, self.view.running)
            if refusal is not None:
                raise refusal
        except UpdateRefused as exc:
            quiet = exc.reason == "same_version"  # up to date: the page says so
            if quiet:
                log.info("no update: %s", exc.detail)
            else:
                log.warning("update refused: %s", exc)
            return _Checked(None, None, None if quiet else "refused",
                            "" if quiet else exc.reason, True, night, False)
        except CloudError as exc:
            log.warning("updates not checked: %s", exc)
            return _Checked(None, None, problem_of(exc).kind, "", False, night, False)
        notify = store.get_setting(NOTIFIED_SETTING) != manifest.version
        if notify:
            store.set_setting(NOTIFIED_SETTING, manifest.version)
        return _Checked(manifest, signed, None, "", True, night, notify)

    def _download(self, manifest: Manifest, signed: SignedManifest) -> Path:
        folder = updates_dir(self._data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        # A folder of our own: download_update renames into it only when whole.
        tmp_dir = Path(tempfile.mkdtemp(prefix=BUNDLE_PREFIX, dir=folder))
        try:
            wheel = self._client_now().download_update(
                manifest, tmp_dir / manifest.filename,
                lambda done, total: self._progress.emit(done / total))
            staged = stage_request(self._data_dir, wheel, signed)
        finally:
            for left in tmp_dir.iterdir():
                left.unlink()
            tmp_dir.rmdir()
        assert self._installer is not None
        self._installer.start(self._data_dir)
        return staged

    def _told_outcome(self) -> Outcome | None:
        """The installer's last outcome, told once: the file is renamed after reading."""
        for left in updates_dir(self._data_dir).glob(f"{BUNDLE_PREFIX}*"):
            shutil.rmtree(left, ignore_errors=True)  # a download a power cut interrupted
        outcome = read_result(self._data_dir)
        if outcome is not None:
            path = result_path(self._data_dir)
            os.replace(path, path.with_name("result-told.json"))
        return outcome

    # -- delivery (UI thread) --------------------------------------------------------------

    def _checked(self, result: _Checked | None, error: BaseException | None) -> None:
        self._busy = False
        if result is None:
            log.error("update check: %s", error)
            self._set(phase="idle", problem="local", detail=str(error))
            self._check_timer.setInterval(self._retry_ms)
            return
        self._signed = result.signed
        self._check_timer.setInterval(self._check_ms if result.checked else self._retry_ms)
        self._set(phase="idle", offered=result.offered, problem=result.problem,
                  detail=result.detail, night_install=result.night_install,
                  checked_at=self._clock.now() if result.checked else self.view.checked_at)
        if result.notify and result.offered is not None and self._notices is not None:
            self._notices.post(home_notice(
                Template.UPDATE_AVAILABLE, self._clock.now(),
                {"version": result.offered.version, "notes": dict(result.offered.notes)},
                fold=result.offered.version))
        self._night_tick()

    def _downloaded(self, staged: Path | None, error: BaseException | None) -> None:
        self._busy = False
        if error is None:
            log.info("update %s verified and handed to the installer",
                     self.view.offered.version if self.view.offered else "?")
            self._set(phase="installing", progress=1.0)
            return
        if isinstance(error, UpdateRefused):
            log.warning("update refused: %s", error)
            self._set(phase="idle", progress=None, problem="refused", detail=error.reason)
        else:
            kind = problem_of(error).kind
            self._set(phase="idle", progress=None, problem=kind, detail=str(error)[:200])

    def _outcome_told(self, outcome: Outcome | None, error: BaseException | None) -> None:
        if outcome is None:
            return
        self._set(last_outcome=outcome)
        if self._notices is None:
            return
        now = self._clock.now()
        if outcome.outcome == "installed":
            notice = home_notice(Template.UPDATE_INSTALLED, now, {"version": outcome.version},
                                 fold=outcome.version)
        else:
            notice = home_notice(Template.UPDATE_FAILED, now,
                                 {"version": outcome.version, "running": outcome.running,
                                  "reason": outcome.outcome, "detail": outcome.detail},
                                 importance=Importance.IMPORTANT, fold=outcome.version)
        self._notices.post(notice)

    def _on_progress(self, fraction: float) -> None:
        if self.view.phase == "downloading" and (
                self.view.progress is None or fraction - self.view.progress >= 0.01
                or fraction >= 1.0):
            self._set(progress=fraction)

    def _night_tick(self) -> None:
        """At night, with the household's leave, the offered version installs itself."""
        hour = self._clock.local_now().hour
        if self.view.night_install and self.view.offered is not None and \
                NIGHT_HOURS[0] <= hour < NIGHT_HOURS[1] and self.view.phase == "idle":
            log.info("installing %s at night, as the household allowed",
                     self.view.offered.version)
            self.install()

    def _set(self, **changes) -> None:
        self.view = replace(self.view, **changes)
        self.view_changed.emit(self.view)
