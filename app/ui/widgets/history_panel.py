"""A graph with its period controls (`PeriodBar`) and its total.

One panel serves every history graph (a circuit, several circuits stacked,
generation, gas, water). It asks the history service for the current request
and shows only the result of that very request: a late answer for a period the
user has already swiped past is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.history import HistoryResult
from app.domain.periods import HistoryRequest, Measure, Period
from app.services.history_service import HistoryService
from app.ui.formatting import format_yen
from app.ui.retranslate import RetranslateMixin
from app.ui.widgets.energy_graph import EnergyGraph, SeriesStyle
from app.ui.widgets.graph_format import format_value
from app.ui.widgets.period_bar import PeriodBar


class HistoryPanel(RetranslateMixin, QWidget):
    request_changed = Signal(object)  # the HistoryRequest now shown
    rates_requested = Signal()  # "Choose a rate plan" under an empty cost graph

    def __init__(self, history: HistoryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history = history
        self.lang = "ja"
        self.keys: tuple[str, ...] = ()
        self.styles: dict[str, SeriesStyle] = {}
        self.additive = True
        self.measure = Measure.ENERGY
        self.measures: tuple[Measure, ...] = (Measure.ENERGY,)
        self.energy_unit: str | None = None  # the ENERGY measure of volumes: "m³", "L"
        self.result: HistoryResult | None = None
        # What the graph draws of a result, and in which styles (the page folds the small
        # circuits of a stack into "Others"); None: the result as it is.
        self.shape: Callable[[HistoryResult], tuple[HistoryResult, dict[str, SeriesStyle]]] \
            | None = None
        self.bar = PeriodBar(history.today, self)
        self.bar.changed.connect(self._ask)
        # The page places the total where it fits (next to its heading).
        self.total_label = QLabel(
            alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total_label.setProperty("kind", "heading")
        # kWh / yen / CO2; placed by the page too (beside its heading).
        self.measure_button = QPushButton()
        self.measure_button.setObjectName("CompactControl")
        self.measure_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.measure_button.setMinimumSize(72, 44)  # a touch target
        self.measure_button.clicked.connect(self.cycle_measure)
        self.graph = EnergyGraph(self)
        self.graph.step_requested.connect(self.bar.step)
        self.graph.empty_action.connect(self.rates_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.bar)
        layout.addWidget(self.graph, 1)
        history.result_ready.connect(self._on_result)

    def show_series(self, keys: tuple[str, ...], styles: Mapping[str, SeriesStyle], *,
                    additive: bool = True,
                    measures: tuple[Measure, ...] = (Measure.ENERGY, Measure.COST, Measure.CO2),
                    energy_unit: str | None = None) -> None:
        """``additive``: the keys' sum means something (solar + fuel cell), so the total
        is one figure; otherwise (charged and discharged) each key gets its own.
        ``measures``: what the series can be shown in (sold energy has a price but no
        CO2; gas has neither, here). ``energy_unit``: what the measure button calls the
        plain quantity when it is not electricity (gas "m³", water "L")."""
        self.keys, self.styles, self.additive = tuple(keys), dict(styles), additive
        self.measures = measures
        self.energy_unit = energy_unit
        self.measure_button.setVisible(len(measures) > 1)
        if self.measure not in measures:
            self.measure = Measure.ENERGY
        self._ask()

    def cycle_measure(self) -> None:
        order = self.measures
        self.measure = order[(order.index(self.measure) + 1) % len(order)]
        self._ask()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.bar.set_language(lang)
        self.graph.set_language(lang)
        self._show_total()

    def current_request(self) -> HistoryRequest:
        bar = self.bar
        # Live is in W: cost and CO2 are for periods.
        measure = Measure.ENERGY if bar.period is Period.LIVE else self.measure
        return HistoryRequest(self.keys, bar.period, bar.anchor, bar.compare, measure)

    def _ask(self) -> None:
        self._show_measure()
        self._show_total()
        if self.keys:
            request = self.current_request()
            self._history.request(request)
            self.request_changed.emit(request)

    def _on_result(self, result: HistoryResult) -> None:
        if result.request != self.current_request():
            return  # an answer for a period the user has left
        self.result = result
        self._show_missing()
        self.redraw()
        self._show_total()

    def redraw(self) -> None:
        """Draw the current result again (after the page changed ``shape``)."""
        if self.result is None:
            return
        shown, styles = (self.result, self.styles) if self.shape is None \
            else self.shape(self.result)
        self.graph.show_result(shown, styles)

    def _show_missing(self) -> None:
        """An empty cost or CO2 graph says what to set, with a button to the rates page."""
        translate = QCoreApplication.translate
        missing = self.result.missing if self.result is not None else ""
        if missing == "plan":
            message = (translate("HistoryPanel", "Choose a rate plan to see the CO2 emissions")
                       if self.result.request.measure is Measure.CO2 else
                       translate("HistoryPanel", "Choose a rate plan to see the costs"))
            self.graph.set_empty_message(message, translate("HistoryPanel", "Choose a rate plan"))
        elif missing == "sell_price":
            self.graph.set_empty_message(
                translate("HistoryPanel", "Your rate plan has no selling price: set one to "
                                          "see what the sold energy earned"),
                translate("HistoryPanel", "Rate plans"))
        else:
            self.graph.set_empty_message(None)

    def _show_measure(self) -> None:
        translate = QCoreApplication.translate
        names = {Measure.ENERGY: self.energy_unit or translate("HistoryPanel", "kWh"),
                 Measure.COST: translate("HistoryPanel", "Yen"),
                 Measure.CO2: translate("HistoryPanel", "CO2")}
        self.measure_button.setText(names[self.measure])
        self.measure_button.setEnabled(self.bar.period is not Period.LIVE)

    def _show_total(self) -> None:
        result = self.result
        # Nothing to total (the empty graph says why), or no total that means something.
        if result is None or result.request != self.current_request() or result.missing or \
                result.request.period is Period.LIVE or result.unit == "%":
            self.total_label.setText("")
            return
        keys = result.request.keys
        totals = [result.total(key) for key in keys]
        if not self.additive and len(keys) > 1:
            self.total_label.setText(" · ".join(
                f"{self.styles[key].label} {self._total_text(total, result.unit)}"
                for key, total in zip(keys, totals, strict=True)))
            return
        known = [t for t in totals if t is not None]
        total = sum(known) if known else None
        self.total_label.setText(QCoreApplication.translate("HistoryPanel", "Total {value}")
                                 .format(value=self._total_text(total, result.unit)))

    def _total_text(self, total: float | None, unit: str) -> str:
        """Totals in whole yen (as bills are); other units as the readout shows them."""
        return format_yen(total) if unit == "¥" else format_value(total, unit, self.lang)

    def retranslate(self) -> None:
        self._show_missing()
        self._show_measure()
        self._show_total()
