"""Start-up cost: importing and using the store for the first frame loads no SQLAlchemy,
SQLModel or Alembic (together ~1.2 s on the panel, against a budget of ~540 ms), and
the settings-only path the panel takes before its first frame loads no numpy (~140 ms)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np

from app.domain.circuits import CircuitKind, CircuitSpec
from app.store import open_store

from .conftest import SPECS

_HEAVY = ("sqlalchemy", "sqlmodel", "alembic")
_PRINT_HEAVY = f"print(sorted(m for m in sys.modules if m.split('.')[0] in {_HEAVY!r}))\n"
_PRINT_NUMPY = "print(sorted(m for m in sys.modules if m.split('.')[0] == 'numpy'))\n"

_START_UP = """
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

import app.store

s = app.store.open_store(sys.argv[1])
s.get_setting("x")
s.set_setting("x", "1")
assert s.series()
s.live()
s.last_minute()
start = datetime(2025, 3, 1, tzinfo=ZoneInfo("Asia/Tokyo"))
s.rollup(["p"], "day", start, start + timedelta(days=2))
s.raw(["p"], 29_000_000, 29_000_120)
s.define_series([s.series()[0]])
s.append(29_000_200, {"p": np.ones(5)})
s.set_live({"p": 1.0}, 1.7e9)
s.flush()
s.close()
""" + _PRINT_HEAVY


# Everything the panel's main thread does with the store before its first frame;
# time series are read and written later, on worker threads.
_SETTINGS_ONLY = """
import sys

from app.store import DeviceInfo, Interval, SeriesFrame, Store, StoreError, open_store

s = open_store(sys.argv[1], "Asia/Tokyo")
assert isinstance(s, Store)
s.get_setting("x")
s.set_setting("x", "1")
s.close()
""" + _PRINT_NUMPY


def _modules_after(script: str, *args: str) -> str:
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=root, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_start_up_path_imports_no_orm_or_alembic(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.define_series(SPECS)
        store.append(29_000_000, {"p": np.arange(90.0)})
        store.set_live({"p": 5.0}, 1.7e9)
    assert _modules_after(_START_UP, str(tmp_path)) == "[]"
    with open_store(tmp_path) as store:
        assert store.get_setting("x") == "1"
        assert store.live()["p"] == (1.7e9, 1.0)


def test_settings_only_start_up_imports_no_numpy(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:  # an existing database at head, with time series
        store.define_series(SPECS)
        store.append(29_000_000, {"p": np.arange(90.0)})
        store.set_live({"p": 5.0}, 1.7e9)
    assert _modules_after(_SETTINGS_ONLY, str(tmp_path)) == "[]"
    with open_store(tmp_path) as store:
        assert store.get_setting("x") == "1"
        assert store.raw(["p"], 29_000_000, 29_000_090).counts["p"].sum() == 90


def test_first_open_migrates_and_circuits_still_work(tmp_path: Path) -> None:
    script = f"""
import sqlite3, sys
import app.store
from app.domain.circuits import CircuitKind, CircuitSpec
from app.store.schema_version import HEAD_REVISION
with app.store.open_store(sys.argv[1]) as s:
    s.save_circuits([CircuitSpec(CircuitKind.MAIN, 1, "main")])
    assert s.circuits() == [CircuitSpec(CircuitKind.MAIN, 1, "main")]
    s.save_device(0x0279, 1, "pv", "roof")
    assert [d.name for d in s.devices()] == ["pv"]
rev = sqlite3.connect(sys.argv[1] + "/hems.sqlite3").execute(
    "SELECT version_num FROM alembic_version").fetchall()
assert rev == [(HEAD_REVISION,)], rev
print(sorted({{m.split(".")[0] for m in sys.modules}} & set({_HEAVY!r})))
"""
    assert _modules_after(script, str(tmp_path / "fresh")) == (
        "['alembic', 'sqlalchemy', 'sqlmodel']")
    with open_store(tmp_path / "fresh") as store:  # reopened at head: ORM made lazily
        assert store.circuits() == [CircuitSpec(CircuitKind.MAIN, 1, "main")]


def test_unknown_revision_is_refused_without_alembic(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    db = tmp_path / "hems.sqlite3"
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00d'")
    conn.close()
    before = db.read_bytes()
    script = """
import sys
import app.store
try:
    app.store.open_store(sys.argv[1])
except app.store.SchemaTooNew:
    pass
else:
    sys.exit("a revision from the future was not refused")
""" + _PRINT_HEAVY
    assert _modules_after(script, str(tmp_path)) == "[]"
    assert db.read_bytes() == before
