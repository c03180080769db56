"""Turns the screen's backlight off a while after the idle dimmer has dimmed the kiosk,
and on again the moment it wakes (the waking touch is the dimmer's: it presses nothing).

Under cage, the kiosk unit's compositor, a client cannot power the output down: cage
implements no wlr-output-power-management. A panel's backlight is what draws the power,
and the kernel goes on reporting touches while it is off, so the backlight is switched
(``/sys/class/backlight/NAME/bl_power``: 0 on, 4 off; the package's udev rule lets the
video group write it). Configured from the environment, which the unit reads from
/etc/default/hems-panel: ``HEMS_SCREEN_OFF_AFTER_S`` (unset or 0: never) and
``HEMS_BACKLIGHT`` (a name under /sys/class/backlight; default: the first one).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from app.ui.shell.idle_dimmer import IdleDimmer

log = logging.getLogger(__name__)

BACKLIGHTS = Path("/sys/class/backlight")
OFF_AFTER_ENV = "HEMS_SCREEN_OFF_AFTER_S"
BACKLIGHT_ENV = "HEMS_BACKLIGHT"
BL_POWER_ON, BL_POWER_OFF = "0", "4"  # FB_BLANK_UNBLANK, FB_BLANK_POWERDOWN


class Backlight:
    """One backlight's bl_power file; a failed write is logged once, never raised."""

    def __init__(self, device: Path) -> None:
        self.device = device
        self._warned = False

    @classmethod
    def find(cls, name: str | None = None, root: Path | None = None) -> Backlight | None:
        root = root or BACKLIGHTS
        if name:
            return cls(root / name) if (root / name / "bl_power").exists() else None
        found = sorted(p for p in root.glob("*") if (p / "bl_power").exists())
        return cls(found[0]) if found else None

    def set_on(self, on: bool) -> bool:
        try:
            (self.device / "bl_power").write_text(BL_POWER_ON if on else BL_POWER_OFF)
        except OSError as exc:
            if not self._warned:
                log.warning("screen power: cannot write %s: %s", self.device / "bl_power", exc)
                self._warned = True
            return False
        return True


class ScreenPower(QObject):
    """Follows an IdleDimmer: off `off_after_s` after it dims, on when it wakes."""

    screen_changed = Signal(bool)  # True: lit

    def __init__(self, dimmer: IdleDimmer, backlight: Backlight, off_after_s: float) -> None:
        super().__init__(dimmer)
        self._backlight = backlight
        self.lit = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, round(off_after_s * 1000)))
        self._timer.timeout.connect(lambda: self._set(False))
        dimmer.dimmed_changed.connect(self._follow)
        backlight.set_on(True)  # a panel that stopped while dark starts lit

    @property
    def counting(self) -> bool:
        return self._timer.isActive()

    def _follow(self, dimmed: bool) -> None:
        if dimmed:
            self._timer.start()
        else:
            self._timer.stop()
            self._set(True)

    def _set(self, lit: bool) -> None:
        if lit == self.lit:
            return
        if self._backlight.set_on(lit):
            self.lit = lit
            self.screen_changed.emit(lit)

    def shutdown(self) -> None:
        """Lit again: whatever runs on this screen next must be seen."""
        self._timer.stop()
        self._set(True)


def screen_power_from_environment(dimmer: IdleDimmer,
                                  environ: dict[str, str] | None = None,
                                  root: Path | None = None) -> ScreenPower | None:
    """The kiosk unit's screen power, or None (not configured, or no backlight)."""
    env = os.environ if environ is None else environ
    try:
        off_after_s = float(env.get(OFF_AFTER_ENV) or 0)
    except ValueError:
        log.warning("%s=%r is not a number of seconds; the screen stays lit",
                    OFF_AFTER_ENV, env.get(OFF_AFTER_ENV))
        return None
    if off_after_s <= 0:
        return None
    backlight = Backlight.find(env.get(BACKLIGHT_ENV), root)
    if backlight is None:
        log.info("screen power: no backlight under %s; the screen stays lit, dimmed",
                 root or BACKLIGHTS)
        return None
    log.info("screen power: %s off %g s after the panel dims", backlight.device, off_after_s)
    return ScreenPower(dimmer, backlight, off_after_s)
