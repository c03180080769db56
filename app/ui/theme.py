"""The one set of theme variables: neutrals, energy-role colours and the stylesheet.

Every colour the UI shows comes from a ``Theme``. The day theme is defined here;
the night theme keeps the same variable names with dimmer values, and its role
colours are derived from the day ones so a role never changes hue at night.
Widgets that paint themselves implement ``set_theme(theme)``; ``propagate_theme``
hands a new theme to every such widget under a window.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from string import Template

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QLayout, QWidget

from app.resource_files import resources_dir

log = logging.getLogger(__name__)

RESOURCES_DIR = resources_dir()
STYLESHEET_TEMPLATE = RESOURCES_DIR / "styles" / "panel.qss"

REFERENCE_HEIGHT = 480  # the 800×480 reference panel
REFERENCE_WIDTH = 800


class EnergyRole(StrEnum):
    PURCHASE = "purchase"
    SALE = "sale"
    SOLAR = "solar"
    FUEL_CELL = "fuel_cell"
    BATTERY_CHARGE = "battery_charge"
    BATTERY_DISCHARGE = "battery_discharge"
    EV = "ev"
    HOUSE = "house"
    GAS = "gas"
    WATER = "water"


# One colour per energy role, used for tiles, flows, graphs and legends alike.
_DAY_ROLES: dict[EnergyRole, str] = {
    EnergyRole.PURCHASE: "#E8590C",  # warm orange-red
    EnergyRole.SALE: "#2F9E44",  # green
    EnergyRole.SOLAR: "#F2A900",  # solar yellow (deep enough to read on white)
    EnergyRole.FUEL_CELL: "#0C8599",  # teal
    EnergyRole.BATTERY_CHARGE: "#1864AB",  # deep blue: energy going in
    EnergyRole.BATTERY_DISCHARGE: "#4DABF7",  # light blue: energy coming out
    EnergyRole.EV: "#7048E8",  # violet
    EnergyRole.HOUSE: "#5C7A99",  # neutral grey-blue
    EnergyRole.GAS: "#D6336C",  # raspberry
    EnergyRole.WATER: "#22B8CF",  # cyan
}


@dataclass(frozen=True)
class Theme:
    name: str
    window: str  # page background
    surface: str  # cards, buttons
    surface_alt: str  # pressed / selected surfaces, tracks
    border: str
    header: str  # header and menu sheet background
    header_text: str
    header_muted: str
    text: str
    text_muted: str
    text_disabled: str
    accent: str  # primary actions, selection
    accent_text: str
    danger: str  # destructive actions (delete the registration) and errors
    danger_text: str  # text on a danger background
    warning: str
    warning_surface: str
    lamp_on: str
    lamp_off: str
    scrim: str  # behind the menu sheet (with alpha)
    dim: str  # idle dim overlay (with alpha)
    idle_flow: str  # a connection with no energy flowing
    roles: dict[EnergyRole, str] = field(default_factory=lambda: dict(_DAY_ROLES))

    def color(self, name: str) -> QColor:
        return _qcolor(getattr(self, name))

    def role(self, role: EnergyRole) -> QColor:
        return QColor(self.roles[role])


def _qcolor(css: str) -> QColor:
    """'#RRGGBB' or 'rgba(r, g, b, a)' (the stylesheet's forms) as a QColor."""
    if css.startswith("rgba("):
        red, green, blue, alpha = (int(part) for part in css[5:-1].split(","))
        return QColor(red, green, blue, alpha)
    return QColor(css)


DAY = Theme(
    name="day",
    window="#EEF2F6",
    surface="#FFFFFF",
    surface_alt="#DDE5EE",
    border="#C9D3DE",
    header="#1F3147",
    header_text="#FFFFFF",
    header_muted="#A9B8CA",
    text="#1B2633",
    text_muted="#5B6878",
    text_disabled="#98A3B0",
    accent="#1C6FD1",
    accent_text="#FFFFFF",
    danger="#C92A2A",
    danger_text="#FFFFFF",
    warning="#9C5700",
    warning_surface="#FFE8B0",
    lamp_on="#F59F00",
    lamp_off="#B8C2CC",
    scrim="rgba(15, 23, 34, 110)",
    dim="rgba(0, 0, 0, 170)",
    idle_flow="#C3CDD8",
)


def _dimmed(hex_color: str, value_factor: float = 0.82) -> str:
    """Same hue, less light: the night variant of a role colour."""
    color = QColor(hex_color).toHsv()
    return QColor.fromHsv(color.hue(), int(color.saturation() * 0.9),
                          int(color.value() * value_factor)).name()


NIGHT = replace(
    DAY,
    name="night",
    window="#0E151D",
    surface="#18222D",
    surface_alt="#24313F",
    border="#2E3C4B",
    header="#0A1017",
    header_text="#C9D3DE",
    header_muted="#6F7D8C",
    text="#C4CED9",
    text_muted="#7F8C9A",
    text_disabled="#4C5967",
    accent="#3D7CC4",
    accent_text="#E6EDF4",
    danger="#E05555",
    danger_text="#1A0E0E",  # dark on the bright night red: ≥ 4.5:1 (white would be 3.7)
    warning="#E0A040",
    warning_surface="#3A2C12",
    lamp_on="#D08A00",
    lamp_off="#3A4653",
    scrim="rgba(0, 0, 0, 150)",
    dim="rgba(0, 0, 0, 200)",
    idle_flow="#2E3C4B",
    roles={role: _dimmed(value) for role, value in _DAY_ROLES.items()},
)

NIGHT_STARTS_HOUR = 19
NIGHT_ENDS_HOUR = 6


def theme_for_time(now: datetime) -> Theme:
    """Kiosk: light by day, dark and dimmed at night."""
    return NIGHT if now.hour >= NIGHT_STARTS_HOUR or now.hour < NIGHT_ENDS_HOUR else DAY


def scale_for_size(width: int, height: int, reference: tuple[int, int] = (
        REFERENCE_WIDTH, REFERENCE_HEIGHT)) -> float:
    """Fonts and targets grow with the window; width bounds it so rows still fit."""
    scale = min(height / reference[1], width / reference[0])
    return round(max(1.0, scale), 2)


def px(value: float, scale: float) -> int:
    return round(value * scale)


def build_stylesheet(theme: Theme, scale: float = 1.0) -> str:
    """The application stylesheet from the template in resources/styles."""
    sizes = {
        "font_base": 16, "font_small": 16, "font_large": 18, "font_title": 24,
        "font_figure": 30, "font_key": 22, "font_tile": 18, "font_dialog_title": 22,
        "target": 48, "footer_height": 60, "header_height": 52, "tile_height": 92,
        "radius": 10, "radius_small": 6, "pad": 12, "pad_small": 6, "scrollbar": 14,
        "border_width": 1, "focus_width": 2, "footer_button_width": 140,
        "choice_width": 160, "dialog_button_width": 120, "menu_button_width": 170,
    }
    values: dict[str, str] = {name: f"{px(size, scale)}px" for name, size in sizes.items()}
    for name in Theme.__dataclass_fields__:
        if name not in ("name", "roles"):
            values[name] = getattr(theme, name)
    values.update({f"role_{role.value}": color for role, color in theme.roles.items()})
    template = Template(STYLESHEET_TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(values)


def scale_layouts(root: QWidget, scale: float) -> None:
    """Scale every layout's margins and spacing from the values it was built with."""
    for layout in root.findChildren(QLayout):
        reference = layout.property("hems_reference")
        if reference is None:
            margins = layout.contentsMargins()
            grid = isinstance(layout, QGridLayout)
            reference = [margins.left(), margins.top(), margins.right(), margins.bottom(),
                         layout.horizontalSpacing() if grid else layout.spacing(),
                         layout.verticalSpacing() if grid else layout.spacing()]
            layout.setProperty("hems_reference", reference)
        left, top, right, bottom, h_spacing, v_spacing = reference
        layout.setContentsMargins(px(left, scale), px(top, scale), px(right, scale),
                                  px(bottom, scale))
        if isinstance(layout, QGridLayout):
            if h_spacing >= 0:
                layout.setHorizontalSpacing(px(h_spacing, scale))
            if v_spacing >= 0:
                layout.setVerticalSpacing(px(v_spacing, scale))
        elif h_spacing >= 0:
            layout.setSpacing(px(h_spacing, scale))


def propagate_theme(root: QWidget, theme: Theme) -> None:
    """Give the theme to every widget under ``root`` that paints or tints with it."""
    for widget in root.findChildren(QWidget):
        setter = getattr(widget, "set_theme", None)
        if callable(setter):
            setter(theme)
