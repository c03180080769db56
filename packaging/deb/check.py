"""Check the .deb: build it, lint it, and (as root, on a throwaway Debian machine) install
an older build, give it a year of data, upgrade over it, remove and purge.

    python3 packaging/deb/check.py [--static-only] [--keep-installed]

Static (any Debian machine): the package's files, `systemd-analyze verify` of its unit,
`lintian`, `desktop-file-validate`, `appstreamcli validate`.

Upgrade (root only; real dpkg -i): the older package is this repository at the commit
before the newest schema migration was added, so that the newer one has a real migration
to run. Its year of data is written by the older package's own `hems-panel simulate`, as
the hems-panel user. After `dpkg -i` of the newer package the unit's command line (cage
left out) runs offscreen and must paint its first frame; the database must then be at
the newer head revision with a copy of the older file beside it, and the older export of
the year must read the same. Then `dpkg -r` keeps the data and `dpkg --purge` deletes it.
Safe to run twice: it purges only a hems-panel it installed itself (a marker file in the
data folder); a panel with real data makes it stop.

Standard library only; runs with the host's python3.
"""

from __future__ import annotations

import argparse
import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = Path("/var/lib/hems-panel")
VENV = Path("/opt/hems-panel/venv")
UNIT = "hems-panel.service"
MARKER = DATA / ".hems-package-check"  # this data folder is the check's own
MIGRATIONS = "app/store/migrations/versions"
APP_ID = "jp.hems_panel.HemsPanel"
EXPECTED_FILES = (
    "lib/systemd/system/hems-panel.service", "lib/udev/rules.d/70-hems-panel-backlight.rules",
    "lib/systemd/system/hems-panel-update.path", "lib/systemd/system/hems-panel-update.service",
    "etc/pam.d/hems-panel", "etc/default/hems-panel",
    "usr/bin/hems-panel", "usr/share/man/man1/hems-panel.1.gz",
    "usr/share/applications/hems-panel-setup.desktop",
    f"usr/share/metainfo/{APP_ID}.metainfo.xml",
    f"usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
    "usr/share/doc/hems-panel/copyright", "usr/share/doc/hems-panel/README.Debian")
EXPECTED_WHEELS = ("hems_panel-", "pyside6_essentials-", "numpy-", "pvlib-", "fastapi-")


class CheckFailed(Exception):
    pass


