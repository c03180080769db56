"""A reader thread works while the writer flushes; SIGKILL loses only the unflushed buffer."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from app.store import Interval, open_store

from .conftest import SPECS, TZ, minute_of

T0 = minute_of(datetime(2026, 3, 1, tzinfo=TZ))
REPO = Path(__file__).resolve().parents[2]


def _values(start: int, n: int) -> np.ndarray:
    """Deterministic samples: a reader can check any minute it sees."""
    return ((np.arange(start, start + n) * 37) % 5000) / 10


def test_reader_thread_while_writer_appends_and_flushes(tmp_path: Path) -> None:
    writer = open_store(tmp_path)
    writer.define_series(SPECS)
    done, ready = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    seen: list[int] = []

    def read() -> None:
        try:
            with open_store(tmp_path) as reader:  # its own Store, its own connection
                ready.set()
                while not done.is_set():
                    last = reader.last_minute()
                    if last is None:
                        continue
                    assert not seen or last >= seen[-1]
                    seen.append(last)
                    frame = reader.raw(["p"], T0, last + 1)
                    assert np.array_equal(frame.values["p"], _values(T0, last + 1 - T0))
                    reader.rollup(["p"], Interval.DAY, datetime(2026, 3, 1, tzinfo=TZ),
                                  datetime(2026, 4, 1, tzinfo=TZ))
        except BaseException as exc:
            errors.append(exc)
            ready.set()

    thread = threading.Thread(target=read)
    thread.start()
    assert ready.wait(30)
    try:
        for i in range(200):
            start = T0 + i * 60
            writer.append(start, {"p": _values(start, 60)})
            writer.set_live({"p": float(i)}, at=float(i))
            writer.flush()
            time.sleep(0.002)  # let the reader have the GIL now and then
    finally:
        done.set()
        thread.join(30)
    writer.close()
    assert not errors, errors
    assert len(set(seen)) > 5  # the reader saw the data grow while it was written


_CHILD = textwrap.dedent("""
    import sys
    import numpy as np
    from app.store import open_store
    from tests.store.conftest import SPECS
    store = open_store(sys.argv[1])
    store.define_series(SPECS)
    start = int(sys.argv[2])
    for i in range(100000):
        m = start + i * 1440
        store.append(m, {"p": np.full(1440, 100.0 + i), "v": np.ones(1440)})
        if i % 2:
            store.flush()  # every other chunk stays in the buffer
            print(i, flush=True)
""")


def _run_and_kill(data_dir: Path, flushes: int, delay: float) -> int:
    """Start a writer, SIGKILL it `delay` s after its n-th flush; returns that flush's chunk."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(data_dir), str(T0)], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for _ in range(flushes):
        line = proc.stdout.readline()
    time.sleep(delay)  # somewhere in the next append or flush
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    return int(line)


def _check_consistent(data_dir: Path, committed: int) -> int:
    with sqlite3.connect(data_dir / "hems.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    with open_store(data_dir) as store:
        last = store.last_minute()
        assert last is not None and last >= T0 + (committed + 1) * 1440 - 1
        assert (last + 1 - T0) % 1440 == 0  # whole flushes only
        days = (last + 1 - T0) // 1440
        start = datetime(2026, 3, 1, tzinfo=TZ)
        rolled = store.rollup(["p"], Interval.DAY, start, start + timedelta(days=days + 5))
        raw = store.raw(["p"], T0, T0 + days * 1440).values["p"].reshape(days, 1440)
        assert np.array_equal(rolled.counts["p"][:days], np.full(days, 1440))
        assert np.allclose(rolled.values["p"][:days], raw.sum(axis=1) / 60)
        assert (rolled.counts["p"][days:] == 0).all()
    return last


def test_sigkill_loses_only_the_unflushed_buffer(tmp_path: Path) -> None:
    rng = random.Random(11)
    for round_ in range(3):
        committed = _run_and_kill(tmp_path, 8 + 4 * round_, rng.uniform(0, 0.03))
        last = _check_consistent(tmp_path, committed)
    with open_store(tmp_path) as store:  # the store carries on from there
        store.append(last + 1, {"p": np.full(1440, 1.0)})
        store.flush()
        assert store.last_minute() == last + 1440
