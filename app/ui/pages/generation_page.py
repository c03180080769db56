"""創エネ・蓄エネ: generation, bought and sold energy, the battery, the EV, gas and water.

One graph at a time (chosen by the buttons on top) over live/day/week/month/year,
and for the same period the self-consumption rate (generation used in the house /
generation) and the self-sufficiency rate (consumption covered by own generation /
consumption), with the period's generated, sold and bought energy.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import series as s
from app.domain.energy_balance import EnergyBalance
from app.domain.home_snapshot import DeviceStates, HomeSnapshot
from app.domain.periods import HistoryRequest, Measure, Period
from app.services.services import Services
from app.ui.formatting import DASH, format_energy_kwh
from app.ui.pages.base_page import Page
from app.ui.theme import EnergyRole
from app.ui.widgets.elided_label import ElidedLabel

# Which series each view shows, and in which role colour (stacked in this order).
VIEWS: dict[str, tuple[tuple[str, EnergyRole], ...]] = {
    "generation": ((s.PV, EnergyRole.SOLAR), (s.FUEL_CELL, EnergyRole.FUEL_CELL)),
    "bought": ((s.GRID_BUY, EnergyRole.PURCHASE),),
    "sold": ((s.GRID_SELL, EnergyRole.SALE),),
    "battery": ((s.BATTERY_CHARGE, EnergyRole.BATTERY_CHARGE),
                (s.BATTERY_DISCHARGE, EnergyRole.BATTERY_DISCHARGE)),
    "level": ((s.BATTERY_SOC, EnergyRole.BATTERY_DISCHARGE),),
    "ev": ((s.EV_CHARGE, EnergyRole.EV),),
    "gas": ((s.GAS, EnergyRole.GAS),),
    "water": ((s.WATER, EnergyRole.WATER),),
}


# Views of volumes, not electricity: their unit names the measure button ("m³", "L"),
# and the electricity balance line is not theirs.
VOLUME_UNITS = {"gas": "m³", "water": "L"}

# What a view can be shown in besides kWh (m³, L): bought energy costs yen and emits CO2,
# sold energy earns yen, own generation avoids CO2, gas and water cost yen.
MEASURES = {"generation": (Measure.ENERGY, Measure.CO2),
            "bought": (Measure.ENERGY, Measure.COST, Measure.CO2),
            "sold": (Measure.ENERGY, Measure.COST),
            "gas": (Measure.ENERGY, Measure.COST),  # by the plan's gas and water prices
            "water": (Measure.ENERGY, Measure.COST)}


def _mode_names() -> dict[str, str]:
    """ECHONET Lite operation modes (battery 0xDA/0xCF, V2H 0xDA) in the user's words."""
    translate = QCoreApplication.translate
    return {"auto": translate("GenerationPage", "automatic"),
            "charging": translate("GenerationPage", "charging"),
            "rapid_charging": translate("GenerationPage", "rapid charging"),
            "discharging": translate("GenerationPage", "discharging"),
            "standby": translate("GenerationPage", "standby"),
            "idle": translate("GenerationPage", "idle"),
            "test": translate("GenerationPage", "test"),
            "restart": translate("GenerationPage", "restarting"),
            "capacity_recalculation": translate("GenerationPage", "recalculating capacity"),
            "other": translate("GenerationPage", "other")}


def _percent(rate: float | None) -> str:
    return DASH if rate is None else f"{rate * 100:.0f}%"


