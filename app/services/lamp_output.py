"""Drives a real indicator lamp from the notices' `LampState` (or nothing at all).

    output = make_lamp_output("sysfs-led:hems-notice")   # or "gpio:/sys/class/gpio/gpio17"
    notices.lamp_changed.connect(output.show)

A Linux LED (`/sys/class/leds/NAME`) blinks by itself with the "timer" trigger,
so blinking costs the panel nothing; a GPIO value file can only be on or off,
so blink is shown as on there (a GPIO lamp that must blink needs a timer here).
Write failures are logged once per state and never raised: a missing LED must
not take the notices down with it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from app.domain.notices import LampState

log = logging.getLogger(__name__)

LEDS_DIR = Path("/sys/class/leds")
BLINK_ON_MS, BLINK_OFF_MS = 500, 500


class LampOutput(Protocol):
    def show(self, state: LampState) -> None: ...


class NullOutput:
    """No lamp hardware (desktop, tests): remembers the state only."""

    def __init__(self) -> None:
        self.state = LampState.OFF

    def show(self, state: LampState) -> None:
        self.state = LampState(state)


def _write(path: Path, text: str) -> bool:
    try:
        path.write_text(text)
    except OSError as exc:
        log.warning("lamp: cannot write %r to %s: %s", text, path, exc)
        return False
    return True


class SysfsLed:
    """`/sys/class/leds/NAME`: brightness for on/off, trigger "timer" for blinking."""

    def __init__(self, led_dir: Path, brightness: int | None = None) -> None:
        self.dir = led_dir
        self._on = brightness if brightness is not None else self._max_brightness()
        self.state: LampState | None = None

    def _max_brightness(self) -> int:
        try:
            return int((self.dir / "max_brightness").read_text().strip() or 1)
        except (OSError, ValueError):
            return 1

    def show(self, state: LampState) -> None:
        state = LampState(state)
        if state == self.state:
            return  # sysfs writes are cheap, but re-arming the timer restarts the blink
        self.state = state
        if state is LampState.BLINK:
            # delay_on/delay_off appear only once the timer trigger is set.
            if _write(self.dir / "trigger", "timer"):
                _write(self.dir / "delay_on", str(BLINK_ON_MS))
                _write(self.dir / "delay_off", str(BLINK_OFF_MS))
            _write(self.dir / "brightness", str(self._on))
            return
        _write(self.dir / "trigger", "none")
        _write(self.dir / "brightness", str(self._on if state is LampState.ON else 0))


class SysfsGpio:
    """A GPIO `value` file (an exported sysfs GPIO set as output): 1 lit, 0 dark."""

    def __init__(self, value_file: Path, active_low: bool = False) -> None:
        self.file = value_file
        self._active_low = active_low
        self.state: LampState | None = None

    def show(self, state: LampState) -> None:
        state = LampState(state)
        if state == self.state:
            return
        self.state = state
        lit = state is not LampState.OFF
        _write(self.file, "1" if lit != self._active_low else "0")


LAMP_SETTING = "lamp_output"  # the stored choice; --lamp overrides it


def make_lamp_output(spec: str | None) -> LampOutput:
    """From a setting or flag: "", "none", "sysfs-led:NAME|PATH", "gpio:PATH[:active-low]"."""
    if not spec or spec == "none":
        return NullOutput()
    kind, _, rest = spec.partition(":")
    if kind == "sysfs-led" and rest:
        path = Path(rest) if "/" in rest else LEDS_DIR / rest
        return SysfsLed(path)
    if kind == "gpio" and rest:
        path_text, _, flag = rest.partition(":")
        path = Path(path_text)
        return SysfsGpio(path / "value" if path.is_dir() else path, flag == "active-low")
    raise ValueError(f"unknown lamp output {spec!r}: use none, sysfs-led:NAME or gpio:PATH")
