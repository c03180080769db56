"""Rows of the panel's long touch lists (history, notices), painted by one delegate.

A row is a sign-and-word badge (never colour alone), a small first line (time,
device or source) with an optional count at its right, and the main line. Rows
are painted, not widgets: 100,000 rows cost what the visible ones cost. Every
row is the same height (the views set uniform item sizes), at least a finger
tall.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.ui.theme import DAY, Theme
from app.ui.widgets.touch import make_kinetic

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # -> RowTexts
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2  # -> the row's value (EventRecord, Notice)
MIN_ROW = 56  # px at the 800×480 reference: a finger plus a little air


@dataclass(frozen=True, slots=True)
class RowTexts:
    badge: str  # the sign and word: "⚠ エラー", "! 重要"
    tone: str  # a Theme colour name for the badge: "danger", "accent", "text_muted"...
    top: str  # small line: time · device
    main: str  # what happened
    strong: bool = False  # unread / an error: bold main line
    dot: bool = False  # unread marker (a dot, as well as the bold)
    count: str = ""  # "×50" for folded repeats, right of the top line


class RowDelegate(QStyledItemDelegate):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._theme = DAY
        self.badge_width = 0  # set from the widest badge text by the view's owner

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme

    def set_badges(self, texts: list[str], font: QFont) -> None:
        metrics = QFontMetrics(font)
        self.badge_width = max((metrics.horizontalAdvance(t) for t in texts), default=0) + 16

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = option.fontMetrics.height()
        return QSize(option.rect.width(), max(MIN_ROW, 2 * line + 18))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        texts = index.data(ROW_ROLE)
        if not isinstance(texts, RowTexts):
            return
        theme = self._theme
        rect: QRect = option.rect
        painter.save()
        pressed = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, theme.color("surface_alt" if pressed else "surface"))
        painter.setPen(QPen(theme.color("border"), 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())

        font = QFont(option.font)
        metrics = QFontMetrics(font)
        line = metrics.height()
        pad = 8
        x = rect.left() + pad
        # Unread dot, then the badge: a word in a bordered box, tinted by its tone.
        dot = line // 2
        if texts.dot:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.color("accent"))
            painter.drawEllipse(x, rect.center().y() - dot // 2, dot, dot)
        x += dot + pad
        badge = QRect(x, rect.center().y() - line // 2 - 4, self.badge_width, line + 8)
        tone = theme.color(texts.tone)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(tone, 1.5))
        painter.drawRoundedRect(badge, 6, 6)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), texts.badge)
        x = badge.right() + 2 * pad

        right = rect.right() - pad
        top = QRect(x, rect.top() + 6, right - x, line)
        painter.setFont(font)
        painter.setPen(theme.color("text_muted"))
        if texts.count:
            painter.setFont(bold)
            painter.setPen(theme.color("text"))
            painter.drawText(top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             texts.count)
            top.setRight(top.right() - QFontMetrics(bold).horizontalAdvance(texts.count) - pad)
            painter.setFont(font)
            painter.setPen(theme.color("text_muted"))
        painter.drawText(top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         metrics.elidedText(texts.top, Qt.TextElideMode.ElideRight, top.width()))
        main = QRect(x, top.bottom() + 4, right - x, line)
        main_font = bold if texts.strong else font
        painter.setFont(main_font)
        painter.setPen(theme.color("text"))
        painter.drawText(main, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         QFontMetrics(main_font).elidedText(texts.main,
                                                            Qt.TextElideMode.ElideRight,
                                                            main.width()))
        painter.restore()


def touch_list(parent: QWidget | None = None) -> tuple[QListView, RowDelegate]:
    """A list view for fingers: painted rows of one height, kinetic, no focus frame."""
    view = QListView(parent)
    delegate = RowDelegate(view)
    view.setItemDelegate(delegate)
    view.setUniformItemSizes(True)  # one sizeHint for all rows: no per-row layout cost
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setFrameShape(QListView.Shape.NoFrame)
    view.viewport().setAutoFillBackground(False)  # rows paint the theme's surface
    view.setAutoFillBackground(False)
    make_kinetic(view)
    return view, delegate


class ListOrEmpty(QStackedWidget):
    """A touch list of ``model``, or the sentence ``empty`` saying why it has no rows."""

    def __init__(self, name: str, model: QAbstractItemModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view, self.delegate = touch_list(self)
        self.view.setObjectName(name)
        self.view.setModel(model)
        self.empty = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.empty.setProperty("kind", "muted")
        self.addWidget(self.view)
        self.addWidget(self.empty)

    def show_empty(self, empty: bool) -> None:
        self.setCurrentWidget(self.empty if empty else self.view)
