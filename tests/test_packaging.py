"""The packaging files agree with the code: every data file ships in the wheel, the kiosk
unit and the desktop entry run commands the panel accepts, /etc/default names the
settings the panel reads. Building and installing them: make package-check."""

from __future__ import annotations

import configparser
import fnmatch
import re
import runpy
import shlex
import tomllib
from pathlib import Path

from app.cli import parse_args
from app.ui.shell.screen_power import BACKLIGHT_ENV, OFF_AFTER_ENV

ROOT = Path(__file__).resolve().parents[1]
DEB = ROOT / "packaging" / "deb"


def _setup_lists(monkeypatch) -> dict:
    monkeypatch.chdir(ROOT)  # setup.py lists folders relative to the project, as pip runs it
    return runpy.run_path(str(ROOT / "setup.py"), run_name="not_main")


def test_every_resource_file_is_in_the_wheels_data_patterns(monkeypatch):
    spec = _setup_lists(monkeypatch)
    files = [p for p in (ROOT / "resources").rglob("*") if p.is_file()
             and p.suffix not in (".py", ".pyc")]  # build scripts are not data
    left_out = [str(p.relative_to(ROOT)) for p in files
                if not any(fnmatch.fnmatch(p.name, pattern) for pattern in spec["DATA_FILES"])]
    assert files and left_out == []
    folders = {p for p in (ROOT / "resources").rglob("*")
               if p.is_dir() and p.name != "__pycache__"}
    assert len(spec["DATA_FOLDERS"]) == len(folders)


def _unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(DEB / "hems-panel.service")
    return unit


def _defaults() -> dict[str, str]:
    return dict(re.findall(r'^(\w+)="?([^"\n]*)"?$', (DEB / "default").read_text(), re.M))


def test_the_unit_runs_the_kiosk_under_cage_on_the_first_seat():
    service = _unit()["Service"]
    words = shlex.split(service["ExecStart"])
    assert words[0] == "/usr/bin/cage"
    panel = words[words.index("--") + 1:]
    assert panel[0] == "/opt/hems-panel/venv/bin/hems-panel"
    args = [w for word in panel[1:] for w in (
        shlex.split(_defaults()["HEMS_PANEL_ARGS"]) if word == "$HEMS_PANEL_ARGS" else [word])]
    parsed = parse_args(args)
    assert parsed.command == "run" and parsed.kiosk
    assert service["TTYPath"] == "/dev/tty1" and service["Restart"] == "on-failure"
    assert service["StandardOutput"] == service["StandardError"] == "journal"
    lines = (DEB / "hems-panel.service").read_text().splitlines()
    assert "Environment=HEMS_DATA_DIR=/var/lib/hems-panel" in lines  # (repeated keys: by line)


def test_the_defaults_file_names_the_settings_the_panel_reads():
    defaults = _defaults()
    assert float(defaults[OFF_AFTER_ENV]) > 0
    named = set(re.findall(r"HEMS_[A-Z_]+", (DEB / "default").read_text()))
    assert named <= {"HEMS_PANEL_ARGS", OFF_AFTER_ENV, BACKLIGHT_ENV}


def test_the_desktop_entry_opens_the_window_not_the_kiosk():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DEB / "hems-panel-setup.desktop", encoding="utf-8")
    words = shlex.split(entry["Desktop Entry"]["Exec"])
    assert words[0] == "hems-panel"
    parsed = parse_args(words[1:])
    assert parsed.command == "run" and not parsed.kiosk


def test_the_center_wheel_pins_what_the_panel_pins():
    panel = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    center = tomllib.loads((ROOT / "packaging/center/pyproject.toml").read_text())["project"]
    assert set(center["dependencies"]) <= set(panel["dependencies"])
    assert center["version"] == panel["version"]
    assert center["scripts"]["hems-center"] == panel["scripts"]["hems-center"]
    assert not any(dep.lower().startswith(("pyside6", "pyqtgraph", "shiboken6"))
                   for dep in center["dependencies"])


def test_the_center_wheel_ships_the_device_manuals(monkeypatch):
    """The server serves resources/manuals from its own wheel (packaging/center)."""
    monkeypatch.chdir(ROOT / "packaging" / "center")  # its setup.py's paths are relative
    spec = runpy.run_path("setup.py", run_name="not_main")
    assert "hems_resources.manuals" in spec["DATA_FOLDERS"]
    manuals = list((ROOT / "resources" / "manuals").iterdir())
    assert len(manuals) >= 13  # a manual per class and the README
    assert all(any(fnmatch.fnmatch(p.name, pattern) for pattern in spec["DATA_FILES"])
               for p in manuals)
