"""The collector writes exactly what a backfill of the same minutes writes."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from app.domain import series as s
from app.sources.clock import AcceleratedClock
from app.sources.collector import Collector, CollectorThread, ModelSource, backfill
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import open_store
from tests.fake_clock import FakeClock

TZ = "Asia/Tokyo"
T0 = 1_780_000_000.0  # a fixed moment (2026-05-28 UTC)



@pytest.fixture
def home() -> SimulatedHome:
    return SimulatedHome(HomeConfig(seed=5))


def test_live_ticks_append_the_same_minutes_as_backfill(tmp_path: Path, home) -> None:
    live = open_store(tmp_path / "live", TZ)
    bulk = open_store(tmp_path / "bulk", TZ)
    try:
        for st in (live, bulk):
            st.define_series(home.series)
        clock = FakeClock(T0)
        collector = Collector(live, ModelSource(home), clock, flush_interval_s=0.0,
                              history=home)
        collector.catch_up(max_days=0.5)
        for _ in range(40):  # 40 ticks of 3 s: two minutes of live running
            clock.t += 3.0
            collector.tick()
        collector.flush()
        start = int(T0 // 60) - 720
        end = live.last_minute() + 1
        assert end == int(clock.t // 60)  # every completed minute is stored
        backfill(bulk, home, start, end)
        keys = [spec.key for spec in home.series]
        a, b = live.raw(keys, start, end), bulk.raw(keys, start, end)
        for key in keys:
            np.testing.assert_allclose(a.values[key], b.values[key], atol=0.051)
        at, value = live.live([s.CONSUMPTION])[s.CONSUMPTION]
        assert at == clock.t and value == pytest.approx(home.instant(clock.t)[s.CONSUMPTION])
    finally:
        live.close()
        bulk.close()


def test_backfill_reports_progress_per_day(tmp_path: Path, home) -> None:
    store = open_store(tmp_path / "d", TZ)
    try:
        store.define_series(home.series)
        seen: list[tuple[int, int]] = []
        start = int(T0 // 60)
        written = backfill(store, home, start, start + 3000, lambda d, t: seen.append((d, t)))
        assert seen == [(1440, 3000), (2880, 3000), (3000, 3000)]
        assert written == 3000 * len(home.series)
        assert store.last_minute() == start + 2999
    finally:
        store.close()


def test_collector_thread_catches_up_and_stops(tmp_path: Path, home) -> None:
    data = tmp_path / "t"
    setup = open_store(data, TZ)
    setup.define_series(home.series)
    setup.flush()
    setup.close()
    thread = CollectorThread(lambda: open_store(data, TZ), lambda _store: (ModelSource(home), home),
                             AcceleratedClock(T0, 600.0),
                             live_interval_s=3.0, flush_interval_s=0.05, catch_up_days=0.25)
    thread.start()
    assert thread.caught_up.wait(60)
    check = open_store(data, TZ)
    try:
        # Two simulated minutes past T0 (0.2 s at 600x on an idle machine): waited for,
        # not slept for, so a loaded machine only takes longer.
        deadline = time.monotonic() + 60
        while (check.last_minute() or 0) < int(T0 // 60) + 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # polling a condition, bounded by the deadline
        thread.stop()
        last = check.last_minute()
        assert last is not None and last >= int(T0 // 60) + 2
        assert s.PV in check.live()
    finally:
        thread.stop()
        check.close()


def test_collector_prunes_raw_data_past_the_retention_daily(tmp_path: Path, home) -> None:
    store = open_store(tmp_path / "r", TZ)
    try:
        store.define_series(home.series)
        store.set_setting("raw_retention_days", "1")
        clock = FakeClock(T0)
        collector = Collector(store, ModelSource(home), clock, flush_interval_s=0.0,
                              history=home)
        collector.catch_up(max_days=2)
        start = int(T0 // 60) - 2 * 1440
        before = store.raw([s.PV], start, start + 60).counts[s.PV].sum()
        assert before == 60
        clock.t += 3.0
        collector.tick()  # the first tick of a day prunes
        after = store.raw([s.PV], start, start + 60).counts[s.PV].sum()
        assert after == 0
        recent = int(clock.t // 60) - 120
        assert store.raw([s.PV], recent, recent + 60).counts[s.PV].sum() == 60
    finally:
        store.close()


def test_live_values_are_committed_every_live_interval(tmp_path: Path, home) -> None:
    # The panel calls a live value older than two intervals stale; it only sees committed ones.
    store = open_store(tmp_path / "f", TZ)
    try:
        collector = Collector(store, ModelSource(home), FakeClock(T0), live_interval_s=3.0)
        assert collector.flush_interval_s == 3.0
    finally:
        store.close()


def test_a_forward_clock_jump_is_not_filled_in_one_tick(tmp_path: Path, home) -> None:
    store = open_store(tmp_path / "j", TZ)
    try:
        store.define_series(home.series)
        clock = FakeClock(T0)
        collector = Collector(store, ModelSource(home), clock, flush_interval_s=0.0,
                              history=home)
        collector.catch_up(max_days=0.1)
        clock.t += 400 * 86400.0  # NTP corrects a panel that booted a year behind
        collector.tick()
        now_minute = int(clock.t // 60)
        assert store.last_minute() == now_minute - 1
        jumped = store.raw([s.PV], int(T0 // 60) + 10, int(T0 // 60) + 1440)
        assert jumped.counts[s.PV].sum() == 0  # the skipped time stays a gap
    finally:
        store.close()


class _ReadingsSource:
    """A device-like source: readings only, no minute data; optionally silent."""

    def __init__(self) -> None:
        self.value = 100.0
        self.silent = False

    def read(self, now: float) -> dict[str, float]:
        return {} if self.silent else {s.PV: self.value}

    def exact_minutes(self, start_minute: int, count: int) -> None:
        return None

    def devices(self):
        from app.domain.devices import DeviceSeen

        return [DeviceSeen("127.0.0.4", 0x027901, T0, 0)]

    def states(self):
        return {"battery_mode": (T0, "auto"), "unrelated": (T0, "x")}

    def close(self) -> None:
        pass


def test_device_readings_become_minute_means_and_silence_a_gap(tmp_path: Path) -> None:
    store = open_store(tmp_path / "m", TZ)
    try:
        store.define_series(s.HOME_SERIES)
        source = _ReadingsSource()
        clock = FakeClock(60.0 * (int(T0 // 60) + 1))  # the start of a minute
        collector = Collector(store, source, clock, flush_interval_s=0.0)
        first = int(clock.t // 60)
        for value in (100.0, 200.0, 300.0, 400.0):  # four reads in the first minute
            source.value = value
            collector.tick()
            clock.t += 15.0
        source.silent = True  # the next minute: the device says nothing
        for _ in range(4):
            collector.tick()
            clock.t += 15.0
        source.silent = False
        collector.tick()  # third minute: completes the first two
        clock.t += 60.0
        collector.tick()
        collector.flush()
        frame = store.raw([s.PV], first, first + 3)
        assert frame.counts[s.PV].tolist() == [1, 0, 1]
        assert frame.values[s.PV][0] == pytest.approx(250.0)  # the mean of the reads
        from app.domain.devices import devices_from_json

        seen = devices_from_json(store.get_setting("echonet_devices"))
        assert [d.eoj for d in seen] == [0x027901]
        from app.services.home_query import build_home_snapshot

        fresh = build_home_snapshot(store, T0 + 30, 3.0, TZ).states
        assert fresh.battery_mode == "auto" and fresh.ev_mode is None
        assert build_home_snapshot(store, T0 + 600, 3.0, TZ).states.battery_mode is None
    finally:
        store.close()


def test_an_accelerated_demo_holds_each_read_over_the_minutes_until_the_next(
        tmp_path: Path) -> None:
    """Polled every five simulated minutes (--speed): whole half hours, not four gaps in
    five; a device that says nothing is still a gap."""
    store = open_store(tmp_path / "h", TZ)
    try:
        store.define_series(s.HOME_SERIES)
        source = _ReadingsSource()
        clock = FakeClock(60.0 * (int(T0 // 60) + 1))
        collector = Collector(store, source, clock, flush_interval_s=0.0, hold_minutes=True)
        first = int(clock.t // 60)
        for value in (100.0, 200.0, 300.0):
            source.value = value
            collector.tick()
            clock.t += 300.0
        source.silent = True
        collector.tick()  # completes 300 W's five minutes; this one says nothing
        clock.t += 300.0
        collector.tick()
        collector.flush()
        frame = store.raw([s.PV], first, first + 20)
        assert frame.values[s.PV][:15].tolist() == [100.0] * 5 + [200.0] * 5 + [300.0] * 5
        assert frame.counts[s.PV][15:20].tolist() == [0] * 5
    finally:
        store.close()


def test_backfill_keeps_each_hours_outdoor_temperature(tmp_path: Path, home) -> None:
    """The hours the model ran get the temperature the panel would have kept from the
    synthetic forecast (its value once the hour had begun: the model's own weather)."""
    from datetime import UTC, datetime

    from app.sources.simulator.forecast import observed_weather, simulated_forecast
    from app.store import forecasts as forecast_store

    store = open_store(tmp_path / "d", TZ)
    try:
        store.define_series(home.series)
        start = int(T0 // 60) - 1440 + 7  # not on an hour: its first whole hour is next
        backfill(store, home, start, int(T0 // 60))
        first, end = -(-start // 60), -(-int(T0 // 60) // 60)  # hours begun
        with store.read_sql() as conn:
            kept = forecast_store.kept_temperatures(conn, 0, end + 10)
        assert sorted(kept) == list(range(first, end))
        cfg = home.config
        truth = observed_weather(cfg.seed, cfg.latitude, cfg.longitude,
                                 datetime.fromtimestamp(first * 3600, UTC), end - first)
        assert [kept[h] for h in range(first, end)] == [round(t.temp_c, 1) for t in truth]
        issued = datetime.fromtimestamp(first * 3600 + 5 * 3600, UTC)
        said, _ = simulated_forecast(cfg.seed, cfg.latitude, cfg.longitude, issued, hours=1)
        assert kept[first + 5] == said[0].temp_c  # what the forecast said at that hour
    finally:
        store.close()
