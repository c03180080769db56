"""The notices inbox as a list model: pages on demand, re-read when the inbox changes.

Unread rows are bold with a dot; importance is a sign and a word ("! 重要");
a folded notice shows how often it happened ("×50").
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.domain.notices import Importance, Notice, NoticeSource
from app.services.notice_service import NoticeService
from app.ui.notice_texts import importance_text, local_time, notice_title, source_text
from app.ui.widgets.list_rows import RECORD_ROLE, ROW_ROLE, RowTexts

PAGE_SIZE = 200
_SIGNS = {Importance.IMPORTANT: "!", Importance.NORMAL: "●", Importance.INFO: "i"}
_TONES = {Importance.IMPORTANT: "danger", Importance.NORMAL: "accent",
          Importance.INFO: "text_muted"}

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the list's invisible root (Qt's default argument)


def importance_badge(importance: Importance) -> str:
    return f"{_SIGNS.get(importance, '●')} {importance_text(importance)}"


class NoticeListModel(QAbstractListModel):
    loaded = Signal()

    def __init__(self, notices: NoticeService, language: str = "ja",
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._notices = notices
        self.language = language
        self.sources: tuple[NoticeSource, ...] = ()
        self._rows: list[Notice] = []
        self._more = False
        self._asking = False
        self._generation = 0  # a new filter or reload makes older answers stale
        self.ready = False  # the first answer for the current filter has arrived

    # -- what the page calls ----------------------------------------------------------------

    def set_sources(self, sources: tuple[NoticeSource, ...]) -> None:
        self.sources = sources
        self.beginResetModel()
        self._rows, self._more, self.ready = [], False, False
        self.endResetModel()
        self.reload()

    def reload(self) -> None:
        """Re-read as many rows as are loaded (at least a page): read marks, new notices."""
        self._ask(0, max(PAGE_SIZE, len(self._rows)), replace=True)

    def set_language(self, language: str) -> None:
        self.language = language
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def notice(self, row: int) -> Notice:
        return self._rows[row]

    def mark_shown_read(self, notice_id: int) -> None:
        """Show a notice as read at once; the service's write follows."""
        for row, n in enumerate(self._rows):
            if n.id == notice_id and not n.read:
                self._rows[row] = dataclasses.replace(n, read=True)
                self.dataChanged.emit(self.index(row), self.index(row))

    @property
    def loading(self) -> bool:
        return self._asking

    # -- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and self._more and not self._asking

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if self.canFetchMore(parent):
            self._ask(len(self._rows), PAGE_SIZE, replace=False)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        n = self._rows[index.row()]
        if role == ROW_ROLE:
            count = f"×{n.count:,}" if n.count > 1 else ""
            return RowTexts(importance_badge(n.importance), _TONES.get(n.importance, "accent"),
                            f"{local_time(n.at, self.language)} · {source_text(n.source)}",
                            notice_title(n, self.language), strong=not n.read,
                            dot=not n.read, count=count)
        if role == RECORD_ROLE:
            return n
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return notice_title(n, self.language)
        return None

    # -- internals ------------------------------------------------------------------------

    def _ask(self, offset: int, limit: int, replace: bool) -> None:
        self._generation += 1
        generation = self._generation
        self._asking = True

        def answer(notices: tuple[Notice, ...]) -> None:
            if generation != self._generation:
                return
            self._asking = False
            self.ready = True
            self._more = len(notices) == limit
            if replace:
                self._replace(list(notices))
            elif notices:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(notices) - 1)
                self._rows.extend(notices)
                self.endInsertRows()
            self.loaded.emit()

        self._notices.request_list(answer, receiver=self, sources=self.sources, limit=limit,
                                   offset=offset)

    def _replace(self, rows: list[Notice]) -> None:
        if len(rows) == len(self._rows) and rows:
            self._rows = rows  # same length: repaint in place, the scroll position stays
            self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
