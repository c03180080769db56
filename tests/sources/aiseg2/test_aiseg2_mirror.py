"""The mirror against the fake AiSEG2, stepped on a pinned clock: what it reads, how often
it asks, how it backs off, and the daily totals it backfills."""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from app.domain import series as s
from app.domain.aiseg2_status import MirrorState
from app.domain.imported_history import ImportedTotal, Resolution
from app.domain.series import circuit_series
from app.sources.aiseg2.client import Aiseg2Client
from app.sources.aiseg2.fake import FakeAiseg2
from app.sources.aiseg2.mirror import Aiseg2Mirror, MirrorSettings
from tests.sources.aiseg2.conftest import T0

TODAY = datetime.fromtimestamp(T0, ZoneInfo("Asia/Tokyo")).date()
SETTINGS = MirrorSettings(interval_s=10.0, gap_s=0.5, slow_s=3.0, backoff_cap_s=120.0)


def keys_of(fake: FakeAiseg2) -> dict[int, str]:
    """The AiSEG2 number -> commissioned key mapping (the matcher's output in the panel)."""
    return {number: key.removeprefix("circuit.") for number, (_, key) in fake.circuits.items()}


def mirror_of(fake: FakeAiseg2, mono, password: str = "secret", on_totals=None,
              settings: MirrorSettings = SETTINGS, known_days=()) -> Aiseg2Mirror:
    client = Aiseg2Client(fake.host, "aiseg", password, monotonic=mono)
    return Aiseg2Mirror(client, keys_of(fake), settings, on_totals=on_totals,
                        known_days=known_days, today=lambda: TODAY, monotonic=mono,
                        wall=lambda: T0 + mono.t)


def run_for(mirror: Aiseg2Mirror, mono, seconds: float) -> list[float | None]:
    """Step the mirror for ``seconds`` of the pinned clock; the delays it asked for."""
    end, delays = mono.t + seconds, []
    while mono.t < end:
        delay = mirror.poll_once()
        delays.append(delay)
        if delay is None:
            break
        mono.advance(delay)
    return delays


def test_a_round_reads_what_the_fake_shows(fake: FakeAiseg2, home, mono) -> None:
    mirror = mirror_of(fake, mono)
    try:
        run_for(mirror, mono, 5.0)
        values, model = mirror.read(0), fake.readings()
        assert values[s.PV] == pytest.approx(model[s.PV], abs=0.5)
        assert values[s.FUEL_CELL] == pytest.approx(model[s.FUEL_CELL], abs=0.5)
        assert values[s.CONSUMPTION] == pytest.approx(model[s.CONSUMPTION], abs=50.0)
        net = values[s.GRID_BUY] - values[s.GRID_SELL]
        assert net == pytest.approx(model[s.GRID_BUY] - model[s.GRID_SELL], abs=100.0)
        for number, (_, key) in fake.circuits.items():
            circuit = circuit_series(keys_of(fake)[number]).key
            assert values[circuit] == pytest.approx(model.get(key, 0.0), abs=0.5), key
        assert mirror.unresolved == set()
        assert {c.number for c in mirror.circuits()} == set(fake.circuits)
        assert mirror.mirror_status().state is MirrorState.CONNECTED
    finally:
        mirror.close()


def test_a_change_at_the_fake_reaches_the_next_round(fake: FakeAiseg2, mono) -> None:
    mirror = mirror_of(fake, mono)
    ecocute = circuit_series(keys_of(fake)[0]).key  # 特1: the EcoCute
    try:
        run_for(mirror, mono, 5.0)
        fake.overrides[fake.circuits[0][1]] = 1234.0
        fake.overrides[s.PV] = 2500.0
        run_for(mirror, mono, 10.0)
        assert mirror.read(0)[ecocute] == 1234.0 and mirror.read(0)[s.PV] == 2500.0
    finally:
        mirror.close()


def test_requests_per_minute_and_never_a_busy_loop(fake: FakeAiseg2, mono) -> None:
    mirror = mirror_of(fake, mono)
    try:
        run_for(mirror, mono, 10.0)  # the first round and the names
        before = fake.requests
        delays = run_for(mirror, mono, 180.0)
        per_minute = (fake.requests - before) / 3
        # 37 circuits: the flow and four circuit pages every 10 s.
        assert per_minute == pytest.approx(30, abs=1)
        assert all(d is not None for d in delays)
        # A request is always followed by a pause; a zero wait only ever starts a round.
        assert not any(a == 0 and b == 0 for a, b in pairwise(delays))
        assert len(delays) <= 3 * 6 * 6 + 2  # each round: five pages and one wait
    finally:
        mirror.close()


