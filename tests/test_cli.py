"""The command line: usage errors exit 2 without a traceback; simulate and export work."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.cli import COMMANDS, build_parser, parse_args, run_parser
from app.cli.data_commands import cmd_export
from app.main import main
from app.store import Interval, open_store

TZ = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize("argv", [
    ["--bogus"],
    ["simulate"],
    ["simulate", "--days", "0"],
    ["simulate", "--days", "abc"],
    ["export", "--from", "2026-13-01", "--to", "2026-12-01", "--interval", "day"],
    ["export", "--from", "2026-11-02", "--to", "2026-11-01", "--interval", "day"],
    ["export", "--from", "2026-11-01", "--to", "2026-11-02", "--interval", "week"],
    ["run", "--speed", "-3"],
    ["frobnicate"],
])
def test_bad_arguments_exit_2_with_usage(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def _commands(parser) -> list[str]:
    return list(parser._subparsers._group_actions[0].choices)


def test_the_start_parses_run_as_the_full_parser_does(capsys) -> None:
    """`run` is parsed without building the other commands' arguments: the same commands
    (usage errors list them), the same `run` help and arguments."""
    full, fast = build_parser(), run_parser()
    assert _commands(full) == _commands(fast) == list(COMMANDS)
    run_full, run_fast = (_p._subparsers._group_actions[0].choices["run"] for _p in (full, fast))
    assert run_full.format_help() == run_fast.format_help()
    argv = ["run", "--kiosk", "--seed", "7", "--source", "echonet", "--nodes", "10.0.0.5"]
    assert full.parse_args(argv) == fast.parse_args(argv)
    assert full.format_usage() == fast.format_usage()


def test_bad_arguments_print_no_traceback_in_a_real_process() -> None:
    result = subprocess.run([sys.executable, "-m", "app", "export", "--from", "yesterday"],
                            capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


def test_default_command_is_run() -> None:
    args = parse_args(["--kiosk", "--data-dir", "/tmp/x"])
    assert args.command == "run" and args.kiosk


def test_unwritable_data_dir_is_a_clear_message(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    code = main(["simulate", "--days", "1", "--data-dir", str(blocker / "data")])
    err = capsys.readouterr().err
    assert code == 1
    assert str(blocker) in err and "Traceback" not in err
    assert blocker.read_text() == "not a directory"


def test_simulate_is_resumable_and_export_matches_the_store(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    assert main(["simulate", "--days", "2", "--data-dir", str(data)]) == 0
    first = capsys.readouterr().err
    assert "wrote" in first and "samples" in first
    # A second run continues from what is stored: only the last minutes are new.
    assert main(["simulate", "--days", "2", "--data-dir", str(data)]) == 0
    second = capsys.readouterr().err
    written = int(second.split("wrote ")[1].split(" samples")[0].replace(",", ""))
    assert written < 60 * 200

    today = datetime.now(TZ).date()
    start = today - timedelta(days=1)
    args = parse_args(["export", "--from", start.isoformat(), "--to", today.isoformat(),
                       "--interval", "30min", "--data-dir", str(data)])
    out = io.StringIO()
    assert cmd_export(args, out) == 0
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    header, body = rows[0], rows[1:]
    assert header[0] == "start" and "consumption_wh" in header and "gas_l" in header
    assert len(body) == 96  # two local days of 30-minute slots
    assert body[0][0] == datetime.combine(start, datetime.min.time(), TZ).isoformat()

    store = open_store(data)
    try:
        day0 = datetime.combine(start, datetime.min.time(), TZ)
        frame = store.rollup(["consumption"], Interval.DAY, day0, day0 + timedelta(days=1))
    finally:
        store.close()
    column = header.index("consumption_wh")
    slots = [float(row[column]) for row in body[:48] if row[column]]
    assert len(slots) == 48
    assert sum(slots) == pytest.approx(frame.values["consumption"][0], abs=48 * 0.05 + 1e-6)
    assert not np.isnan(frame.values["consumption"][0])


def test_export_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert main(["simulate", "--days", "1", "--data-dir", str(data)]) == 0
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    today = datetime.now(TZ).date().isoformat()
    export = subprocess.Popen([sys.executable, "-m", "app", "export", "--from", "2000-01-01",
                               "--to", today, "--interval", "day", "--data-dir", str(data)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert export.stdout is not None and export.stderr is not None
    export.stdout.readline()
    export.stdout.close()  # like `| head -1`
    err = export.stderr.read().decode()
    export.wait(60)
    assert "Traceback" not in err


ROOT = Path(__file__).resolve().parents[1]
EXPORT = ["export", "--from", "2026-11-01", "--to", "2026-11-30", "--interval", "day"]


def _panel(argv: list[str], **kw) -> subprocess.CompletedProcess:
    """`hems-panel` from this worktree, in a real process."""
    return subprocess.run([sys.executable, "-m", "app", *argv], cwd=ROOT, text=True,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen",
                                   PYTHONPATH=str(ROOT)), timeout=120, **kw)


@pytest.fixture(scope="module")
def small_home(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("home") / "data"
    store = open_store(data)
    try:
        from tests.store.conftest import SPECS
        store.define_series(SPECS)
        start = int(datetime(2026, 11, 2, tzinfo=TZ).timestamp() // 60)
        store.append(start, {s.key: np.full(120, 100.0) for s in SPECS})
        store.flush()
    finally:
        store.close()
    return data


def test_export_from_a_data_dir_that_does_not_exist_creates_nothing(tmp_path: Path,
                                                                     capsys) -> None:
    typo = tmp_path / "dtaa"
    assert main([*EXPORT, "--data-dir", str(typo)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "There is no panel data in" in captured.err
    assert not typo.exists()
    (typo).mkdir()  # a folder without a database: still nothing to export, nothing made
    assert main([*EXPORT, "--data-dir", str(typo)]) == 1
    assert not list(typo.iterdir())


class _FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def test_export_to_a_full_disk_is_one_line_and_exit_1(small_home: Path) -> None:
    args = parse_args([*EXPORT, "--data-dir", str(small_home)])
    err = io.StringIO()
    assert cmd_export(args, _FullDisk(), err) == 1
    assert err.getvalue() == "hems-panel: cannot write the CSV: No space left on device\n"


def test_export_to_dev_full_in_a_real_process(small_home: Path) -> None:
    with open("/dev/full", "w") as full:
        result = _panel([*EXPORT, "--data-dir", str(small_home)], stdout=full,
                        stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr == "hems-panel: cannot write the CSV: No space left on device\n"


def test_a_damaged_index_page_is_found_when_the_database_opens(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_store(data)
    store.close()
    db = data / "hems.sqlite3"
    with closing(sqlite3.connect(db)) as conn:
        page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = "
                            "'sqlite_autoindex_setting_1'").fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    raw = bytearray(db.read_bytes())
    raw[(page - 1) * size] = 0  # not a b-tree page type any more
    db.write_bytes(bytes(raw))
    for argv in ([*EXPORT, "--data-dir", str(data)],
                 ["simulate", "--days", "1", "--data-dir", str(data)]):
        result = _panel(argv, capture_output=True)
        assert result.returncode == 1, argv
        assert "quick check found damage" in result.stderr and "Move it aside" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def _read_only_mount(source: Path, argv: list[str]) -> subprocess.CompletedProcess:
    """Run the panel with `source` bind-mounted read-only at source + '-ro'."""
    ro = source.with_name(source.name + "-ro")
    ro.mkdir()
    if os.geteuid() != 0:  # an ordinary user: a folder without write permission will do
        shutil.copytree(source, ro, dirs_exist_ok=True)
        ro.chmod(0o500)
        try:
            return _panel([arg.replace(str(source), str(ro)) for arg in argv],
                          capture_output=True)
        finally:
            ro.chmod(0o700)
    if shutil.which("unshare") is None:
        pytest.skip("root without unshare: no way to make a read-only folder")
    script = ('mount --bind "$1" "$2" && mount -o remount,bind,ro "$2" || exit 77; shift 2; '
              'exec "$@"')
    argv = [arg.replace(str(source), str(ro)) for arg in argv]
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", str(source), str(ro), sys.executable,
         "-m", "app", *argv], cwd=ROOT, text=True, capture_output=True, timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)))
    if result.returncode == 77 or "unshare:" in result.stderr:
        pytest.skip(f"cannot mount read-only here: {result.stderr.strip()}")
    return result


def test_export_and_plan_check_read_a_read_only_data_dir(tmp_path: Path,
                                                        small_home: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(small_home, data)
    result = _read_only_mount(data, [*EXPORT, "--data-dir", str(data)])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("start,") and "2026-11-02T00:00:00+09:00" in result.stdout
    plan = ROOT / "tests" / "ui" / "test_plan.json"
    data2 = tmp_path / "data2"
    shutil.copytree(small_home, data2)
    result = _read_only_mount(data2, ["plan", "check", str(plan), "--data-dir", str(data2)])
    assert result.returncode == 0, result.stderr
    assert '"valid": true' in result.stdout
