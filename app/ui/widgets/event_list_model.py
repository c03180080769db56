"""The appliance history as a lazily filled list model (100,000 events stay smooth).

Rows arrive a page at a time from `services.events` (keyset pages on its
worker): the view asks `canFetchMore`/`fetchMore` when the user scrolls near the
end, and only then is the next page requested. A new filter drops the rows and
asks for its first page; the service drops answers to superseded requests.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.domain.events import EventCursor, EventFilter, EventKind, EventPage, EventRecord
from app.services.event_service import EventService
from app.ui.notice_texts import device_label, event_summary, kind_text, local_time
from app.ui.widgets.list_rows import RECORD_ROLE, ROW_ROLE, RowTexts

PAGE_SIZE = 200  # a few screens of rows per query: small enough to be quick on flash
_TONES = {EventKind.OPERATION: "accent", EventKind.SAVING: "text_muted",
          EventKind.ERROR: "danger"}
_SIGNS = {EventKind.OPERATION: "●", EventKind.SAVING: "▼", EventKind.ERROR: "⚠"}

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the list's invisible root (Qt's default argument)


def kind_badge(kind: EventKind) -> str:
    return f"{_SIGNS[kind]} {kind_text(kind)}"


class EventListModel(QAbstractListModel):
    loaded = Signal()  # a page arrived (the first one: the count is known)
    failed = Signal(str)

    def __init__(self, events: EventService, language: str = "ja",
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._events = events
        self.language = language
        self.filter = EventFilter()
        self._rows: list[EventRecord] = []
        self._texts: dict[int, RowTexts] = {}  # row -> painted texts, built on first paint
        self.device_names: dict[str, str] = {}  # device key -> the household's name for it
        self.total: int | None = None  # None until the first page of a filter arrives
        self._cursor: EventCursor | None = None
        self._asked: int | None = None  # offset of the page in flight
        events.page_ready.connect(self._page_ready)
        events.error.connect(self._error)

    # -- what the page calls ----------------------------------------------------------------

    def set_filter(self, f: EventFilter) -> None:
        self.beginResetModel()
        self.filter = f
        self._rows = []
        self._texts = {}
        self.total = None
        self._cursor = None
        self.endResetModel()
        self._ask(0)

    def reload(self) -> None:
        self.set_filter(self.filter)

    def set_language(self, language: str) -> None:
        self.language = language
        self._texts = {}
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    @property
    def loading(self) -> bool:
        return self._asked is not None

    def record(self, row: int) -> EventRecord:
        return self._rows[row]

    # -- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and self._asked is None and self._cursor is not None

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if self.canFetchMore(parent):
            self._ask(len(self._rows))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role == ROW_ROLE:
            return self._row_texts(index.row())
        if role == RECORD_ROLE:
            return self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._row_texts(index.row()).main
        return None

    def set_device_names(self, names: dict[str, str]) -> None:
        """What the household calls each device (key -> name), from the devices list."""
        if names != self.device_names:
            self.device_names = dict(names)
            self._texts.clear()
            if self._rows:
                self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def device_text(self, device: str) -> str:
        """The device's name, else its kind ('Water heater'); never its network address."""
        return self.device_names.get(device) or device_label(device).split(" · ")[0]

    # -- internals ------------------------------------------------------------------------

    def _row_texts(self, row: int) -> RowTexts:
        texts = self._texts.get(row)
        if texts is None:
            r = self._rows[row]
            texts = RowTexts(kind_badge(r.kind), _TONES[r.kind],
                             f"{local_time(r.at, self.language)} · {self.device_text(r.device)}",
                             event_summary(r, self.language, self._events.makers),
                             strong=r.kind is EventKind.ERROR)
            self._texts[row] = texts
        return texts

    def _ask(self, offset: int) -> None:
        self._asked = offset
        self._events.request_page(self.filter, PAGE_SIZE, offset=offset,
                                  after=self._cursor if offset else None)

    def _page_ready(self, page: EventPage) -> None:
        if self._asked is None or page.offset != self._asked or page.offset != len(self._rows):
            return  # someone else's page (or a stale one)
        self._asked = None
        self.total = page.total
        self._cursor = page.next_cursor
        if page.records:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.records) - 1)
            self._rows.extend(page.records)
            self.endInsertRows()
        self.loaded.emit()

    def _error(self, message: str) -> None:
        if self._asked is not None:
            self._asked = None
            self.failed.emit(message)
