"""The command line: usage errors exit 2 without a traceback; simulate and export work."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.cli import parse_args
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
