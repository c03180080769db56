"""What every service query shares: its own store connection, opened lazily.

A query runs on its service's worker thread; opening the store there (on the
first call, not at construction) keeps the connection on that thread and the
panel's start-up free of it.
"""

from __future__ import annotations

from collections.abc import Callable

from app.store import Store


class StoreQuery:
    def __init__(self, open_store: Callable[[], Store]) -> None:
        self._open_store = open_store
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = self._open_store()
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
