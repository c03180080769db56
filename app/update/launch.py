"""How the panel hands a staged request to the installer (a process apart from it).

On a panel installed from the package, the request's manifest appearing in
<data>/updates/request/ starts hems-panel-update.service (root, oneshot) through
hems-panel-update.path: the panel itself needs no rights and runs nothing. Elsewhere
(a developer's checkout) there are no install slots, and nothing is installed in place.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

PACKAGE_ROOT = Path("/opt/hems-panel")


class PathUnitInstaller:
    """The package's path unit does the work: nothing to start from here."""

    def __init__(self, root: Path = PACKAGE_ROOT) -> None:
        self.root = root

    def available(self) -> bool:
        return (self.root / "current").is_symlink()

    def start(self, data_dir: Path) -> None:
        pass  # the manifest written last was the signal


class CommandInstaller:
    """Starts the installer as a command of its own (tests; a panel run without systemd)."""

    def __init__(self, argv: Sequence[str]) -> None:
        self.argv = list(argv)
        self.process: subprocess.Popen | None = None

    def available(self) -> bool:
        return True

    def start(self, data_dir: Path) -> None:
        self.process = subprocess.Popen(self.argv, start_new_session=True)


def package_installer() -> PathUnitInstaller | None:
    """The installer of a panel installed from the package, or None."""
    installer = PathUnitInstaller()
    return installer if installer.available() else None
