"""The panel's start-up path imports no numpy, pvlib, pyqtgraph, ORM or HTTP client: they load
when a graph, the database's catalogue or the center server is first used, after the
first frame. The first frame itself is built from the shell, the home page and their
services only: everything else loads once it has painted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_PROBE = """
import sys
import app.main, app.ui.pages, app.ui.shell.kiosk_window, app.ui.shell.desktop_window
heavy = ("numpy", "pandas", "pvlib", "pyqtgraph", "sqlalchemy", "sqlmodel", "alembic", "holidays",
         "requests", "urllib3")
print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))
"""

# Not on the first frame: the other pages' services, the collector and the device link,
# the dialogs, and the libraries behind them.
DEFERRED = (
    "numpy", "pandas", "pvlib", "pyqtgraph", "highspy", "scipy", "sqlalchemy", "alembic",
    "holidays", "requests", "asyncio", "platformdirs", "server",
    "app.sources.collector", "app.sources.device_link", "app.echonet.codec",
    "app.echonet.client", "app.store.backup",
    "app.services.backup_service", "app.services.circuits_service",
    "app.services.cloud_service", "app.services.commissioning_service",
    "app.services.control_service", "app.services.devices_service",
    "app.services.event_service", "app.services.history_service",
    "app.services.plan_service", "app.services.password_reminder",
    "app.services.weather_service", "app.services.cloud_wiring",
    "app.services.rate_catalog_service", "app.services.mirror_status_service",
    "app.services.aiseg2_import_service", "app.sources.aiseg2",
    "app.services.update_service", "cryptography",
    "app.ui.dialogs.password_prompt_dialog", "app.ui.dialogs.set_password_dialog",
    "app.ui.dialogs.sheet_dialog",  # the kiosk window names only its mark (KIOSK_PROPERTY)
    "app.ui.widgets.touch",  # the desktop's side list scrolls by dragging once all has come
    "app.ui.notice_texts",
    # The home page's forecast comes with the weather service, after the first frame.
    "app.domain.weather", "app.domain.energy_forecast", "app.domain.weather_outlook",
    "app.ui.weather_texts", "app.ui.widgets.sky_look",
    # The store's circuits and the history import: not read by the first frame.
    "app.domain.circuits", "app.domain.import_report", "app.domain.imported_history",
    # The home page's first frame waits for data: the snapshot and the device states come
    # with the first query, on its worker.
    "app.domain.home_snapshot", "app.domain.devices", "app.domain.series",
)

NO_SERVER = "http://127.0.0.1:9"  # the embedded server's subprocess is not what we test

# Runs the panel as `hems-panel run --report-first-paint` does, noting what is loaded (and
# built) when the home page's first paint is reported and when the panel exits (after the
# second stage).
_RUN = """
import json, sys
import app.main as panel

deferred = sys.argv[1].split(",")
write = sys.stdout.write
windows = []
create = panel.create_main_window

def create_and_keep(*args, **kwargs):
    windows.append(create(*args, **kwargs))
    return windows[-1]

panel.create_main_window = create_and_keep

def state():
    from PySide6 import QtCore, QtWidgets

    return json.dumps({
        "modules": [m for m in deferred if m in sys.modules],
        "menu_tiles": windows[0].view.menu.has_tiles,
        "app_stylesheet": bool(QtWidgets.QApplication.instance().styleSheet()),
        # PySide loads its classes as they are named; an unused one loaded means all were.
        "all_widget_classes": "QWizard" in vars(QtWidgets),
        # The closed menu's slide: its classes (and their enums) are named at its first open.
        "menu_animation": "QPropertyAnimation" in vars(QtCore),
        # The desktop side list's own parts (model, selection, scroll bars): their classes
        # are built only when something walks them (the window's first styling did).
        "list_parts": "QItemSelectionModel" in vars(QtCore) or "QScrollBar" in vars(QtWidgets),
    })

def report(text):
    if text.strip() == "first-paint":
        write("at-first-paint " + state() + "\\n")
    return write(text)

