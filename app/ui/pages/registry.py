"""Every page of the panel, known by its id, place, icon and title without loading it.

The menu, the side navigation and the breadcrumb need only these; a page's
module (its widgets, dialogs and whatever they import) loads when the page is
first shown, not at start-up. `PageRef(services)` builds the page.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from app.services.services import Services
    from app.ui.pages.base_page import Page

translate = QCoreApplication.translate


@dataclass(frozen=True, eq=False)
class PageRef:
    page_id: str
    module: str  # under app.ui.pages
    class_name: str
    icon_name: str
    parent_id: str | None  # for the breadcrumb; None for the root
    _title: Callable[[], str]

    def title(self) -> str:
        """The translated page title (header, menu, side navigation)."""
        return self._title()

    def load(self) -> type[Page]:
        return getattr(importlib.import_module(f"app.ui.pages.{self.module}"), self.class_name)

    def __call__(self, services: Services) -> Page:
        return self.load()(services)


# The main sections, in menu order; the first is the root of the breadcrumb.
SECTION_PAGES: tuple[PageRef, ...] = (
    PageRef("home", "home_page", "HomePage", "home", None,
            lambda: translate("HomePage", "Home")),
    PageRef("measurement", "measurement_page", "MeasurementPage", "measurement", "home",
            lambda: translate("MeasurementPage", "Measurement")),
    PageRef("generation", "generation_page", "GenerationPage", "generation", "home",
            lambda: translate("GenerationPage", "Generation & storage")),
    PageRef("weather", "weather_page", "WeatherPage", "weather", "home",
            lambda: translate("WeatherPage", "Weather")),
    PageRef("ai_charge", "ai_charge_page", "AiChargePage", "ai_charge", "home",
            lambda: translate("AiChargePage", "AI Solar Charge")),
    PageRef("appliance_history", "appliance_history_page", "ApplianceHistoryPage", "history",
            "home", lambda: translate("ApplianceHistoryPage", "Appliance history")),
    PageRef("rates", "rates_page", "RatesPage", "rates", "home",
            lambda: translate("RatesPage", "Rates")),
    PageRef("notices", "notices_page", "NoticesPage", "notices", "home",
            lambda: translate("NoticesPage", "Notices")),
    PageRef("settings", "settings_page", "SettingsPage", "settings", "home",
            lambda: translate("SettingsPage", "Settings")),
)
# Pages opened from another page, not from the menu (their parent_id says which).
SUB_PAGES: tuple[PageRef, ...] = (
    PageRef("circuit_graph", "circuit_graph_page", "CircuitGraphPage", "measurement",
            "measurement", lambda: translate("CircuitGraphPage", "Circuit graph")),
    PageRef("circuit_ranking", "circuit_ranking_page", "CircuitRankingPage", "measurement",
            "measurement", lambda: translate("CircuitRankingPage", "Circuit ranking")),
    PageRef("devices", "devices_page", "DevicesPage", "settings", "settings",
            lambda: translate("DevicesPage", "Devices")),
    PageRef("device_manual", "device_manual_page", "DeviceManualPage", "settings", "devices",
            lambda: translate("DeviceManualPage", "Manual")),
    PageRef("commissioning", "commissioning_page", "CommissioningPage", "settings", "settings",
            lambda: translate("CommissioningPage", "Circuits and home setup")),
    PageRef("plan_editor", "plan_editor_page", "PlanEditorPage", "rates", "rates",
            lambda: translate("PlanEditorPage", "Edit prices")),
    PageRef("registration", "registration_page", "RegistrationPage", "settings", "settings",
            lambda: translate("RegistrationPage", "Server registration")),
    PageRef("remote_view", "remote_view_page", "RemoteViewPage", "settings", "settings",
            lambda: translate("RemoteViewPage", "View on a smartphone")),
    PageRef("aiseg2_import", "aiseg2_import_page", "Aiseg2ImportPage", "settings", "settings",
            lambda: translate("Aiseg2ImportPage", "Take over from an AiSEG2")),
    PageRef("software_update", "update_page", "UpdatePage", "settings", "settings",
            lambda: translate("UpdatePage", "Software update")),
)
_BY_ID = {ref.page_id: ref for ref in (*SECTION_PAGES, *SUB_PAGES)}


def page_ref(page_id: str) -> PageRef:
    return _BY_ID[page_id]
