"""Which circuits used the most in a day, week, month or year, and their share of the house.

Reached from 計測. Each circuit shows its energy in the period and its share of the
house's consumption; the part no circuit measures is said once at the top. Tapping
a circuit opens its graph.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain.periods import Period
from app.domain.ranking import Ranking
from app.services.services import Services
from app.ui.circuit_names import circuit_name
from app.ui.formatting import DASH, format_energy_kwh
from app.ui.pages.base_page import Page
from app.ui.widgets.circuit_tile import CircuitTile
from app.ui.widgets.period_bar import PeriodBar
from app.ui.widgets.touch import kinetic_scroll

RANKING_PERIODS = (Period.DAY, Period.WEEK, Period.MONTH, Period.YEAR)


def _share(share: float | None) -> str:
    return DASH if share is None else f"{share * 100:.0f}%"


class CircuitRankingPage(Page):
    page_id = "circuit_ranking"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.ranking: Ranking | None = None
        self.bar = PeriodBar(services.clock.today, self, periods=RANKING_PERIODS,
                             with_compare=False)
        self.bar.changed.connect(self._ask)
        self.summary = QLabel(wordWrap=True)
        self.summary.setProperty("kind", "muted")
        content = QWidget()
        self._rows = QVBoxLayout(content)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(6)
        self._rows.addStretch(1)
        self.tiles: list[CircuitTile] = []
        scroll = kinetic_scroll(content, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 8)
        layout.setSpacing(6)
        layout.addWidget(self.bar)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        services.history.ranking_ready.connect(self._on_ranking)
        self.retranslate()


    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.bar.set_language(self.language)
        self.services.history.set_active(True, self)
        self._ask()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.services.history.set_active(False, self)

    def _ask(self) -> None:
        self.services.history.request_ranking(self.bar.period, self.bar.anchor)

    def _on_ranking(self, ranking: Ranking) -> None:
        if (ranking.period, ranking.anchor) != (self.bar.period, self.bar.anchor):
            return  # for a period the user has left
        self.ranking = ranking
        self._show()

    def _show(self) -> None:
        ranking = self.ranking
        circuits = () if ranking is None else ranking.circuits
        while len(self.tiles) < len(circuits):  # reused rows: no flicker on each period
            tile = CircuitTile()
            tile.set_theme(self.theme)
            tile.setFixedHeight(56)
            tile.tapped.connect(lambda key: self.open_page.emit("circuit_graph", key))
            self._rows.insertWidget(self._rows.count() - 1, tile)
            self.tiles.append(tile)
        largest = max((c.kwh or 0.0 for c in circuits), default=0.0)
        lang = self.language
        for index, tile in enumerate(self.tiles):
            tile.setVisible(index < len(circuits))
            if index >= len(circuits):
                continue
            c = circuits[index]
            value = f"{format_energy_kwh(c.kwh, lang)} · {_share(c.share)}"
            tile.show_item(c.key, f"{index + 1}. {circuit_name(c.name, self.language)}", value,
                           (c.kwh or 0.0) / largest if largest > 0 else 0.0,
                           muted=c.kwh is None)
        self._show_summary()

    def _show_summary(self) -> None:
        translate = QCoreApplication.translate
        ranking = self.ranking
        if ranking is None:
            self.summary.setText(translate("CircuitRankingPage", "Adding up…"))
        elif ranking.consumption_kwh is None:
            self.summary.setText(translate("CircuitRankingPage", "No data for this period."))
        else:
            self.summary.setText(translate(
                "CircuitRankingPage",
                "The house used {total}; circuits not measured separately: {rest}.").format(
                total=format_energy_kwh(ranking.consumption_kwh, self.language),
                rest=_share(ranking.unmeasured_share)))

    def retranslate(self) -> None:
        self._show()