def run(cmd: list[str], *, timeout: float = 900, check: bool = True,
        **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    if check and result.returncode != 0:
        raise CheckFailed(f"{shlex.join(map(str, cmd))} exited {result.returncode}\n"
                          f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def say(text: str) -> None:
    print(f"deb-check: {text}", flush=True)


def build(version: str | None, out: Path, source: Path | None = None) -> Path:
    cmd = [str(HERE / "build.sh"), "--out", str(out)]
    if version:
        cmd += ["--version", version]
    if source:
        cmd += ["--source", str(source)]
    return Path(run(cmd).stdout.strip().splitlines()[-1])


# --- static -----------------------------------------------------------------------------
def check_static(deb: Path, work: Path) -> None:
    tree = work / "contents"
    run(["dpkg-deb", "-x", str(deb), str(tree)])
    missing = [name for name in EXPECTED_FILES if not (tree / name).is_file()]
    wheels = [p.name for p in (tree / "opt/hems-panel/wheels").glob("*.whl")]
    missing += [f"a {prefix}*.whl" for prefix in EXPECTED_WHEELS
                if not any(name.startswith(prefix) for name in wheels)]
    if missing:
        raise CheckFailed(f"missing from the package: {missing}")
    say(f"contents: {len(EXPECTED_FILES)} files and {len(wheels)} wheels as expected")
    for unit in (UNIT, "hems-panel-update.path", "hems-panel-update.service"):
        verify_unit(tree / "lib/systemd/system" / unit)
    lint = run(["lintian", "--fail-on", "error,warning", str(deb)], check=False, cwd=work)
    if lint.returncode != 0:
        raise CheckFailed(f"lintian:\n{lint.stdout}{lint.stderr}")
    say("lintian: no errors or warnings (overrides: usr/share/lintian/overrides/hems-panel)")
    run(["desktop-file-validate", str(tree / "usr/share/applications/hems-panel-setup.desktop")])
    run(["appstreamcli", "validate", "--no-net",
         str(tree / f"usr/share/metainfo/{APP_ID}.metainfo.xml")])
    say("desktop entry and AppStream metainfo validate")


def verify_unit(path: Path) -> None:
    """systemd-analyze verify: any message is a failure (it exits 0 on unknown keys)."""
    result = run(["systemd-analyze", "verify", str(path)], check=False)
    noise = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    if result.returncode != 0 or noise:
        raise CheckFailed(f"systemd-analyze verify {path}:\n" + "\n".join(noise))
    say(f"systemd-analyze verify {path}: clean")


# --- upgrade ----------------------------------------------------------------------------
def older_source(work: Path) -> tuple[Path, str] | None:
    """This repository before its newest migration, with today's packaging files (the
    older tree predates them): a package whose schema the newer one must migrate."""
    newest = sorted((ROOT / MIGRATIONS).glob("0*.py"))[-1]
    added = run(["git", "log", "--diff-filter=A", "--format=%H", "-1", "--",
                 str(newest.relative_to(ROOT))], cwd=ROOT).stdout.strip()
    if not added or run(["git", "rev-parse", "--verify", "-q", f"{added}^"], cwd=ROOT,
                        check=False).returncode != 0:
        return None  # a shallow clone: no older schema to start from
    source = work / "older-src"
    source.mkdir()
    archive = subprocess.Popen(["git", "archive", f"{added}^"], cwd=ROOT,
                               stdout=subprocess.PIPE)
    run(["tar", "-x", "-C", str(source)], stdin=archive.stdout)
    archive.wait()
    for name in ("setup.py", "resources/__init__.py", "translations/__init__.py"):
        shutil.copy2(ROOT / name, source / name)
    pyproject = source / "pyproject.toml"
    text = re.sub(r"\[tool\.setuptools\.(packages\.find|package-data)\]\n(.+\n)*\n?", "",
                  pyproject.read_text())
    pyproject.write_text(text)
    tomllib.loads(text)  # still TOML
    return source, run(["git", "rev-parse", "--short", f"{added}^"], cwd=ROOT).stdout.strip()


def installed_version() -> str | None:
    result = run(["dpkg-query", "-W", "-f", "${Status} ${Version}", "hems-panel"],
                 check=False)
    fields = result.stdout.split()
    return fields[-1] if result.returncode == 0 and "installed" in fields else None


def clear_previous_run() -> None:
    if DATA.exists() and not MARKER.exists():
        raise CheckFailed(f"{DATA} holds data this check did not write: a real panel? "
                          "Not touching it (remove it yourself on a throwaway machine).")
    if run(["dpkg-query", "-W", "hems-panel"], check=False).returncode == 0:
        say("purging the hems-panel a previous run installed")
        run(["dpkg", "--purge", "hems-panel"])
    shutil.rmtree(DATA, ignore_errors=True)


def as_panel(*args: str, env: dict[str, str] | None = None,
             timeout: float = 900) -> subprocess.CompletedProcess:
    """A command as the hems-panel user, in its data folder, as the unit runs it."""
    settings = {"HEMS_DATA_DIR": str(DATA), "HOME": str(DATA), "QT_QPA_PLATFORM": "offscreen",
                "TZ": "Asia/Tokyo", **(env or {})}
    return run(["runuser", "-u", "hems-panel", "--", "env",
                *(f"{k}={v}" for k, v in settings.items()), *args],
               cwd=DATA, timeout=timeout)


def revision() -> str:
    query = "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(" \
            "'select version_num from alembic_version').fetchone()[0])"
    return as_panel(str(VENV / "bin/python"), "-c", query, str(DATA / "hems.sqlite3")
                    ).stdout.strip()


def unit_command(unit: Path) -> list[str]:
    """ExecStart of the installed unit, $HEMS_PANEL_ARGS as /etc/default/hems-panel sets it."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(unit)
    words = shlex.split(parser["Service"]["ExecStart"])
    if words[0] != "/usr/bin/cage" or "--" not in words:
        raise CheckFailed(f"ExecStart does not run the panel under cage: {words}")
    defaults = dict(re.findall(r'^(\w+)="?([^"\n]*)"?$',
                               Path("/etc/default/hems-panel").read_text(), re.M))
    return [w for word in words
            for w in (shlex.split(defaults.get("HEMS_PANEL_ARGS", ""))
                      if word == "$HEMS_PANEL_ARGS" else [word])]


def check_under_cage(command: list[str]) -> str:
    """The unit's whole command, cage included, on wlroots' headless backend (no display,
    no GPU: pixman): Qt's Wayland platform, the full-screen window, what it drew. (Its
    very first frame is painted before cage's full-screen size arrives: the picture is
    taken when it quits.)"""
    runtime = Path(tempfile.mkdtemp(prefix="hems-xdg-"))  # work/ is root's alone
    shutil.chown(runtime, "hems-panel", "hems-panel")
    shot = runtime / "kiosk.png"
    try:
        as_panel(*command, "--quit-after", "10", "--screenshot", str(shot), timeout=180,
                 env={"QT_QPA_PLATFORM": "wayland", "XDG_RUNTIME_DIR": str(runtime),
                      "WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman",
                      "WLR_LIBINPUT_NO_DEVICES": "1"})
        if not shot.exists():
            raise CheckFailed("under cage the panel saved no picture of its window")
        # Size and colours of the picture, read with the panel's own Qt.
        probe = ("import sys; from PySide6.QtGui import QImage; i = QImage(sys.argv[1]);"
                 "print(i.width(), i.height(), len({i.pixel(x, y) for x in range(0, i.width(),"
                 " 8) for y in range(0, i.height(), 8)}))")
        width, height, colours = map(int, as_panel(
            str(VENV / "bin/python"), "-c", probe, str(shot)).stdout.split())
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    if (width, height) == (800, 480) or colours < 8:  # 800×480: its size before full screen
        raise CheckFailed(f"under cage the kiosk drew {width}×{height} with {colours} colours")
    return f"{width}×{height}, {colours} colours"


def check_upgrade(work: Path, newer: Path) -> None:
    older = older_source(work)
    clear_previous_run()
    if older is None:
        raise CheckFailed("no history before the newest migration (shallow clone?)")
    source, commit = older
    upstream = tomllib.loads((source / "pyproject.toml").read_text())["project"]["version"]
    old_deb = build(f"{upstream}~r{commit}-1", work / "older", source)
    say(f"older package {old_deb.name} (commit {commit}, before the newest migration)")
    run(["dpkg", "-i", str(old_deb)])
    MARKER.touch()
    started = time.monotonic()
    # The year ends now (older versions have no --until). The export is of whole days up to
    # yesterday: the newer panel's first run adds today's minutes since (its catch-up).
    as_panel(str(VENV / "bin/hems-panel"), "simulate", "--days", "365", "--seed", "1")
    today = date.today()
    export = ["export", "--from", str(today - timedelta(days=360)),
              "--to", str(today - timedelta(days=1)), "--interval", "day"]
    before = as_panel(str(VENV / "bin/hems-panel"), *export).stdout
    old_revision = revision()
    say(f"a year of data written by the older package in {time.monotonic() - started:.0f} s "
        f"(schema {old_revision}, {(DATA / 'hems.sqlite3').stat().st_size >> 20} MiB)")

    run(["dpkg", "-i", str(newer)])
    say(f"upgraded to {installed_version()}")
    unit = Path("/lib/systemd/system") / UNIT
    verify_unit(unit)
    command = unit_command(unit)
    panel = command[command.index("--") + 1:]
    shown = as_panel(*panel, "--quit-after", "20", "--report-first-paint", timeout=180)
    if "first-paint" not in shown.stdout.split():
        raise CheckFailed(f"the unit's command did not paint:\n{shown.stderr[-4000:]}")
    say(f"the unit's panel command ({shlex.join(panel)}) painted its first frame offscreen")
    size = check_under_cage(command)
    say(f"the unit's whole command ({shlex.join(command)}) on a headless output: "
        f"the kiosk window full-screen over Wayland ({size})")
    head = as_panel(str(VENV / "bin/python"), "-c", "from app.store.schema_version import "
                    "HEAD_REVISION as h; print(h)").stdout.strip()
    now = revision()
    backup = DATA / f"hems.sqlite3.bak-{old_revision}"
    after = as_panel(str(VENV / "bin/hems-panel"), *export).stdout
    if now != head or old_revision == head or not backup.exists():
        raise CheckFailed(f"schema {old_revision} -> {now} (head {head}), copy {backup} "
                          f"{'exists' if backup.exists() else 'missing'}")
    if after != before or len(before.splitlines()) < 300:
        raise CheckFailed(f"the year reads differently after the upgrade:\n{before}\n{after}")
    say(f"schema migrated {old_revision} -> {now}, older file kept as {backup.name}, "
        f"the year's {len(before.splitlines()) - 1} daily rows unchanged")

    run(["dpkg", "-r", "hems-panel"])
    if not (DATA / "hems.sqlite3").exists() or VENV.exists():
        raise CheckFailed("dpkg -r: the data should stay and the venv go")
    run(["dpkg", "--purge", "hems-panel"])
    if DATA.exists():
        raise CheckFailed("dpkg --purge left the data folder")
    say("dpkg -r kept the data and removed the venv; dpkg --purge deleted the data")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--static-only", action="store_true", help="no dpkg -i")
    parser.add_argument("--keep-installed", action="store_true",
                        help="leave the newer package installed at the end")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hems-deb-check-"))
    started = time.monotonic()
    try:
        newer = build(None, work / "newer")
        say(f"built {newer.name} ({newer.stat().st_size >> 20} MiB)")
        check_static(newer, work)
        if args.static_only:
            pass
        elif os.geteuid() != 0:
            say("not root: the upgrade test (dpkg -i) is skipped")
        else:
            check_upgrade(work, newer)
            if args.keep_installed:
                run(["dpkg", "-i", str(newer)])
                MARKER.touch()  # the next run may purge it again
    except (CheckFailed, subprocess.TimeoutExpired) as exc:
        print(f"deb-check: FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say(f"OK in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
