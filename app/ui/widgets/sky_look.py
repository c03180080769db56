"""How a sky is drawn: its icon (the moon on a clear night) and the theme colour it takes.

The sun takes the solar colour, rain and snow the accent's blue, clouds and the night sky
a muted neutral: the icon's shape says which, the colour only helps at a distance.
"""

from __future__ import annotations

from app.domain.weather import Sky
from app.ui.theme import EnergyRole
from app.ui.widgets.themed_icon import ColorOf


def sky_icon(sky: Sky, dark: bool = False) -> str:
    """The icon's name in resources/icons."""
    if dark and sky in (Sky.CLEAR, Sky.PARTLY_CLOUDY):
        return f"sky_{sky.value}_night"
    return f"sky_{sky.value}"


def sky_color(sky: Sky, dark: bool = False) -> ColorOf:
    if sky in (Sky.RAIN, Sky.SNOW):
        return lambda theme: theme.color("accent")
    if sky is Sky.CLEAR and not dark:
        return lambda theme: theme.role(EnergyRole.SOLAR)
    return lambda theme: theme.color("text_muted")
