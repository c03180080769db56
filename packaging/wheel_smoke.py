"""The wheels as a user gets them: build them, install each into a fresh venv outside the
checkout, and run them from there: hems-panel's panel, plan check and center server, and
hems-center's (the server alone, packaging/center) without Qt.

    python3 packaging/wheel_smoke.py [--keep] [--wheel-dir DIR]

Standard library only (it runs before any venv exists). Dependencies come from a wheel
cache (HEMS_WHEEL_CACHE, default ~/.cache/hems-panel/wheels) filled by `pip download`
the first time, so a second run installs without the network. Exit 0 when every check
passes; each failure is printed with the command's output.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("HEMS_WHEEL_CACHE")
             or Path.home() / ".cache" / "hems-panel" / "wheels")
PANEL_SECONDS = 5


class SmokeFailure(Exception):
    pass


def run(cmd: list[str], *, timeout: float = 600, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    if result.returncode != 0:
        raise SmokeFailure(f"{' '.join(map(str, cmd))} exited {result.returncode}\n"
                           f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def source_copy(dest: Path) -> Path:
    """The checkout's files as git sees them (tracked and new, not ignored): a build never
    picks up a stale build/ folder or someone's data."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                 cwd=ROOT).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def build_wheel(project: Path, out: Path, name: str) -> Path:
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out),
         str(project)])
    wheels = sorted(out.glob(f"{name}-*.whl"))
    if len(wheels) != 1:
        raise SmokeFailure(f"expected one {name} wheel in {out}, found {wheels}")
    return wheels[0]


def install(wheel: Path, venv: Path) -> Path:
    """A fresh venv with the wheel; dependencies from the cache, downloaded when missing."""
    run([sys.executable, "-m", "venv", str(venv)])
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    CACHE.mkdir(parents=True, exist_ok=True)
    # --no-compile: byte-compiling scipy and pandas is most of an install's time, and the
    # smoke test measures nothing (Python compiles what it imports, as it goes).
    offline = [*pip, "install", "--quiet", "--no-compile", "--no-index", "--find-links",
               str(CACHE), str(wheel)]
    try:
        run(offline)
    except SmokeFailure:
        print(f"wheel-smoke: filling the wheel cache {CACHE}", flush=True)
        run([*pip, "download", "--quiet", "--dest", str(CACHE), str(wheel)])
        for own in [*CACHE.glob("hems_panel-*.whl"), *CACHE.glob("hems_center-*.whl")]:
            own.unlink()  # only dependencies are cached
        run(offline)
    return venv / "bin"


def check_imports_from_venv(bin_dir: Path, work: Path) -> None:
    found = run([str(bin_dir / "python"), "-c",
                 "import app, hems_resources, hems_translations as t;"
                 "from app.resource_files import resources_dir, translations_dir;"
                 "print(app.__file__); print(resources_dir()); print(translations_dir())"],
                cwd=work).stdout.split()
    venv = bin_dir.parent.resolve()
    strays = [path for path in found if not Path(path).resolve().is_relative_to(venv)]
    if strays:
        raise SmokeFailure(f"imported from outside the venv: {strays}")


