"""The panel's AiSEG2 source: the mirror, started with the saved login and the home's
commissioned circuits (built on the collector's thread, like the ECHONET Lite source)."""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.imported_history import SourceCircuit
from app.domain.series import HOME_SERIES, circuit_series
from app.sources.aiseg2.client import Aiseg2Client
from app.sources.aiseg2.login import Aiseg2Login
from app.sources.aiseg2.mirror import Aiseg2Mirror, MirrorSettings, TotalsSink
from app.sources.aiseg2.pages import same_name
from app.store import Store


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


def start_mirror(store: Store, login: Aiseg2Login, settings: MirrorSettings | None = None,
                 on_totals: TotalsSink | None = None) -> Aiseg2Mirror:
    circuits = store.circuits()
    store.define_series((*HOME_SERIES, *(circuit_series(c.key) for c in circuits)))
    store.flush()
    named = {c.key: c.name for c in circuits}
    client = Aiseg2Client(login.host, login.user, login.password)
    return Aiseg2Mirror(client, {}, settings, host=login.host, on_totals=on_totals,
                        match=lambda names: same_names(names, named)).start()
