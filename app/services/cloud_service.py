"""Registration with the center server: state, documents, register, re-accept, unregister.

    cloud = CloudService(connect, data_dir, notices, clock.now)
    cloud.state_changed.connect(page.show_state)      # CloudState, immutable
    cloud.register(household, terms, privacy)        # -> registered(Registration) | failed
    cloud.choose_city(prefecture, city_code)         # -> city_chosen(Household) | failed

Every call to the server runs on the service's worker thread. Unregistering
stops all sending at once, even when the server cannot be reached: the token
moves from the registration file to a "deletion pending" store (so nothing
else can use it) and the deletion is retried until the server confirms it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.cloud import models as m
from app.cloud.errors import CloudError, Unauthorized
from app.cloud.token_store import TokenStore
from app.domain.household import Household, Municipality, Registration
from app.domain.notices import Importance, Notice, NoticeSource
from app.services.background import BackgroundRunner
from app.services.cloud_problem import CloudProblem, problem_of
from app.services.notice_service import NoticeService
from app.services.restore_staging import ROTATE_TOKEN_FILE

if TYPE_CHECKING:  # requests (~200 ms) loads with the first connection, not at start
    from app.cloud.client import CenterClient

PENDING_DELETION_DIR = "center-deletion-pending"
DELETION_RETRY_MS = 15 * 60 * 1000
STATUS_REFRESH_MS = 6 * 3600 * 1000  # new terms are noticed within hours, not days
MAX_NOTICE_PAGES = 20
TOKEN_MAX_AGE_DAYS = 30  # the token is replaced when it is this old (at a status refresh)
log = logging.getLogger(__name__)

Connect = Callable[[TokenStore], "CenterClient"]


@dataclass(frozen=True)
class CloudState:
    registered: bool
    device_code: str
    server_url: str
    terms_version: str | None = None
    privacy_version: str | None = None
    current_terms_version: str | None = None
    current_privacy_version: str | None = None
    needs_acceptance: bool = False
    deletion_pending: bool = False
    error: CloudProblem | None = None
    household: Household | None = None  # as the server has it (None: not asked yet)

    @property
    def sending_allowed(self) -> bool:
        """Backups and other uploads: only while registered under the current terms."""
        return self.registered and not self.needs_acceptance

    @property
    def city_required(self) -> bool:
        """The server knows no municipality of this household (registered before city
        codes, or its city left the list): the weather needs it chosen again."""
        return self.registered and self.household is not None and \
            self.household.city_name is None


@dataclass(frozen=True)
class Documents:
    terms: m.Document
    privacy: m.Document


class CloudService(QObject):
    """Signals: `state_changed(CloudState)`, `documents_ready(Documents)`,
    `municipalities_ready(prefecture, tuple[Municipality, ...])`,
    `registered(Registration)`, `unregistered(CloudState)`, `city_chosen(Household)`,
    `failed(str, CloudProblem)` (operation: documents | municipalities | register | accept |
    unregister | status | city)."""

    state_changed = Signal(object)
    documents_ready = Signal(object)
    municipalities_ready = Signal(str, object)
    registered = Signal(object)
    unregistered = Signal(object)
    city_chosen = Signal(object)
    failed = Signal(str, object)

    def __init__(self, connect: Connect, data_dir: Path, server_url: str,
                 notices: NoticeService | None, parent: QObject | None = None, *,
                 retry_ms: int = DELETION_RETRY_MS, refresh_ms: int = STATUS_REFRESH_MS) -> None:
        super().__init__(parent)
        self._connect = connect
        self._tokens = TokenStore(Path(data_dir))
        self._pending = TokenStore(Path(data_dir) / PENDING_DELETION_DIR)
        self._notices = notices
        self._server_url = server_url
        self._client: CenterClient | None = None  # made and used on the worker only
        self._runner = BackgroundRunner("cloud-service", self)
        self._notice_cursor = "0"  # the server's notices seen so far (worker only)
        self._municipalities: dict[str, tuple[Municipality, ...]] = {}  # UI thread only
        self.state = self._local_state()
        self._retry = QTimer(self)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self.retry_deletion)
        self._refresh = QTimer(self)
        self._refresh.setInterval(refresh_ms)
        self._refresh.timeout.connect(self.refresh)
        self._refresh.start()
        if self.state.deletion_pending:
            self._retry.start()

    # -- requests (UI thread) ---------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the registration; ask the server whether new terms need accepting."""
        self._runner.submit(self._status, self._on_state("status"))

    def fetch_documents(self, lang: str) -> None:
        """The current terms and privacy policy; also the wizard's connection check."""
        def fetch() -> Documents:
            client = self._worker_client()
            versions = client.documents()
            return Documents(client.document("terms", versions["terms"].version, lang),
                             client.document("privacy", versions["privacy"].version, lang))

        self._runner.submit(fetch, self._deliver("documents", self.documents_ready))

    def fetch_municipalities(self, prefecture: str) -> None:
        """The municipalities of a prefecture ("01"–"47"), a household's city is chosen
        from; asked of the server once per prefecture, then answered from memory."""
        cached = self._municipalities.get(prefecture)
        if cached is not None:
            self.municipalities_ready.emit(prefecture, cached)
            return

        def done(towns: tuple[Municipality, ...] | None, error: BaseException | None) -> None:
            if error is not None or towns is None:
                self.failed.emit("municipalities", problem_of(error or RuntimeError("?")))
                return
            self._municipalities[prefecture] = towns
            self.municipalities_ready.emit(prefecture, towns)

        self._runner.submit(lambda: self._worker_client().municipalities(prefecture), done)

    def register(self, household: Household, terms_version: str,
                 privacy_version: str) -> None:
        def run() -> Registration:
            return self._worker_client().register(household, terms_version, privacy_version)

        def done(reg: Registration | None, error: BaseException | None) -> None:
            self._set_state(self._local_state(error=None if error is None
                                              else problem_of(error)))
            self._deliver("register", self.registered)(reg, error)

        self._runner.submit(run, done)

    def accept_terms(self, terms_version: str, privacy_version: str) -> None:
        def run() -> CloudState:
            status = self._worker_client().accept(terms_version, privacy_version)
            return self._state_from(status)

        self._runner.submit(run, self._on_state("accept"))

    def choose_city(self, prefecture: str, city_code: str) -> None:
        """Tell the server the household's municipality (from `fetch_municipalities`):
        for a registration from before city codes, or a household that moved."""
        def run() -> CloudState:
            return self._state_from(self._worker_client().choose_city(prefecture, city_code))

        def done(state: CloudState | None, error: BaseException | None) -> None:
            if state is None:
                self.failed.emit("city", problem_of(error or RuntimeError("no state")))
                return
            self._set_state(state)
            self.city_chosen.emit(state.household)

        self._runner.submit(run, done)

    def unregister(self) -> None:
        """Stop sending now and delete the registration (here at once, there when reachable)."""
        def run() -> CloudState:
            stored = self._tokens.load()
            if stored is None:
                return self._local_state()
            # Park the token first: from here on nothing sends under it, even after a crash.
            self._pending.save(stored)
            self._tokens.clear()
            try:
                self._pending_client().unregister()
            except CloudError as exc:
                return self._local_state(error=problem_of(exc))
            return self._local_state()

        def done(state: CloudState | None, error: BaseException | None) -> None:
            if state is None:
                self.failed.emit("unregister", problem_of(error or RuntimeError("?")))
                return
            self._set_state(state)
            if state.deletion_pending:
                self._retry.start()
            self.unregistered.emit(state)

        self._runner.submit(run, done)

    def retry_deletion(self) -> None:
        def run() -> CloudState:
            if self._pending.load() is not None:
                try:
                    self._pending_client().unregister()
                except CloudError as exc:
                    return self._local_state(error=problem_of(exc))
            return self._local_state()

        self._runner.submit(run, self._on_state("unregister"))

    def shutdown(self) -> None:
        self._retry.stop()
        self._refresh.stop()
        self._runner.shutdown()
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- worker -----------------------------------------------------------------------------

    def _worker_client(self) -> CenterClient:
        if self._client is None:
            self._client = self._connect(self._tokens)
        return self._client

    def _pending_client(self) -> CenterClient:
        return self._connect(self._pending)  # rare: a fresh client, closed by the GC

    def _local_state(self, error: CloudProblem | None = None) -> CloudState:
        stored = self._tokens.load()
        return CloudState(
            registered=stored is not None, device_code=self._tokens.device_code(),
            server_url=(stored and stored.server_url) or self._server_url,
            terms_version=stored.terms_version if stored else None,
            privacy_version=stored.privacy_version if stored else None,
            deletion_pending=self._pending.load() is not None, error=error)

    def _state_from(self, status: m.DeviceStatus) -> CloudState:
        return replace(self._local_state(), terms_version=status.terms_version,
                       privacy_version=status.privacy_version,
                       current_terms_version=status.current_terms_version,
                       current_privacy_version=status.current_privacy_version,
                       needs_acceptance=status.needs_acceptance, household=status.household)

    def _status(self) -> CloudState:
        if self._pending.load() is not None:
            try:
                self._pending_client().unregister()
            except CloudError:
                pass  # still pending: the state says so
        if self._tokens.load() is None:
            return self._local_state()
        try:
            state = self._state_from(self._worker_client().status())
            self._rotate_token_if_due()
        except Unauthorized as exc:
            # The server forgot this panel (deleted elsewhere): registered no more.
            self._tokens.clear()
            return self._local_state(error=problem_of(exc))
        except CloudError as exc:
            return self._local_state(error=problem_of(exc))
        self._poll_notices()
        return state

    def _rotate_token_if_due(self) -> None:
        """A new token when this one is TOKEN_MAX_AGE_DAYS old (by the client's clock;
        of unknown age: an older file) or a takeover was applied since the last one
        (restore_staging leaves ROTATE_TOKEN_FILE). A failed rotation waits for the next
        refresh; its marker stays until one succeeds."""
        client = self._worker_client()
        marker = self._tokens.data_dir / ROTATE_TOKEN_FILE
        age = client.token_age_days()
        if not marker.exists() and age is not None and age < TOKEN_MAX_AGE_DAYS:
            return
        try:
            client.rotate_token()
        except Unauthorized:
            raise
        except CloudError as exc:
            log.warning("token not rotated: %s", exc)
            return
        marker.unlink(missing_ok=True)

    def _poll_notices(self) -> None:
        """Bring the server's notices (announcements, terms changes, maintenance) into the
        inbox with their ja/en texts. Posting one again folds onto it (read state kept),
        so the cursor may start over after a restart."""
        if self._notices is None:
            return
        client, cursor, found = self._worker_client(), self._notice_cursor, []
        try:
            for _ in range(MAX_NOTICE_PAGES):
                page = client.notices(cursor, 200)
                found += page.notices
                if page.next == cursor:
                    break
                cursor = page.next
        except CloudError as exc:
            log.warning("notices not fetched: %s", exc)  # the next status refresh retries
            return
        self._notice_cursor = cursor
        for n in found:
            importance = Importance.IMPORTANT if n.importance == "important" \
                else Importance.NORMAL
            self._notices.post(Notice(
                NoticeSource.SERVER, importance, n.published.timestamp(), f"server:{n.id}",
                n.kind, {"id": n.id}, dict(n.title), dict(n.body),
                expires_at=n.expires.timestamp() if n.expires else None,
                lamp_until=n.lamp_until.timestamp() if n.lamp_until else None))

    # -- delivery (UI thread) ---------------------------------------------------------------

    def _set_state(self, state: CloudState) -> None:
        self.state = state
        if not state.deletion_pending:
            self._retry.stop()
        self.state_changed.emit(state)

    def _on_state(self, operation: str) -> Callable[[CloudState | None, BaseException | None],
                                                      None]:
        def done(state: CloudState | None, error: BaseException | None) -> None:
            if state is None:
                problem = problem_of(error or RuntimeError("no state"))
                state = replace(self.state, error=problem)
            self._set_state(state)
            if state.error is not None:
                self.failed.emit(operation, state.error)

        return done

    def _deliver(self, operation: str, signal: Signal
                 ) -> Callable[[object, BaseException | None], None]:
        def done(result: object, error: BaseException | None) -> None:
            if error is not None:
                self.failed.emit(operation, problem_of(error))
            else:
                signal.emit(result)

        return done


def is_terms_problem(problem: CloudProblem | None) -> bool:
    return problem is not None and problem.code == "terms_not_accepted"
