"""The kiosk's backlight follows the idle dimmer: off a while after the dim, on at the
waking touch (which presses nothing), on again when the kiosk closes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.ui.shell import screen_power
from app.ui.shell.screen_power import (
    BACKLIGHT_ENV,
    OFF_AFTER_ENV,
    Backlight,
    screen_power_from_environment,
)


def _backlights(root: Path, *names: str) -> Path:
    for name in names:
        (root / name).mkdir(parents=True)
        (root / name / "bl_power").write_text("0")
    return root


@pytest.fixture
def backlight(tmp_path, monkeypatch) -> Path:
    root = _backlights(tmp_path / "backlight", "panel")
    monkeypatch.setattr(screen_power, "BACKLIGHTS", root)
    return root / "panel" / "bl_power"


def test_the_backlight_goes_off_after_the_dim_and_on_at_the_touch(qtbot, open_kiosk,
                                                                   services, backlight,
                                                                   monkeypatch):
    monkeypatch.setenv(OFF_AFTER_ENV, "0.05")
    backlight.write_text("4")  # left dark by a panel that stopped while off
    window = open_kiosk(services, idle_timeout_s=0.05)
    assert backlight.read_text() == "0"
    with qtbot.waitSignal(window.screen_power.screen_changed) as blocker:
        pass  # dims after 0.05 s, then the backlight goes off 0.05 s later
    assert blocker.args == [False]
    assert window.dimmer.dimmed and backlight.read_text() == "4"

    menu_button = window.view.footer.menu_button
    window.dimmer.set_idle_seconds(600)
    qtbot.mouseClick(menu_button, Qt.MouseButton.LeftButton)
    assert backlight.read_text() == "0" and window.screen_power.lit
    assert not window.dimmer.dimmed
    assert not window.view.menu.is_open  # the waking tap pressed nothing


def test_a_touch_before_the_screen_goes_off_keeps_it_on(qtbot, open_kiosk, services,
                                                         backlight, monkeypatch):
    monkeypatch.setenv(OFF_AFTER_ENV, "600")
    window = open_kiosk(services, idle_timeout_s=0.05)
    qtbot.waitUntil(lambda: window.dimmer.dimmed)
    assert window.screen_power.counting
    window.dimmer.set_idle_seconds(600)
    qtbot.mouseClick(window.view.footer.menu_button, Qt.MouseButton.LeftButton)
    assert not window.screen_power.counting
    assert backlight.read_text() == "0"


def test_closing_the_kiosk_lights_the_screen(qtbot, open_kiosk, services, backlight,
                                             monkeypatch):
    monkeypatch.setenv(OFF_AFTER_ENV, "0.05")
    window = open_kiosk(services, idle_timeout_s=0.05)
    with qtbot.waitSignal(window.screen_power.screen_changed):
        pass
    assert backlight.read_text() == "4"
    window.close()
    assert backlight.read_text() == "0"
    assert not window.screen_power.counting


@pytest.mark.parametrize("environ", [{}, {OFF_AFTER_ENV: "0"}, {OFF_AFTER_ENV: "soon"},
                                     {OFF_AFTER_ENV: "60", BACKLIGHT_ENV: "nope"}])
def test_not_configured_or_no_backlight_means_no_screen_power(qtbot, open_kiosk, services,
                                                              backlight, environ):
    window = open_kiosk(services)
    assert screen_power_from_environment(window.dimmer, environ) is None


def test_the_named_backlight_or_else_the_first(tmp_path):
    root = _backlights(tmp_path, "b_panel", "a_panel")
    assert Backlight.find(None, root).device == root / "a_panel"
    assert Backlight.find("b_panel", root).device == root / "b_panel"
    assert Backlight.find(None, tmp_path / "none") is None


def test_a_backlight_that_cannot_be_written_is_logged_once(tmp_path, caplog):
    light = Backlight(tmp_path / "gone")
    assert not light.set_on(False)
    assert not light.set_on(True)
    assert sum("cannot write" in r.message for r in caplog.records) == 1