def test_a_slow_aiseg2_is_asked_less_often(fake: FakeAiseg2, mono) -> None:
    mirror = mirror_of(fake, mono)
    try:
        run_for(mirror, mono, 10.0)
        fake.delay_s = 5.0  # five seconds a page (on the pinned clock)
        before = fake.pages_served.copy()
        delays = run_for(mirror, mono, 120.0)
        status = mirror.mirror_status()
        assert status.state is MirrorState.SLOW and "took 5.0 s" in status.detail
        assert all(d is None or d >= 10.0 or d == 0 for d in delays)  # twice a page's time
        assert len(fake.pages_served) - len(before) <= 120 / 15 + 1
    finally:
        mirror.close()


def test_down_backs_off_exponentially_then_recovers(fake: FakeAiseg2, mono) -> None:
    mirror = mirror_of(fake, mono)
    try:
        run_for(mirror, mono, 10.0)
        good_at = mirror.mirror_status().last_good
        fake.down = True
        delays = [d for d in run_for(mirror, mono, 600.0) if d]
        assert delays[:5] == [10.0, 20.0, 40.0, 80.0, 120.0] and max(delays) == 120.0
        status = mirror.mirror_status()
        assert status.state is MirrorState.NOT_ANSWERING and status.last_good == good_at
        assert "NotAnswering" not in status.detail and "111/update" in status.detail
        assert mirror.read(0) == {}  # stale like any other source
        fake.down = False
        run_for(mirror, mono, 130.0)
        assert mirror.mirror_status().state is MirrorState.CONNECTED
        assert s.PV in mirror.read(0)
    finally:
        mirror.close()


def test_error_pages_are_their_own_status(fake: FakeAiseg2, mono) -> None:
    mirror = mirror_of(fake, mono)
    try:
        fake.wrong_shape = True  # status 200 with an error page
        run_for(mirror, mono, 1.0)
        assert mirror.mirror_status().state is MirrorState.ERROR_PAGES
        assert mirror.read(0) == {}
        fake.wrong_shape, fake.error_pages = False, True
        run_for(mirror, mono, 60.0)
        status = mirror.mirror_status()
        assert status.state is MirrorState.ERROR_PAGES and "HTTP 500" in status.detail
    finally:
        mirror.close()


def test_a_wrong_password_stops_asking_until_changed(fake: FakeAiseg2, mono) -> None:
    mirror = mirror_of(fake, mono, password="wrong")
    try:
        assert run_for(mirror, mono, 60.0) == [None]
        asked = fake.requests
        assert mirror.poll_once() is None and fake.requests == asked == 2
        status = mirror.mirror_status()
        assert status.state is MirrorState.WRONG_PASSWORD and status.retry_at is None
        mirror.use_client(Aiseg2Client(fake.host, "aiseg", "secret", monotonic=mono))
        run_for(mirror, mono, 10.0)
        assert mirror.mirror_status().state is MirrorState.CONNECTED
    finally:
        mirror.close()


def test_backfill_takes_the_daily_totals_the_aiseg2_keeps(fake: FakeAiseg2, mono) -> None:
    batches: list[list[ImportedTotal]] = []
    quick = MirrorSettings(interval_s=60.0, backfill_gap_s=0.5)
    mirror = mirror_of(fake, mono, on_totals=batches.append, settings=quick)
    try:
        run_for(mirror, mono, 600.0)
    finally:
        mirror.close()
    # The fake keeps three days: one batch a day, newest first, then nothing more asked.
    days = [batch[0].start.date() for batch in batches]
    assert days == [date.fromordinal(TODAY.toordinal() - n) for n in (1, 2, 3)]
    circuits = len(fake.circuits)
    for batch in batches:
        assert len(batch) == 4 + circuits
        for total in batch:
            assert total.resolution is Resolution.DAY and total.start.hour == 0
            expected = fake.day_total_wh(model_key(fake, total.series_key), total.start.date())
            assert total.value == pytest.approx(expected, abs=0.5), total.origin
    graphs = [p for p in fake.pages_served if p.startswith("/page/graph/")]
    assert len(graphs) == 4 * (4 + circuits)  # three days, and the empty fourth


def model_key(fake: FakeAiseg2, series_key: str) -> str:
    keys = {circuit_series(k).key: fake.circuits[n][1] for n, k in keys_of(fake).items()}
    return keys.get(series_key, series_key)


def test_backfill_skips_the_days_the_store_has(fake: FakeAiseg2, mono) -> None:
    batches: list[list[ImportedTotal]] = []
    known = {date.fromordinal(TODAY.toordinal() - 1), date.fromordinal(TODAY.toordinal() - 2)}
    quick = MirrorSettings(interval_s=60.0, backfill_gap_s=0.5)
    mirror = mirror_of(fake, mono, on_totals=batches.append, settings=quick, known_days=known)
    try:
        run_for(mirror, mono, 300.0)
    finally:
        mirror.close()
    assert [batch[0].start.date() for batch in batches] == [
        date.fromordinal(TODAY.toordinal() - 3)]
