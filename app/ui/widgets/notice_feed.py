"""Hands each `request_list` answer of the notices service to the widget that asked.

`NoticeService.list_ready` goes to every listener, and the inbox page and the
home banner both ask. The service's worker answers in order, so a queue of
callbacks is enough to route the answers. One feed per service (a child of it,
found again with `NoticeFeed.of`); every UI request goes through it.
"""

from __future__ import annotations

import inspect
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from app.domain.notices import Notice, NoticeSource
from app.services.notice_service import NoticeService

Callback = Callable[[tuple[Notice, ...]], None]


class NoticeFeed(QObject):
    def __init__(self, notices: NoticeService) -> None:
        super().__init__(notices)
        self.setObjectName("NoticeFeed")
        self._notices = notices
        self._waiting: deque[tuple[QObject, Callable[[], Callback | None]]] = deque()
        notices.list_ready.connect(self._ready)

    @staticmethod
    def of(notices: NoticeService) -> NoticeFeed:
        feed = notices.findChild(NoticeFeed, "NoticeFeed")
        return feed if isinstance(feed, NoticeFeed) else NoticeFeed(notices)

    def request(self, receiver: QObject, callback: Callback, *, unread_only: bool = False,
                sources: tuple[NoticeSource, ...] = (), limit: int = 200,
                offset: int = 0) -> None:
        # A bound method is held weakly: an answer that never comes (the service shut down)
        # must not keep its widget alive.
        held = weakref.WeakMethod(callback) if inspect.ismethod(callback) else (lambda: callback)
        self._waiting.append((receiver, held))
        self._notices.request_list(unread_only=unread_only, sources=sources, limit=limit,
                                   offset=offset)

    def _ready(self, notices: Any) -> None:
        if not self._waiting:
            return  # asked by someone outside the UI
        receiver, held = self._waiting.popleft()
        callback = held()
        if callback is not None and shiboken6.isValid(receiver):  # a closed page gets nothing
            callback(tuple(notices))
