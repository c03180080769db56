"""One notice in full: its title and text, where it came from, when, and until when."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from app.domain.fault_codes import MakerTable
from app.domain.notices import Notice
from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.notice_texts import local_time, notice_body, notice_title, source_text
from app.ui.widgets.notice_list import importance_badge
from app.ui.widgets.touch import kinetic_scroll


class NoticeDetailDialog(SheetDialog):
    def __init__(self, notice: Notice, language: str, makers: MakerTable | None,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.notice = notice
        self.language = language
        self.makers = makers
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.importance = QLabel(content)
        self.importance.setProperty("kind", "heading")
        self.body_label = QLabel(content, wordWrap=True)
        self.body_label.setTextFormat(Qt.TextFormat.PlainText)  # server text is not markup
        self.body_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._meta = QGridLayout()
        self._meta.setHorizontalSpacing(16)
        self._meta.setVerticalSpacing(4)
        self._meta.setColumnStretch(1, 1)
        column.addWidget(self.importance)
        column.addWidget(self.body_label)
        column.addLayout(self._meta)
        column.addStretch(1)
        self.values: dict[str, QLabel] = {}
        self.title_label.setWordWrap(True)
        self.body.addWidget(kinetic_scroll(content, self), 1)
        self.retranslate()

    def _meta_rows(self) -> list[tuple[str, str]]:
        translate = QCoreApplication.translate
        n, lang = self.notice, self.language
        rows = [(translate("NoticeDetailDialog", "From"), source_text(n.source)),
                (translate("NoticeDetailDialog", "Time"), local_time(n.at, lang))]
        if n.count > 1:
            rows.append((translate("NoticeDetailDialog", "Times"),
                         translate("NoticeDetailDialog", "{count} times, first {first}").format(
                             count=f"{n.count:,}", first=local_time(n.first_at or n.at, lang))))
        rows.append((translate("NoticeDetailDialog", "Shown until"),
                     translate("NoticeDetailDialog", "No end date") if n.expires_at is None
                     else local_time(n.expires_at, lang)))
        return rows

    def retranslate(self) -> None:
        n = self.notice
        self.title_label.setText(notice_title(n, self.language))
        self.message_label.setVisible(False)
        self.cancel_button.setText(QCoreApplication.translate("NoticeDetailDialog", "Close"))
        self.importance.setText(importance_badge(n.importance))
        self.body_label.setText(notice_body(n, self.language, self.makers))
        while self._meta.count():
            item = self._meta.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.values = {}
        for row, (caption, value) in enumerate(self._meta_rows()):
            name = QLabel(caption)
            name.setProperty("kind", "muted")
            text = QLabel(value, wordWrap=True)
            self._meta.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self._meta.addWidget(text, row, 1)
            self.values[caption] = text
