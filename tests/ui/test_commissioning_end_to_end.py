"""A real home from an empty data directory: the simulated house in a process of its own,
found over ECHONET Lite, commissioned on the page by touch, recorded, and kept."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import parse_args
from app.domain.circuits import CircuitKind
from app.domain.commissioning import GridMeter
from app.main import source_factory
from app.sources.clock import SystemClock
from app.sources.collector import CollectorThread
from app.store import open_store
from app.store.home_setup import home_facts
from tests.ui.password_helpers import enter_password
from tests.ui.test_commissioning_page import _pick, _tap

TZ = "Asia/Tokyo"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def house() -> Iterator[tuple[str, int]]:
    """The simulated home's nodes, served by another process on loopback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "app.sources.serve_simulated_home", "--seed", "5",
         "--first-host", "127.0.0.40", "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()  # READY <addresses> <port>, or "" if it died
        assert line.startswith("READY"), f"the simulated home did not start: {line!r}"
        _, addresses, port = line.split()
        yield addresses, int(port)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _collector(data: Path, addresses: str, port: int) -> CollectorThread:
    args = parse_args(["--source", "echonet", "--nodes", addresses, "--no-multicast",
                       "--interface", "127.0.0.1", "--port", str(port), "--data-dir", str(data)])
    clock = SystemClock()
    collector = CollectorThread(lambda: open_store(data, TZ), source_factory(args, 1, clock),
                                clock, live_interval_s=1.0)
    collector.start()
    return collector


def _live_at(data: Path, key: str) -> tuple[float, float] | None:
    """(unix s, value) of a series' latest recorded live reading, if any."""
    store = open_store(data, TZ)
    try:
        return store.live([key]).get(key)
    finally:
        store.close()


def _live(data: Path, key: str) -> float | None:
    reading = _live_at(data, key)
    return None if reading is None else reading[1]


@pytest.mark.slow
def test_an_empty_home_is_found_commissioned_by_touch_and_recorded(
        qtbot, house, open_kiosk, make_services, switcher_for, tmp_path):
    addresses, port = house
    data = tmp_path / "home"
    collector = _collector(data, addresses, port)
    try:
        services = make_services(boards=collector.boards, data_dir=data, refresh_ms=1000)
        switcher_for(services)
        kiosk = open_kiosk(services)
        with qtbot.waitSignal(services.commissioning.setup_needed, timeout=10_000):
            services.commissioning.check_needed()  # as the panel does at its first start
        kiosk.view.go("commissioning")
        page = kiosk.view.page("commissioning")
        qtbot.waitUntil(lambda: page.snapshot is not None and page.snapshot.board is not None
                        and len(page.rows) == page.snapshot.board.channel_count, timeout=20_000)
        board = page.snapshot.board
        assert board.channel_count == 37 and not board.missing  # read in ranges of ≤ 60
        # The devices list (written every few seconds) names the smart meter in time.
        qtbot.waitUntil(lambda: 0x0288 in page.snapshot.device_classes, timeout=20_000)
        qtbot.waitUntil(lambda: all(row.isVisible() for row in page.rows.values()))
        _pick(qtbot, page, page.rows[1].name_button, "エコキュート")
        _pick(qtbot, page, page.rows[2].name_button, "キッチン")
        _pick(qtbot, page, page.rows[3].name_button, "リビング")
        _pick(qtbot, page, page.feed_in_button, False)
        with qtbot.waitSignal(services.commissioning.saved, timeout=10_000) as saved:
            _tap(qtbot, page.save_button)
            enter_password(qtbot, page)
        assert saved.args == [True]

        # The collector follows the new setup: each assigned channel is recorded as its
        # circuit, with what the board publishes on that channel.
        def recorded_as_published() -> bool:
            boards = collector.boards()
            live = _live(data, "circuit.br1")
            return bool(boards) and live is not None and live == boards[0].channels.get(2)

        qtbot.waitUntil(recorded_as_published, timeout=30_000)
        assert _live(data, "circuit.sp1") is not None  # channel 1, the EcoCute's
        assert _live(data, "circuit.br4") is None  # channel 4 was never assigned
    finally:
        collector.stop()

    # Restarted: the setup is kept and recording resumes without asking again.
    store = open_store(data, TZ)
    try:
        circuits = {c.key: c for c in store.circuits()}
        facts = home_facts(store)
    finally:
        store.close()
    assert facts.grid_meter is GridMeter.SMART_METER  # proposed: the house has one
    before = _live_at(data, "circuit.br2")
    assert {k: c.channel for k, c in circuits.items()} == {
        "main1": None, "main2": None, "sp1": 1, "br1": 2, "br2": 3}
    assert circuits["sp1"].kind is CircuitKind.SPECIAL
    collector = _collector(data, addresses, port)
    try:
        qtbot.waitUntil(lambda: (_live_at(data, "circuit.br2") or (0, 0))[0] > before[0],
                        timeout=30_000)
    finally:
        collector.stop()
