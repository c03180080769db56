"""Versioned install slots under one root, and the `current` link switched atomically.

    <root>/versions/0.1.0/venv     the version running before
    <root>/versions/0.1.1/venv     the new one
    <root>/current  -> versions/0.1.1
    <root>/previous -> versions/0.1.0
    <root>/venv     -> current/venv (the path the kiosk unit and /usr/bin/hems-panel run)

A slot counts only once pip has finished in it and its COMPLETE file is written (a venv
cannot be renamed after it is made: its scripts name its path), so a power cut
mid-install never leaves a half slot `current` could point at; the next build or prune
removes it. Links are replaced by rename(2): at every moment `current` is the old
version or the new one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

COMPLETE = "COMPLETE"


class InstallFailed(RuntimeError):
    pass


class InstallRoot:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.versions = self.root / "versions"

    def slot(self, version: str) -> Path:
        return self.versions / version

    def _link(self, name: str) -> str | None:
        try:
            target = os.readlink(self.root / name)
        except OSError:
            return None
        return Path(target).name

    @property
    def current(self) -> str | None:
        """The version `current` names (None before the first install into slots)."""
        return self._link("current")

    @property
    def previous(self) -> str | None:
        return self._link("previous")

    def executable(self, name: str = "hems-panel") -> Path:
        return self.root / "current" / "venv" / "bin" / name

    def build(self, version: str, wheel: Path, find_links: Sequence[Path] = (),
              python: str = sys.executable) -> Path:
        """A new venv with `wheel` (dependencies from `find_links` only: no network)."""
        self.versions.mkdir(parents=True, exist_ok=True)
        if version in (self.current, self.previous):
            raise InstallFailed(f"{version} is installed and in use")
        slot = self.slot(version)
        shutil.rmtree(slot, ignore_errors=True)  # a try cut short earlier
        venv = slot / "venv"
        # With pip (ensurepip: offline): this venv's installer will build the next slot.
        _run([python, "-m", "venv", str(venv)], "making the venv")
        links = [arg for folder in (Path(wheel).parent, *find_links)
                 for arg in ("--find-links", str(folder))]
        _run([str(venv / "bin" / "python"), "-m", "pip", "install",
              "--quiet", "--no-index", "--no-cache-dir", "--disable-pip-version-check",
              *links, str(wheel)], f"installing {Path(wheel).name}")
        (slot / COMPLETE).write_text(Path(wheel).name + "\n")
        return slot

    def complete(self, version: str) -> bool:
        return (self.slot(version) / COMPLETE).is_file()

    def switch(self, version: str) -> None:
        """`current` to `version`, `previous` to what `current` was (if another)."""
        if not self.complete(version):
            raise InstallFailed(f"no complete slot for {version}")
        was = self.current
        if was and was != version:
            _relink(self.root / "previous", f"versions/{was}")
        _relink(self.root / "current", f"versions/{version}")
        if not (self.root / "venv").is_symlink():
            # The root's own venv (an install from before slots) is left as it is.
            if not (self.root / "venv").exists():
                _relink(self.root / "venv", "current/venv")

    def roll_back(self) -> str:
        """`current` back to `previous`; returns the version running again."""
        back = self.previous
        if not back or not self.complete(back):
            raise InstallFailed("there is no previous version to go back to")
        _relink(self.root / "current", f"versions/{back}")
        (self.root / "previous").unlink(missing_ok=True)
        return back

    def prune(self) -> list[str]:
        """Delete slots that are neither current nor previous (and cut-short builds)."""
        keep = {self.current, self.previous}
        gone = []
        if self.versions.is_dir():
            for slot in self.versions.iterdir():
                if slot.name not in keep:
                    shutil.rmtree(slot, ignore_errors=True)
                    gone.append(slot.name)
        return sorted(gone)


def _relink(link: Path, target: str) -> None:
    tmp = link.with_name(f".{link.name}.new")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    os.replace(tmp, link)


def _run(cmd: list[str], what: str) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise InstallFailed(f"{what} failed: {(result.stderr or result.stdout)[-800:]}")
