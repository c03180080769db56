"""お知らせ: the notices inbox behind the lamp.

Newest first; unread rows bold with a dot; importance as a sign and a word; a
repeat folded into one row says how often. A tap opens the notice and marks it
read; "Mark all read" puts the lamp out. Filter by where a notice came from.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.notices import Importance, Notice, NoticeSource
from app.services.services import Services
from app.ui.dialogs.notice_detail_dialog import NoticeDetailDialog
from app.ui.notice_texts import source_text
from app.ui.pages.base_page import Page
from app.ui.theme import Theme
from app.ui.widgets.list_rows import ListOrEmpty
from app.ui.widgets.notice_list import NoticeListModel, importance_badge

FILTERS: tuple[tuple[str, tuple[NoticeSource, ...]], ...] = (
    ("all", ()), ("server", (NoticeSource.SERVER,)), ("home", (NoticeSource.HOME,)),
    ("weather", (NoticeSource.WEATHER,)))


class NoticesPage(Page):
    page_id = "notices"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.dialog: NoticeDetailDialog | None = None
        self.filter_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        row = QHBoxLayout()
        row.setSpacing(6)
        for key, _ in FILTERS:
            button = QPushButton(self)
            button.setObjectName("CompactControl")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self.set_source(k))
            group.addButton(button)
            row.addWidget(button)
            self.filter_buttons[key] = button
        self.filter_buttons["all"].setChecked(True)
        row.addStretch(1)
        self.mark_all_button = QPushButton(self)
        self.mark_all_button.setObjectName("CompactControl")
        self.mark_all_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mark_all_button.clicked.connect(self.mark_all_read)
        row.addWidget(self.mark_all_button)
        self.status = QLabel()
        self.status.setProperty("kind", "muted")

        self.model = NoticeListModel(services.notices, self.language, self)
        self.stack = ListOrEmpty("NoticeList", self.model)
        self.view, self.delegate, self.empty = self.stack.view, self.stack.delegate, \
            self.stack.empty
        self.view.clicked.connect(self.open_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.stack, 1)

        self.model.loaded.connect(self._loaded)
        self.model.modelReset.connect(self._show_status)
        services.notices.changed.connect(self._inbox_changed)
        services.notices.unread_changed.connect(lambda _n: self._show_status())
        self.source = "all"
        self._dirty = False  # the inbox changed while a read was in flight
        self.retranslate()
        self.model.set_sources(())


    # -- actions ------------------------------------------------------------------------------

    def set_source(self, key: str) -> None:
        self.source = key
        self.filter_buttons[key].setChecked(True)
        self.model.set_sources(dict(FILTERS)[key])

    def open_row(self, index: QModelIndex) -> None:
        self.open_notice(self.model.notice(index.row()))

    def open_notice(self, notice: Notice) -> None:
        self.dialog = NoticeDetailDialog(notice, self.language, self.services.events.makers,
                                         self)
        self.dialog.present()
        if notice.id is not None and not notice.read:
            self.model.mark_shown_read(notice.id)
            self.services.notices.mark_read([notice.id])

    def open_with(self, subject: object) -> None:
        """From the home banner: that notice's detail, over the inbox."""
        if isinstance(subject, Notice):
            self.open_notice(subject)

    def mark_all_read(self) -> None:
        self.services.notices.mark_all_read()

    def _inbox_changed(self) -> None:
        if self.model.loading:
            self._dirty = True
        else:
            self.model.reload()

    def _loaded(self) -> None:
        if self._dirty:
            self._dirty = False
            self.model.reload()
        self._show_status()

    # -- texts --------------------------------------------------------------------------------

    def _show_status(self) -> None:
        translate = QCoreApplication.translate
        unread = self.services.notices.unread
        self.status.setText(translate("NoticesPage", "Unread: {count}. Tap a notice to read it.")
                            .format(count=f"{unread:,}") if unread
                            else translate("NoticesPage", "Everything has been read."))
        self.mark_all_button.setEnabled(unread > 0)
        empty = self.model.ready and self.model.rowCount() == 0
        self.stack.show_empty(empty)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.filter_buttons["all"].setText(translate("NoticesPage", "All"))
        for key, source in (("server", NoticeSource.SERVER), ("home", NoticeSource.HOME),
                            ("weather", NoticeSource.WEATHER)):
            self.filter_buttons[key].setText(source_text(source))
        self.mark_all_button.setText(translate("NoticesPage", "Mark all read"))
        self.empty.setText(translate("NoticesPage", "No notices. Messages from the service, your "
                                            "home's devices and weather warnings appear "
                                            "here; the lamp lights while one is unread."))
        self.model.set_language(self.language)
        self.delegate.set_badges([importance_badge(i) for i in Importance], self.view.font())
        self._show_status()

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.delegate.set_theme(theme)
        self.view.viewport().update()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.delegate.set_badges([importance_badge(i) for i in Importance], self.view.font())
        self._inbox_changed()
