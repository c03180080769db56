"""The panel's start-up path imports no numpy, pvlib, pyqtgraph, ORM or HTTP client: they load
when a graph, the database's catalogue or the center server is first used, after the
first frame."""

from __future__ import annotations

import os
import subprocess
import sys

_PROBE = """
import sys
import app.main, app.ui.pages, app.ui.shell.kiosk_window, app.ui.shell.desktop_window
heavy = ("numpy", "pandas", "pvlib", "pyqtgraph", "sqlalchemy", "sqlmodel", "alembic", "holidays",
         "requests", "urllib3")
print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))
"""


def test_start_up_modules_load_nothing_heavy() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         env=env, timeout=60, check=True)
    assert out.stdout.strip() == "[]"
