"""The pages of the panel, one module each; both shells show the same ones."""

from app.ui.pages.appliance_history_page import ApplianceHistoryPage
from app.ui.pages.base_page import Page
from app.ui.pages.circuit_graph_page import CircuitGraphPage
from app.ui.pages.circuit_ranking_page import CircuitRankingPage
from app.ui.pages.devices_page import DevicesPage
from app.ui.pages.generation_page import GenerationPage
from app.ui.pages.home_page import HomePage
from app.ui.pages.measurement_page import MeasurementPage
from app.ui.pages.notices_page import NoticesPage
from app.ui.pages.plan_editor_page import PlanEditorPage
from app.ui.pages.rates_page import RatesPage
from app.ui.pages.registration_page import RegistrationPage
from app.ui.pages.settings_page import SettingsPage

# The main sections, in menu order; the first is the root of the breadcrumb.
SECTION_PAGES: tuple[type[Page], ...] = (
    HomePage,
    MeasurementPage,
    GenerationPage,
    ApplianceHistoryPage,
    RatesPage,
    NoticesPage,
    SettingsPage,
)
# Pages opened from another page, not from the menu (their parent_id says which).
SUB_PAGES: tuple[type[Page], ...] = (CircuitGraphPage, CircuitRankingPage, DevicesPage,
                                      PlanEditorPage, RegistrationPage)

__all__ = [
    "SECTION_PAGES",
    "SUB_PAGES",
    "ApplianceHistoryPage",
    "CircuitGraphPage",
    "CircuitRankingPage",
    "DevicesPage",
    "GenerationPage",
    "HomePage",
    "MeasurementPage",
    "NoticesPage",
    "Page",
    "PlanEditorPage",
    "RatesPage",
    "RegistrationPage",
    "SettingsPage",
]
