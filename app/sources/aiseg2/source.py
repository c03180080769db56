"""The panel's AiSEG2 source: the mirror, started with the saved login and the home's
commissioned circuits (built on the collector's thread, like the ECHONET Lite source)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from app.domain.circuit_matching import match_circuits
from app.domain.circuits import CircuitSpec
from app.domain.imported_history import ImportedTotal, MatchConfidence, SourceCircuit
from app.domain.series import HOME_SERIES, circuit_series
from app.sources.aiseg2 import pages
from app.sources.aiseg2.client import Aiseg2Client
from app.sources.aiseg2.login import Aiseg2Login, load_login
from app.sources.aiseg2.mirror import Aiseg2Mirror, MirrorSettings, TotalsSink
from app.sources.clock import Clock, SystemClock
from app.store import Store, StoreError

log = logging.getLogger(__name__)
_CERTAIN = (MatchConfidence.EXACT, MatchConfidence.PROBABLE)


def certain_matches(names: list[SourceCircuit], circuits: Sequence[CircuitSpec]
                    ) -> dict[int, str]:
    """AiSEG2 number -> circuit key, for the matches `match_circuits` is sure of (the same
    name, or the same number and a likely name); a doubtful one waits for the installer."""
    return {m.source.number: m.circuit_key for m in match_circuits(names, circuits)
            if m.circuit_key is not None and m.confidence in _CERTAIN}


def store_sink(open_store: Callable[[], Store]) -> TotalsSink:
    """Backfilled days into the store's rollups, through the one import (on the mirror's
    thread, with a store opened there)."""
    def sink(totals: list[ImportedTotal]) -> None:
        try:
            with open_store() as store:
                report = store.import_totals(totals)
        except StoreError:  # a full disk, say: the live mirror goes on; the next start asks again
            log.exception("AiSEG2 backfill: a day's totals were not stored")
            return
        log.info("AiSEG2 backfill: %d buckets imported, %d skipped", report.imported_total,
                 sum(report.skipped.values()))

    return sink


class LoginWatch:
    """The saved login, looked at again: a client when it changed (a new password after
    "wrong password", another address), else None. Called on the mirror's thread."""

    def __init__(self, data_dir: Path, login: Aiseg2Login) -> None:
        self._data_dir = data_dir
        self._login = login

    def __call__(self) -> Aiseg2Client | None:
        try:
            login = load_login(self._data_dir)
        except ValueError:
            log.exception("the saved AiSEG2 login is unreadable; keeping the last one")
            return None
        if login is None or login == self._login:
            return None
        self._login = login
        return Aiseg2Client(login.host, login.user, login.password)


def start_mirror(store: Store, login: Aiseg2Login, settings: MirrorSettings | None = None,
                 on_totals: TotalsSink | None = None, watch: Path | None = None,
                 open_store: Callable[[], Store] | None = None,
                 clock: Clock | None = None) -> Aiseg2Mirror:
    """The mirror on its thread; ``watch``: the data folder whose saved login it follows.

    The backfilled days go to ``on_totals`` (on the mirror's thread), or with
    ``open_store`` into the store; the days imported before are not asked again. "Today"
    is the home's (its time zone, on ``clock``: an accelerated demo's runs ahead).
    """
    clock = clock or SystemClock()
    zone = store.calendar.tz
    circuits = store.circuits()
    store.define_series((*HOME_SERIES, *(circuit_series(c.key) for c in circuits)))
    store.flush()
    if on_totals is None and open_store is not None:
        on_totals = store_sink(open_store)
    client = Aiseg2Client(login.host, login.user, login.password)
    return Aiseg2Mirror(client, {}, settings, host=login.host, on_totals=on_totals,
                        match=lambda names: certain_matches(names, circuits),
                        relogin=None if watch is None else LoginWatch(watch, login),
                        known_days=store.imported_days(pages.GRAPH_ORIGIN),
                        today=lambda: datetime.fromtimestamp(clock.now(), zone).date(),
                        wall=clock.now).start()
