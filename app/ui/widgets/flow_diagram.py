"""The live energy-flow diagram of the home page, painted with QPainter.

Nodes are cards (value large, unit smaller beside it); links run through the
house and carry moving dashes only while energy flows, in the role colour, with
an arrowhead that shows the direction. Stale data is drawn grey and still.
The animation runs only while the diagram is visible.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.formatting import format_power, split_power
from app.ui.icons import paint_icon
from app.ui.theme import DAY, EnergyRole, Theme
from app.ui.widgets.flow_nodes import (
    NODE_CELLS,
    NODE_ICONS,
    FlowNode,
    LinkView,
    NodeView,
    build_flow_views,
)

if TYPE_CHECKING:  # the first frame has no flow yet: it comes from the home query
    from app.domain.home_snapshot import LiveFlow

FRAME_MS = 40  # 25 fps is smooth enough for dashes and cheap on a panel SoC
REFERENCE = QSize(800, 250)  # the diagram's share of the 800×480 panel
_COLUMNS = (0.15, 0.5, 0.85)
_ROW_OFFSET = 0.27  # of the height, from the middle to each row's centre
_LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class FlowDiagram(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FlowDiagram")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(400, 200)
        self._theme = DAY
        self._flow: LiveFlow | None = None
        self._lang = "ja"
        self._nodes, self._links = build_flow_views(None)
        self._clock = QElapsedTimer()
        self._clock.start()
        self._frames = QTimer(self)
        self._frames.setInterval(FRAME_MS)
        self._frames.timeout.connect(self.update)

    # --- API ---------------------------------------------------------------------------
    def set_flow(self, flow: LiveFlow | None, lang: str) -> None:
        self._flow, self._lang = flow, lang
        self._nodes, self._links = build_flow_views(flow)
        self._sync_animation()
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    @property
    def stale(self) -> bool:
        return self._flow is None or self._flow.stale

    @property
    def animating(self) -> bool:
        return self._frames.isActive()

    def visible_nodes(self) -> set[FlowNode]:
        return {view.node for view in self._nodes}

    def node_text(self, node: FlowNode) -> str | None:
        """The value as shown, e.g. '1,234 W' (None if the node is hidden)."""
        for view in self._nodes:
            if view.node is node:
                return format_power(view.watts, self._lang)
        return None

    def node_detail(self, node: FlowNode) -> str | None:
        return next((view.detail for view in self._nodes if view.node is node), None)

    # --- Qt ----------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return REFERENCE

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._nodes, self._links = build_flow_views(self._flow)
            self.update()
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._sync_animation()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._frames.stop()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rects = self._card_rects()
        scale = next(iter(rects.values())).height() / 100 if rects else 1.0
        house = rects[FlowNode.HOUSE]
        for link in self._links:
            if link.node in rects:
                self._paint_link(painter, link, rects[link.node], house, scale)
        for view in self._nodes:
            self._paint_card(painter, view, rects[view.node], scale)

    # --- geometry ----------------------------------------------------------------------
    def _card_rects(self) -> dict[FlowNode, QRectF]:
        width, height = float(self.width()), float(self.height())
        card_w = width * 0.25
        card_h = min(height * 0.44, card_w * 0.56)
        shown = self.visible_nodes()
        rects: dict[FlowNode, QRectF] = {}
        for node in shown:
            column, row = NODE_CELLS[node]
            alone = not any(NODE_CELLS[other][0] == column and other is not node
                            for other in shown)
            # Rows hug the middle so a tall window does not pull the cards apart.
            offset = 0.0 if alone else min(height * _ROW_OFFSET, card_h * 0.8)
            centre = QPointF(width * _COLUMNS[column], height / 2 + (offset if row else -offset))
            rect = QRectF(0, 0, card_w, card_h)
            rect.moveCenter(centre)
            rects[node] = rect
        return rects

    @staticmethod
    def _edge_point(rect: QRectF, towards: QPointF, gap: float) -> QPointF:
        """Where the line from the rect's centre towards a point leaves the rect."""
        centre = rect.center()
        dx, dy = towards.x() - centre.x(), towards.y() - centre.y()
        length = math.hypot(dx, dy) or 1.0
        limits = [rect.width() / 2 / abs(dx) if dx else math.inf,
                  rect.height() / 2 / abs(dy) if dy else math.inf]
        t = min(limits)
        return QPointF(centre.x() + dx * t + dx / length * gap,
                       centre.y() + dy * t + dy / length * gap)

    # --- painting ----------------------------------------------------------------------
    def _paint_link(self, painter: QPainter, link: LinkView, node_rect: QRectF,
                    house_rect: QRectF, scale: float) -> None:
        source_rect, target_rect = ((node_rect, house_rect) if link.into_house
                                    else (house_rect, node_rect))
        gap = 6 * scale
        start = self._edge_point(source_rect, target_rect.center(), gap)
        end = self._edge_point(target_rect, source_rect.center(), gap)
        if not link.active or self.stale:
            if math.dist((start.x(), start.y()), (end.x(), end.y())) < 12 * scale:
                return  # too short to read as a connection: it would look like a speck
            painter.setPen(QPen(self._theme.color("idle_flow"), 3 * scale,
                                Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(start, end)
            return
        color = self._theme.role(link.role)
        width = 6 * scale
        head = 16 * scale
        dx, dy = end.x() - start.x(), end.y() - start.y()
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        shaft_end = QPointF(end.x() - ux * head * 0.8, end.y() - uy * head * 0.8)
        track = color.lighter(100)
        track.setAlpha(70)
        painter.setPen(QPen(track, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawLine(start, shaft_end)
        # Dashes travel towards the target; faster for bigger flows (log scale).
        speed = (28 + 14 * math.log10(1 + link.watts / 100)) * scale
        travelled = self._clock.elapsed() / 1000 * speed
        dash = QPen(color, width, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.FlatCap)
        dash.setDashPattern([1.6, 1.2])
        dash.setDashOffset(-(travelled / width) % 2.8)
        painter.setPen(dash)
        painter.drawLine(start, shaft_end)
        arrow = QPainterPath(end)
        arrow.lineTo(end.x() - ux * head - uy * head * 0.6, end.y() - uy * head + ux * head * 0.6)
        arrow.lineTo(end.x() - ux * head + uy * head * 0.6, end.y() - uy * head - ux * head * 0.6)
        arrow.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPath(arrow)

    def _paint_card(self, painter: QPainter, view: NodeView, rect: QRectF, scale: float) -> None:
        theme = self._theme
        stale = self.stale
        active_color = theme.role(view.role)
        radius = 10 * scale
        house = view.node is FlowNode.HOUSE
        painter.setPen(QPen(active_color if house else theme.color("border"),
                            (2.5 if house else 1.0) * scale))
        painter.setBrush(theme.color("surface"))
        painter.drawRoundedRect(rect, radius, radius)
        strip_color = theme.color("idle_flow") if stale or not (view.detail_active or house) \
            else active_color
        strip = QRectF(rect.left(), rect.top(), 6 * scale, rect.height())
        clip = QPainterPath()
        clip.addRoundedRect(rect, radius, radius)
        painter.save()
        painter.setClipPath(clip)
        painter.fillRect(strip, strip_color)
        painter.restore()

        pad = 10 * scale
        left = rect.left() + 6 * scale + pad
        inner_w = rect.right() - pad - left
        label_font = self._font(max(16.0, 16 * scale))  # labels never below 16 px
        label_metrics = QFontMetricsF(label_font)
        icon = label_metrics.height() * 1.05
        top = rect.top() + pad * 0.8
        muted = theme.color("text_disabled" if stale else "text_muted")
        paint_icon(painter, NODE_ICONS[view.node],
                   QRectF(left, top + (label_metrics.height() - icon) / 2, icon, icon),
                   muted if stale else active_color)
        painter.setFont(label_font)
        painter.setPen(theme.color("text_disabled" if stale else "text"))
        label_rect = QRectF(left + icon + 6 * scale, top, inner_w - icon - 6 * scale,
                            label_metrics.height())
        painter.drawText(label_rect, _LEFT_MIDDLE,
                         label_metrics.elidedText(view.label, Qt.TextElideMode.ElideRight,
                                                  label_rect.width()))
        detail_rect = QRectF(left, rect.bottom() - pad * 0.6 - label_metrics.height(),
                             inner_w, label_metrics.height())
        value_top = top + label_metrics.height()
        value_bottom = detail_rect.top() if view.detail else rect.bottom() - pad
        self._paint_value(painter, view, QRectF(left, value_top, inner_w,
                                                value_bottom - value_top), scale)
        if view.detail:
            painter.setFont(label_font)
            color = active_color if view.detail_active and not stale else muted
            if view.detail_active and not stale and view.role is EnergyRole.SOLAR:
                color = theme.color("text_muted")  # yellow text is unreadable on white
            painter.setPen(color)
            detail = label_metrics.elidedText(view.detail, Qt.TextElideMode.ElideRight, inner_w)
            painter.drawText(detail_rect, _LEFT_MIDDLE, detail)

    def _paint_value(self, painter: QPainter, view: NodeView, area: QRectF, scale: float) -> None:
        number, unit = split_power(view.watts)
        unit_font = self._font(max(16.0, 18 * scale))
        unit_w = QFontMetricsF(unit_font).horizontalAdvance(unit)
        size = max(32.0, 36 * scale)
        value_font = self._font(size, bold=True)
        while size > 20 and (QFontMetricsF(value_font).horizontalAdvance(number)
                             + unit_w + 6 * scale > area.width()):
            size -= 2  # a long figure shrinks rather than clips
            value_font = self._font(size, bold=True)
        metrics = QFontMetricsF(value_font)
        baseline = area.top() + (area.height() + metrics.capHeight()) / 2
        painter.setFont(value_font)
        painter.setPen(self._theme.color("text_disabled" if self.stale else "text"))
        painter.drawText(QPointF(area.left(), baseline), number)
        painter.setFont(unit_font)
        painter.setPen(self._theme.color("text_disabled" if self.stale else "text_muted"))
        painter.drawText(QPointF(area.left() + metrics.horizontalAdvance(number) + 5 * scale,
                                 baseline), unit)

    def _font(self, pixel_size: float, *, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(round(pixel_size))
        font.setBold(bold)
        return font

    def _sync_animation(self) -> None:
        moving = not self.stale and any(link.active for link in self._links)
        if moving and self.isVisible():
            self._frames.start()
        else:
            self._frames.stop()
