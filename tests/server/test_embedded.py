"""The embedded server ends with the panel that started it, even one that was killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only  # the panel's embedded server: SQLite in its folder

STARTER = """
import sys, time
from pathlib import Path
from server.embedded import start_embedded
server = start_embedded(Path(sys.argv[1]))
print(server.process.pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purpose: it no longer serves.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def test_a_killed_panel_takes_its_embedded_server_with_it(tmp_path):
    panel = subprocess.Popen([sys.executable, "-c", STARTER, str(tmp_path / "center")],
                             stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[2])
    try:
        server_pid = int(panel.stdout.readline())
        assert _alive(server_pid)
        panel.send_signal(signal.SIGKILL)  # no stop(), no atexit: only the watch can help
        panel.wait(timeout=10)
        deadline = time.monotonic() + 20
        while _alive(server_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(server_pid)
    finally:
        panel.kill()
        panel.wait(timeout=10)
