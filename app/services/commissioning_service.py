"""Feeds the commissioning page (設置設定) and saves what the installer set up.

While the page shows, the boards' live channels and the stored setup are read
every refresh; `save` checks and stores the circuits and facts, and the
collector picks the new channel map up by itself (the store is the link).
`check_needed` tells the shell whether the home has been set up at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from app.domain.circuits import CircuitSpec
from app.domain.commissioning import HomeFacts, SetupSnapshot
from app.services.commissioning_query import CommissioningQuery
from app.services.polling_service import PollingService

LIVE_REFRESH_MS = 1500  # the installer watches a channel move when a load is switched


class CommissioningService(PollingService):
    """Emits ``snapshot_changed(SetupSnapshot)``, ``saved(bool)``, ``setup_needed()``."""

    saved = Signal(bool)
    setup_needed = Signal()

    def __init__(self, query: CommissioningQuery, refresh_ms: int = LIVE_REFRESH_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(query, "commissioning-service", refresh_ms, parent)
        self._setup = query

    def save(self, circuits: Sequence[CircuitSpec], facts: HomeFacts,
             channel_count: int | None) -> None:
        circuits = tuple(circuits)

        def done(ok: bool) -> None:
            self.saved.emit(ok)

        self.run_then_refresh(lambda: self._setup.save(circuits, facts, channel_count), done)

    def check_needed(self) -> None:
        """``setup_needed`` follows if no circuit is set up (a home never commissioned)."""
        def answered(snapshot: SetupSnapshot | None, error: BaseException | None) -> None:
            if error is None and snapshot is not None and not snapshot.circuits:
                self.setup_needed.emit()

        self._runner.submit(self._setup, answered)