sys.stdout.write = report
code = panel.main(["run", "--report-first-paint", "--data-dir", sys.argv[2], *sys.argv[3:]])
write("at-exit " + state() + "\\n")
sys.exit(code)
"""


def test_start_up_modules_load_nothing_heavy() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         env=env, timeout=60, check=True)
    assert out.stdout.strip() == "[]"


def _run_panel(data: Path, *extra: str) -> dict[str, dict]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", _RUN, ",".join(DEFERRED), str(data), *extra],
                         capture_output=True, text=True, env=env, timeout=120, check=True)
    lines = [line.split(" ", 1) for line in out.stdout.splitlines() if line.startswith("at-")]
    return {key: json.loads(value) for key, value in lines}


@pytest.fixture(scope="module")
def started_once(tmp_path_factory) -> Path:
    """A data dir whose database exists (the first start creates it) and whose kiosk has
    its password, as the start-up bench has it."""
    from app.services.access_service import AccessService
    from app.store import open_store

    data = tmp_path_factory.mktemp("startup") / "data"
    _run_panel(data, "--server", NO_SERVER)
    store = open_store(data)
    AccessService(store).set_password("2468")
    store.close()
    return data


@pytest.mark.parametrize("mode", [["--kiosk"], []], ids=["kiosk", "desktop"])
def test_the_first_frame_loads_only_what_it_shows(started_once, mode) -> None:
    seen = _run_panel(started_once, *mode, "--server", NO_SERVER)
    assert seen["at-first-paint"]["modules"] == []
    # ... and the second stage did build the rest, before the benchmark's exit.
    assert {"app.services.control_service", "app.sources.collector",
            "app.services.cloud_service", "app.services.rate_catalog_service",
            "app.services.aiseg2_import_service", "app.services.update_service",
            } <= set(seen["at-exit"]["modules"])


@pytest.mark.parametrize("mode", [["--kiosk"], []], ids=["kiosk", "desktop"])
def test_the_first_frame_builds_only_what_it_shows(started_once, mode) -> None:
    """The hidden menu's tiles wait for its first open; the window's own stylesheet styles
    the first frame, the application's comes after it; no Qt class is named that makes
    PySide load all of QtWidgets (an application-wide event filter, a scroll area's
    viewport)."""
    seen = _run_panel(started_once, *mode, "--server", NO_SERVER)
    first, last = seen["at-first-paint"], seen["at-exit"]
    assert not first["menu_tiles"] and not first["app_stylesheet"]
    assert not first["all_widget_classes"]
    assert not first["menu_animation"]
    assert not first["list_parts"]
    assert last["app_stylesheet"]  # the second stage set it


def test_the_mirrored_demos_first_frame_loads_only_what_it_shows(tmp_path) -> None:
    """--source aiseg2-demo: the fake AiSEG2, the mirror and its status service load with
    the second stage too."""
    mirrored = ("--source", "aiseg2-demo", "--server", NO_SERVER)
    _run_panel(tmp_path / "data", *mirrored)  # the first start creates the database
    seen = _run_panel(tmp_path / "data", *mirrored)
    assert seen["at-first-paint"]["modules"] == []
    assert {"app.sources.collector", "app.services.mirror_status_service"} <= set(
        seen["at-exit"]["modules"])


def test_the_launcher_leaves_collection_as_it_found_it(tmp_path) -> None:
    """`hems-panel` imports the panel with the cycle collector paused: a command then runs
    with automatic collection on again, the imported modules frozen out of its sight.
    PySide's look at each imported module reads the files' bytes (app.pyside_module_scan)."""
    probe = ("import gc, sys; from app.launch import main;"
             "sys.argv = ['hems-panel', 'plan', 'check', '--data-dir', sys.argv[1]];"
             "code = main(); print('collecting', gc.isenabled(), gc.get_freeze_count() > 0);"
             "check = sys.modules['shibokensupport.feature']._mod_uses_pyside;"
             "print('bytes', getattr(check, 'reads_bytes', False));"
             "sys.exit(code)")
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True,
                         text=True, timeout=60, check=True)
    assert out.stdout.splitlines()[-2:] == ["collecting True True", "bytes True"]


_SCAN_PROBE = """
import importlib, json, sys
import PySide6.QtCore
from app.pyside_module_scan import FEATURE_MODULE, install

feature = sys.modules[FEATURE_MODULE]
own = feature._mod_uses_pyside
installed = install()
again = install()  # a second call keeps the first
ours = feature._mod_uses_pyside
names = sys.argv[1].split(",")
modules = [importlib.import_module(name) for name in names]
print(json.dumps({"installed": installed and again and ours is not own,
                  "pyside": [own(m) for m in modules], "ours": [ours(m) for m in modules]}))
"""


def test_the_module_scan_answers_as_pyside_does() -> None:
    """Modules that name PySide6 and modules that do not, a package, an extension module,
    a built-in one: the bytes of the file give PySide's own answer for each."""
    names = ["app.main", "app.ui.shell.kiosk_window", "app.domain.series", "app.store",
             "json", "PySide6.QtCore", "sys", "_sqlite3", "app.pyside_module_scan"]
    out = subprocess.run([sys.executable, "-c", _SCAN_PROBE, ",".join(names)],
                         capture_output=True, text=True, timeout=60, check=True)
    seen = json.loads(out.stdout.splitlines()[-1])
    assert seen["installed"]
    assert seen["ours"] == seen["pyside"]
    assert seen["pyside"][:3] == [True, True, False]  # both answers occur

