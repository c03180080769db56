"""The panel itself writes the first-frame marker the installer waits for, with its
version, once its first frame has painted."""

from __future__ import annotations

import os
import subprocess
import sys

from app.update.marker import current_version, first_frame_version, marker_path

NO_SERVER = "http://127.0.0.1:9"


def test_the_panel_marks_its_first_frame_with_its_version(tmp_path) -> None:
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "app", "run", "--report-first-paint",
                          "--data-dir", str(data), "--server", NO_SERVER],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "first-paint" in out.stdout.split()
    assert first_frame_version(data) == current_version() != "0.0.0"


def test_a_damaged_marker_counts_as_none(tmp_path) -> None:
    marker_path(tmp_path).write_text("{not json")
    assert first_frame_version(tmp_path) is None
