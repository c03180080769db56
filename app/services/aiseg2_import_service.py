"""The Settings page's AiSEG2 import, run on a worker thread (`aiseg2_import` does the work).

Two steps, each one call: `read(folder)` parses the card and matches its circuits
(-> `card_read(CardPreview)`), `start_import(preview, mapping)` writes what the
installer confirmed (-> `finished(ImportReport)`). Both report `progress(stage, done,
total)` per file from the worker; Qt queues those signals to the page's thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.services import aiseg2_import
from app.services.aiseg2_import import CardPreview
from app.services.background import BackgroundRunner
from app.services.store_query import StoreQuery
from app.store import Store

READING, IMPORTING = "reading", "importing"
UNREADABLE, STORE_FAILED = "unreadable", "store"  # why `failed` was emitted


class Aiseg2ImportService(QObject):
    card_read = Signal(object)  # CardPreview
    progress = Signal(str, int, int)  # READING or IMPORTING, files done, files in all
    finished = Signal(object)  # ImportReport
    failed = Signal(str)  # UNREADABLE or STORE_FAILED

    def __init__(self, open_store: Callable[[], Store], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = StoreQuery(open_store)  # opened and used on the worker only
        self._runner = BackgroundRunner("aiseg2-import", self)
        self._closed = False

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def read(self, folder: Path) -> None:
        if self._closed or self.busy:
            return
        self._runner.submit(lambda: aiseg2_import.read_card(
            self._query.store, folder, self._reporter(READING)), self._read_done)

    def start_import(self, preview: CardPreview, mapping: Mapping[int, str]) -> None:
        if self._closed or self.busy:
            return
        mapping = dict(mapping)
        self._runner.submit(lambda: aiseg2_import.import_card(
            self._query.store, preview, mapping, self._reporter(IMPORTING)), self._import_done)

    def shutdown(self) -> None:
        self._closed = True
        self._runner.shutdown()
        self._query.close()

    def _reporter(self, stage: str) -> Callable[[int, int], None]:
        return lambda done, total: self.progress.emit(stage, done, total)  # from the worker

    def _read_done(self, result: Any, error: BaseException | None) -> None:
        if error is not None:
            self.failed.emit(UNREADABLE if isinstance(error, OSError) else STORE_FAILED)
        else:
            self.card_read.emit(result)

    def _import_done(self, result: Any, error: BaseException | None) -> None:
        if error is not None:
            self.failed.emit(STORE_FAILED)
        else:
            self.finished.emit(result)