class GenerationPage(Page):
    page_id = "generation"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.view = "generation"
        self.balance: EnergyBalance | None = None
        self.view_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        views = QHBoxLayout()
        views.setSpacing(6)
        for name in VIEWS:
            button = QPushButton()
            button.setObjectName("CompactControl")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, n=name: self.show_view(n))
            group.addButton(button)
            views.addWidget(button, 1)
            self.view_buttons[name] = button
        # Long in English: it ends in "…" rather than run into the total or widen the page.
        self.summary = ElidedLabel()
        self.summary.setProperty("kind", "muted")
        # pyqtgraph (and numpy) load when this page is first opened, not at start-up.
        from app.ui.widgets.history_panel import HistoryPanel

        self.panel = HistoryPanel(services.history, self)
        self.panel.rates_requested.connect(lambda: self.open_page.emit("rates", None))
        self.panel.request_changed.connect(self._ask_balance)
        services.history.balance_ready.connect(self._on_balance)
        self.states: DeviceStates | None = None
        services.home.snapshot_changed.connect(self._on_home)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 8)
        layout.setSpacing(4)
        summary_row = QHBoxLayout()
        summary_row.setSpacing(12)
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.panel.total_label)
        summary_row.addWidget(self.panel.measure_button)
        layout.addLayout(views)
        layout.addLayout(summary_row)
        layout.addWidget(self.panel, 1)
        self.retranslate()
        self.show_view(self.view)


    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.panel.set_language(self.language)
        self.services.history.set_active(True, self)
        self.services.home.set_active(True, self)  # the devices' modes, live

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.services.history.set_active(False, self)
        self.services.home.set_active(False, self)

    def _on_home(self, snapshot: HomeSnapshot) -> None:
        self.states = snapshot.states
        self._show_summary()

    def show_view(self, name: str) -> None:
        from app.ui.widgets.energy_graph import SeriesStyle

        self.view = name
        for view, button in self.view_buttons.items():
            button.setChecked(view == name)
        labels = self._series_labels()
        styles = {key: SeriesStyle(labels[key], role=role) for key, role in VIEWS[name]}
        # Charged and discharged energy do not add up to anything meaningful.
        self.panel.show_series(tuple(styles), styles, additive=name != "battery",
                               measures=MEASURES.get(name, (Measure.ENERGY,)),
                               energy_unit=VOLUME_UNITS.get(name))
        self._show_summary()

    def _ask_balance(self, request: HistoryRequest) -> None:
        period = Period.DAY if request.period is Period.LIVE else request.period
        self.services.history.request_balance(period, request.anchor)

    def _on_balance(self, balance: EnergyBalance) -> None:
        request = self.panel.current_request()
        period = Period.DAY if request.period is Period.LIVE else request.period
        if (balance.period, balance.anchor) != (period, request.anchor):
            return  # for a period the user has left
        self.balance = balance
        self._show_summary()

    def _show_summary(self) -> None:
        if self.view in ("battery", "level", "ev"):
            self.summary.setText(self.state_text())
            return
        b = self.balance
        if self.view in VOLUME_UNITS:  # the electricity balance says nothing of gas, water
            b = None
        lang = self.language
        if b is None:
            self.summary.setText("")
            return
        self.summary.setText(QCoreApplication.translate(
            "GenerationPage",
            "Self-consumption {self_consumption} · Self-sufficiency {self_sufficiency} · "
            "Sold {sold} · Bought {bought}").format(
            self_consumption=_percent(b.self_consumption_rate),
            self_sufficiency=_percent(b.self_sufficiency_rate),
            sold=format_energy_kwh(b.sold_kwh, lang),
            bought=format_energy_kwh(b.bought_kwh, lang)))

    def state_text(self) -> str:
        """'Battery: charging · mode: auto' / 'EV: charging' from what the devices say."""
        translate = QCoreApplication.translate
        states = self.states or DeviceStates()
        names = _mode_names()
        unknown = translate("GenerationPage", "unknown")
        if self.view == "ev":
            return translate("GenerationPage", "V2H / EV charger: {mode}").format(
                mode=names.get(states.ev_mode or "", unknown))
        return translate("GenerationPage", "Battery: {status} · mode setting: {mode}").format(
            status=names.get(states.battery_status or "", unknown),
            mode=names.get(states.battery_mode or "", unknown))

    @staticmethod
    def _series_labels() -> dict[str, str]:
        translate = QCoreApplication.translate
        return {s.PV: translate("GenerationPage", "Solar"),
                s.FUEL_CELL: translate("GenerationPage", "Fuel cell"),
                s.GRID_BUY: translate("GenerationPage", "Bought"),
                s.GRID_SELL: translate("GenerationPage", "Sold"),
                s.BATTERY_CHARGE: translate("GenerationPage", "Charged"),
                s.BATTERY_DISCHARGE: translate("GenerationPage", "Discharged"),
                s.BATTERY_SOC: translate("GenerationPage", "Battery level"),
                s.EV_CHARGE: translate("GenerationPage", "EV charging"),
                s.GAS: translate("GenerationPage", "Gas"),
                s.WATER: translate("GenerationPage", "Water")}

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        names = {"generation": translate("GenerationPage", "Generation"),
                 "bought": translate("GenerationPage", "Bought"),
                 "sold": translate("GenerationPage", "Sold"),
                 "battery": translate("GenerationPage", "Battery"),
                 "level": translate("GenerationPage", "Level"),
                 "ev": translate("GenerationPage", "EV"),
                 "gas": translate("GenerationPage", "Gas"),
                 "water": translate("GenerationPage", "Water")}
        for name, button in self.view_buttons.items():
            button.setText(names[name])
        if hasattr(self, "panel"):
            self.show_view(self.view)  # legend labels in the new language
        self._show_summary()
