"""Start-up: process start to the first painted frame of the home page, offscreen,
as a ratio to a bare PySide6 window started the same way in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.bench.results import Result

RUNS = 7

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


def _time_to_first_paint(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                            text=True)
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
    workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    panel = [sys.executable, "-m", "app", "run", "--report-first-paint",
             "--data-dir", str(workdir / "data")]
    bare = [sys.executable, "-c", BARE_WINDOW]
    _time_to_first_paint(panel, env)  # first start creates the database: not what we time
    panel_times, bare_times = [], []
    for _ in range(RUNS):  # interleaved so machine noise hits both alike
        bare_times.append(_time_to_first_paint(bare, env))
        panel_times.append(_time_to_first_paint(panel, env))
    panel_s, bare_s = statistics.median(panel_times), statistics.median(bare_times)
    return [Result.compared("startup_first_paint", panel_s * 1000, "ms", "ratio <= 2.0",
                            bare_s * 1000)]