def check_panel(bin_dir: Path, work: Path) -> str:
    """Offscreen, Japanese (the default), first frame painted, the installed catalogue."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(work / "home"),
           "HEMS_DATA_DIR": str(work / "panel-data")}
    env.pop("HEMS_PSEUDO_LOCALE", None)
    (work / "home").mkdir(exist_ok=True)
    result = run([str(bin_dir / "hems-panel"), "--quit-after", str(PANEL_SECONDS),
                  "--report-first-paint"], cwd=work, env=env, timeout=120)
    qm = bin_dir.parent.resolve()
    lines = result.stderr.splitlines()
    loaded = [line for line in lines if "translation ja loaded from" in line]
    problems = []
    if "first-paint" not in result.stdout.split():
        problems.append("no first-paint line")
    if not loaded or str(qm) not in loaded[0]:
        problems.append(f"the Japanese catalogue did not load from the venv: {loaded}")
    problems += [line for line in lines if "not found" in line or "could not be loaded" in line
                 if "CJK font" not in line]  # the font is Debian's, not the wheel's
    if problems:
        raise SmokeFailure("panel: " + "; ".join(problems) + "\n" + result.stderr[-3000:])
    return loaded[0].split("translation ", 1)[1]


def check_plan_catalog(bin_dir: Path, work: Path) -> int:
    result = run([str(bin_dir / "hems-panel"), "plan", "check", "--data-dir", str(work)],
                 cwd=work)
    report = json.loads(result.stdout)
    if not report["plans"] or not Path(report["catalog"]).resolve().is_relative_to(
            bin_dir.parent.resolve()):
        raise SmokeFailure(f"plan check: no catalog in the venv: {report['catalog']}")
    return len(report["plans"])


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def check_center_is_qt_free(bin_dir: Path, work: Path) -> None:
    """The server's own wheel: no Qt installed, and the synthetic weather's model imports."""
    probe = ("import importlib.util as u, sys;"
             "from app.sources.simulator.forecast import simulated_forecast;"
             "qt = [m for m in ('PySide6', 'shiboken6', 'pyqtgraph') if u.find_spec(m)];"
             "print('Qt installed:', qt) if qt else None; sys.exit(1 if qt else 0)")
    run([str(bin_dir / "python"), "-c", probe], cwd=work)


def check_center_manuals(bin_dir: Path, work: Path) -> int:
    """The device manuals the server serves (GET /v1/manuals) are in its venv, and every
    one of them is listed."""
    probe = ("import sys; from app.resource_files import resource_path;"
             "from server.manuals import ManualShelf;"
             "folder = resource_path('manuals'); n = len(ManualShelf(folder).listing()['manuals']);"
             "print(folder, n); sys.exit(0 if n == len(list(folder.glob('*.json'))) > 0 else 1)")
    folder, count = run([str(bin_dir / "python"), "-c", probe], cwd=work).stdout.split()
    if not Path(folder).resolve().is_relative_to(bin_dir.parent.resolve()):
        raise SmokeFailure(f"hems-center: manuals outside the venv: {folder}")
    return int(count)


def check_center(bin_dir: Path, work: Path) -> str:
    """hems-center on 127.0.0.1 and a free port serves the terms and the municipalities."""
    port_file = work / "center.port"
    log = (work / "center.log").open("w")
    server = subprocess.Popen([str(bin_dir / "hems-center"), "--host", "127.0.0.1",
                               "--port", "0", "--port-file", str(port_file),
                               "--data", str(work / "center-data")],
                              cwd=work, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not port_file.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise SmokeFailure("hems-center did not start:\n"
                                   + (work / "center.log").read_text()[-3000:])
            time.sleep(0.1)
        base = f"http://127.0.0.1:{int(port_file.read_text())}/v1"
        version = _get(f"{base}/documents")["terms"]["version"]
        terms = _get(f"{base}/documents/terms/{version}?lang=ja")
        towns = _get(f"{base}/municipalities?prefecture=13")["municipalities"]
        if not terms["body"].strip() or not towns:
            raise SmokeFailure(f"hems-center: empty terms or no municipalities ({terms})")
        return f"terms {version} 「{terms['title']}」, {len(towns)} municipalities in Tokyo"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--wheel-dir", type=Path, help="also copy the wheel here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hems-wheel-smoke-"))
    started = time.monotonic()
    try:
        source = source_copy(work / "src")
        wheel = build_wheel(source, work / "dist", "hems_panel")
        print(f"wheel-smoke: built {wheel.name} ({wheel.stat().st_size // 1024} KiB)", flush=True)
        bin_dir = install(wheel, work / "venv")
        check_imports_from_venv(bin_dir, work)
        loaded = check_panel(bin_dir, work)
        print(f"wheel-smoke: panel painted its first frame, translation {loaded}", flush=True)
        print(f"wheel-smoke: plan check found {check_plan_catalog(bin_dir, work)} catalog plans",
              flush=True)
        print(f"wheel-smoke: hems-center served {check_center(bin_dir, work)}", flush=True)
        center = build_wheel(source / "packaging" / "center", work / "dist", "hems_center")
        center_bin = install(center, work / "center-venv")
        (work / "center").mkdir()
        check_center_is_qt_free(center_bin, work / "center")
        print(f"wheel-smoke: hems-center ships {check_center_manuals(center_bin, work / 'center')}"
              " device manuals", flush=True)
        print(f"wheel-smoke: {center.name}, without Qt, served "
              f"{check_center(center_bin, work / 'center')}", flush=True)
        if args.wheel_dir:
            args.wheel_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy2(wheel, args.wheel_dir)
            shutil.copy2(center, args.wheel_dir)
    except (SmokeFailure, subprocess.TimeoutExpired) as exc:
        print(f"wheel-smoke: FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"wheel-smoke: kept {work}")
    print(f"wheel-smoke: OK in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
