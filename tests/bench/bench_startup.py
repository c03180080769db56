"""Start-up: process start to the first painted frame of the home page, offscreen,
as a ratio to a bare PySide6 window started the same way in the same run.

Both run as installed: with their bytecode compiled (pip and the panel's package compile
it at install, as the venv's PySide6 and standard library already are). A session that
sets PYTHONDONTWRITEBYTECODE would otherwise time the compiling of every panel module
at every start (~45 ms here) and nothing of the bare window's; the bytecode goes to a
cache in the bench's own folder, written by one untimed start of each command.

`run_wheel` times the packaged panel the same way: the wheel built and installed into a
fresh venv outside the checkout as packaging/wheel_smoke.py does (dependencies from its
wheel cache), `hems-panel` started from there, against the bare window run by that
venv's python; the bytecode in the venv's own folders, written by one untimed start."""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from app.services.access_service import AccessService
from app.store import open_store
from tests.bench.results import Result

RUNS = 9

BARE_WINDOW = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    class Probe(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and obj is label:
                print("first-paint", flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    app = QApplication(sys.argv[:1])
    label = QLabel("hello")
    probe = Probe()
    app.installEventFilter(probe)
    label.resize(800, 480)
    label.show()
    app.exec()
""")


def _time_to_first_paint(cmd: list[str], env: dict[str, str], cwd: Path | None = None
                         ) -> float:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                            text=True, cwd=cwd)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "first-paint":
            elapsed = time.perf_counter() - t0
            break
    else:
        proc.wait(60)
        raise RuntimeError(f"{cmd[:4]} exited ({proc.returncode}) without painting")
    proc.wait(60)
    return elapsed


def run(workdir: Path) -> list[Result]:
    """The wall panel (kiosk, password already set) and the desktop window, each
    against the bare window, runs interleaved so machine noise hits all alike."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPYCACHEPREFIX=str(workdir / "bytecode"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    panel = [sys.executable, "-m", "app", "run", "--report-first-paint"]
    return _compare(panel, [sys.executable, "-c", BARE_WINDOW], workdir / "data", env,
                    prefix="startup_first_paint")


def run_wheel(workdir: Path) -> list[Result]:
    """The same comparison for the panel installed from its wheel (see the docstring)."""
    workdir.mkdir(parents=True, exist_ok=True)
    smoke = _wheel_smoke()
    wheel = smoke.build_wheel(smoke.source_copy(workdir / "src"), workdir / "dist",
                              "hems_panel")
    bin_dir = smoke.install(wheel, workdir / "venv")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "PYTHONPATH"):
        env.pop(name, None)  # the venv's own bytecode folders; nothing from the checkout
    panel = [str(bin_dir / "hems-panel"), "run", "--report-first-paint"]
    return _compare(panel, [str(bin_dir / "python"), "-c", BARE_WINDOW], workdir / "data",
                    env, prefix="startup_wheel_first_paint", cwd=workdir)


def _wheel_smoke():
    """packaging/wheel_smoke.py, by path (a folder named `packaging` is not importable
    beside the library of that name)."""
    path = Path(__file__).resolve().parents[2] / "packaging" / "wheel_smoke.py"
    spec = importlib.util.spec_from_file_location("hems_wheel_smoke", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _compare(panel: list[str], bare: list[str], data: Path, env: dict[str, str], *,
             prefix: str, cwd: Path | None = None) -> list[Result]:
    panel = [*panel, "--data-dir", str(data)]
    commands = {"kiosk": [*panel, "--kiosk"], "desktop": panel, "bare": bare}
    _time_to_first_paint(panel, env, cwd)  # first start creates the database: not timed
    store = open_store(data)
    AccessService(store).set_password("2468")  # a kiosk's first start asks for one
    store.close()
    for cmd in commands.values():  # untimed: each writes the bytecode it loads
        _time_to_first_paint(cmd, env, cwd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(RUNS):
        for name, cmd in commands.items():
            times[name].append(_time_to_first_paint(cmd, env, cwd))
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    return [Result.compared(f"{prefix}_{name}", median[name], "ms", "ratio <= 2.0",
                            median["bare"]) for name in ("kiosk", "desktop")]
