"""The panel's AiSEG2 source: the mirror, started with the saved login and the home's
commissioned circuits (built on the collector's thread, like the ECHONET Lite source)."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import date
from pathlib import Path

from app.domain.imported_history import SourceCircuit
from app.domain.series import HOME_SERIES, circuit_series
from app.sources.aiseg2.client import Aiseg2Client
from app.sources.aiseg2.login import Aiseg2Login, load_login
from app.sources.aiseg2.mirror import Aiseg2Mirror, MirrorSettings, TotalsSink
from app.sources.aiseg2.pages import same_name
from app.store import Store

log = logging.getLogger(__name__)


def same_names(names: list[SourceCircuit], circuits: Mapping[str, str]) -> dict[int, str]:
    """AiSEG2 number -> circuit key where a name (width and spaces aside) is one circuit's
    on both sides. The certain matches only; the installer confirms the rest."""
    ours: dict[str, list[str]] = {}
    for key, name in circuits.items():
        ours.setdefault(same_name(name), []).append(key)
    theirs: dict[str, list[int]] = {}
    for circuit in names:
        theirs.setdefault(same_name(circuit.name), []).append(circuit.number)
    return {numbers[0]: ours[name][0] for name, numbers in theirs.items()
            if len(numbers) == 1 and len(ours.get(name, [])) == 1}


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
                 on_totals: TotalsSink | None = None, known_days: Collection[date] = (),
                 watch: Path | None = None) -> Aiseg2Mirror:
    """The mirror on its thread; ``watch``: the data folder whose saved login it follows.

    ``on_totals`` gets each backfilled day's totals on the mirror's thread (a store used
    there must be opened there); ``known_days``: the days already imported, not asked again.
    """
    circuits = store.circuits()
    store.define_series((*HOME_SERIES, *(circuit_series(c.key) for c in circuits)))
    store.flush()
    named = {c.key: c.name for c in circuits}
    client = Aiseg2Client(login.host, login.user, login.password)
    return Aiseg2Mirror(client, {}, settings, host=login.host, on_totals=on_totals,
                        match=lambda names: same_names(names, named),
                        relogin=None if watch is None else LoginWatch(watch, login),
                        known_days=known_days).start()
