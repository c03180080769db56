"""Builds the circuits page's CircuitsSnapshot from the store (runs on a worker thread)."""

from __future__ import annotations

from collections.abc import Callable

from app.domain import series as s
from app.domain.circuits import CircuitKind, CircuitPower, CircuitsSnapshot
from app.services.store_query import StoreQuery
from app.store import Store


def build_circuits_snapshot(store: Store, now: float, live_interval_s: float) -> CircuitsSnapshot:
    # Circuits are re-read every time: a rename or a removed circuit shows at the next update.
    circuits = [c for c in store.circuits() if c.measured]
    live = store.live([c.series_key for c in circuits] + [s.CONSUMPTION])

    def fresh(key: str) -> float | None:
        at_value = live.get(key)
        if at_value is None or now - at_value[0] > 2 * live_interval_s:
            return None  # older than two intervals: no value, not an old one
        return at_value[1]

    powers = [CircuitPower(c.key, c.name, c.kind, fresh(c.series_key)) for c in circuits]
    return CircuitsSnapshot(
        circuits=tuple(p for p in powers if p.kind is not CircuitKind.MAIN),
        mains=tuple(p for p in powers if p.kind is CircuitKind.MAIN),
        total_w=fresh(s.CONSUMPTION),
        stale=all(p.watts is None for p in powers) and fresh(s.CONSUMPTION) is None,
    )


class CircuitsQuery(StoreQuery):
    def __init__(self, open_store: Callable[[], Store], clock_now: Callable[[], float],
                 live_interval_s: float) -> None:
        super().__init__(open_store)
        self._now = clock_now
        self._live_interval_s = live_interval_s

    def __call__(self) -> CircuitsSnapshot:
        return build_circuits_snapshot(self.store, self._now(), self._live_interval_s)
