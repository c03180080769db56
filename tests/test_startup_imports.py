"""The panel's start-up path imports no numpy, pvlib, pyqtgraph, ORM or HTTP client: they load
when a graph, the database's catalogue or the center server is first used, after the
first frame. The first frame itself is built from the shell, the home page and their
services only: everything else loads once it has painted."""

from __future__ import annotations

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
    "app.ui.notice_texts",
)

NO_SERVER = "http://127.0.0.1:9"  # the embedded server's subprocess is not what we test

# Runs the panel as `hems-panel run --report-first-paint` does, noting what is loaded when
# the home page's first paint is reported and when the panel exits (after the second stage).
_RUN = """
import sys
from app.main import main

deferred = sys.argv[1].split(",")
write = sys.stdout.write

def loaded():
    return ",".join(m for m in deferred if m in sys.modules) or "-"

def report(text):
    if text.strip() == "first-paint":
        write("at-first-paint " + loaded() + "\\n")
    return write(text)

sys.stdout.write = report
code = main(["run", "--report-first-paint", "--data-dir", sys.argv[2], *sys.argv[3:]])
write("at-exit " + loaded() + "\\n")
sys.exit(code)
"""


def test_start_up_modules_load_nothing_heavy() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         env=env, timeout=60, check=True)
    assert out.stdout.strip() == "[]"


def _run_panel(data: Path, *extra: str) -> dict[str, list[str]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", _RUN, ",".join(DEFERRED), str(data), *extra],
                         capture_output=True, text=True, env=env, timeout=120, check=True)
    lines = [line.split(" ", 1) for line in out.stdout.splitlines() if line.startswith("at-")]
    return {key: [] if value == "-" else value.split(",") for key, value in lines}


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
    assert seen["at-first-paint"] == []
    # ... and the second stage did build the rest, before the benchmark's exit.
    assert {"app.services.control_service", "app.sources.collector",
            "app.services.cloud_service", "app.services.rate_catalog_service",
            "app.services.aiseg2_import_service", "app.services.update_service",
            } <= set(seen["at-exit"])


def test_the_mirrored_demos_first_frame_loads_only_what_it_shows(tmp_path) -> None:
    """--source aiseg2-demo: the fake AiSEG2, the mirror and its status service load with
    the second stage too."""
    mirrored = ("--source", "aiseg2-demo", "--server", NO_SERVER)
    _run_panel(tmp_path / "data", *mirrored)  # the first start creates the database
    seen = _run_panel(tmp_path / "data", *mirrored)
    assert seen["at-first-paint"] == []
    assert {"app.sources.collector", "app.services.mirror_status_service"} <= set(
        seen["at-exit"])
