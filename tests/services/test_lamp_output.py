"""Lamp outputs against a fake sysfs directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.notices import LampState
from app.services.lamp_output import NullOutput, SysfsGpio, SysfsLed, make_lamp_output


def _led(tmp_path: Path) -> Path:
    led = tmp_path / "leds" / "hems-notice"
    led.mkdir(parents=True)
    for name, text in (("brightness", "0"), ("max_brightness", "255"), ("trigger", "none")):
        (led / name).write_text(text)
    return led


def _files(led: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in led.iterdir() if p.name != "max_brightness"}


def test_sysfs_led_off_on_blink(tmp_path: Path) -> None:
    led = _led(tmp_path)
    out = make_lamp_output(f"sysfs-led:{led}")
    assert isinstance(out, SysfsLed)
    out.show(LampState.ON)
    assert _files(led) == {"brightness": "255", "trigger": "none"}
    out.show(LampState.BLINK)
    assert _files(led) == {"brightness": "255", "trigger": "timer", "delay_on": "500",
                           "delay_off": "500"}
    out.show(LampState.OFF)
    assert _files(led)["brightness"] == "0" and _files(led)["trigger"] == "none"


def test_a_missing_led_is_logged_not_raised(tmp_path: Path, caplog) -> None:
    SysfsLed(tmp_path / "absent").show(LampState.ON)
    assert "cannot write" in caplog.text


def test_sysfs_gpio_value_and_active_low(tmp_path: Path) -> None:
    gpio = tmp_path / "gpio17"
    gpio.mkdir()
    (gpio / "value").write_text("0")
    out = make_lamp_output(f"gpio:{gpio}")
    assert isinstance(out, SysfsGpio)
    for state, value in ((LampState.ON, "1"), (LampState.OFF, "0"), (LampState.BLINK, "1")):
        out.show(state)
        assert (gpio / "value").read_text() == value
    low = make_lamp_output(f"gpio:{gpio / 'value'}:active-low")
    low.show(LampState.ON)
    assert (gpio / "value").read_text() == "0"


def test_choice_of_output() -> None:
    assert isinstance(make_lamp_output(None), NullOutput)
    assert isinstance(make_lamp_output("none"), NullOutput)
    assert make_lamp_output("sysfs-led:hems").dir == Path("/sys/class/leds/hems")
    with pytest.raises(ValueError, match="unknown lamp output"):
        make_lamp_output("serial:/dev/ttyS0")
