"""The commissioning page's data: the boards as the live source reads them, the circuits
and facts as stored (worker thread); and saving a setup."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.domain.circuits import CircuitSpec
from app.domain.commissioning import BoardLive, HomeFacts, SetupSnapshot
from app.domain.devices import devices_from_json
from app.services.store_query import StoreQuery
from app.sources.collector_settings import DEVICES_SETTING
from app.store import Store
from app.store.home_setup import home_facts, save_home_setup

# The boards as the running live source reads them (any thread; [] without one).
BoardsReader = Callable[[], Sequence[BoardLive]]


class CommissioningQuery(StoreQuery):
    def __init__(self, open_store: Callable[[], Store], boards: BoardsReader) -> None:
        super().__init__(open_store)
        self._boards = boards

    def __call__(self) -> SetupSnapshot:
        store = self.store
        found = devices_from_json(store.get_setting(DEVICES_SETTING))
        return SetupSnapshot(tuple(self._boards()), tuple(store.circuits()), home_facts(store),
                             len(found), frozenset(d.class_code for d in found))

    def save(self, circuits: Sequence[CircuitSpec], facts: HomeFacts,
             channel_count: int | None) -> None:
        save_home_setup(self.store, circuits, facts, channel_count)
