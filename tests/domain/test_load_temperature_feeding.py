"""The control bench feeds the load forecast only the temperatures the panel would have:
the hours it kept from forecasts issued before, the issue's forecast ahead, no truth."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

import numpy as np

from app.sources.simulator import HomeConfig
from app.sources.simulator.forecast import observed_weather
from tests.bench.bench_control import ZONE, Forecasts, seen_temperatures

DAY = date(2025, 2, 10)


def epoch_hour(moment: datetime) -> int:
    return int(moment.timestamp()) // 3600


def test_kept_hours_before_the_issue_the_forecast_from_it() -> None:
    issued = datetime.combine(DAY, time(15), tzinfo=ZONE)
    asked: list[date] = []

    def kept(day: date) -> dict[int, float]:  # every hour of the day, marked "kept"
        asked.append(day)
        midnight = datetime.combine(day, time(0), tzinfo=ZONE)
        return {epoch_hour(midnight + timedelta(hours=h)): 100.0 for h in range(24)}

    first = epoch_hour(issued)
    ahead = {h: 200.0 for h in range(first - 5, first + 53)}  # an issue starts at its hour
    seen = seen_temperatures(kept, ahead, issued, days=3)
    assert asked == [DAY - timedelta(days=k) for k in (3, 2, 1, 0)]
    today = seen.day(DAY, ZONE)
    assert (today[:30] == 100.0).all()  # 00:00-15:00: kept
    assert (today[30:] == 200.0).all()  # from the issue: forecast, never kept
    assert (seen.day(DAY - timedelta(days=3), ZONE) == 100.0).all()
    assert np.isnan(seen.day(DAY - timedelta(days=4), ZONE)).all()
    assert (seen.day(DAY + timedelta(days=2), ZONE)[:40] == 200.0).all()  # to 20:00, +53 h
    assert np.isnan(seen.day(DAY + timedelta(days=2), ZONE)[40:]).all()


def test_the_bench_keeps_what_the_forecasts_said_and_forecasts_what_they_say() -> None:
    cfg = HomeConfig()
    forecasts = Forecasts(SimpleNamespace(config=cfg))  # type: ignore[arg-type]
    midnight = datetime.combine(DAY, time(0), tzinfo=ZONE)
    truth = np.array([h.temp_c for h in observed_weather(
        cfg.seed, cfg.latitude, cfg.longitude, midnight, 72, cfg.timezone)])
    kept = forecasts.kept_temperatures(DAY)
    values = np.array([kept[epoch_hour(midnight + timedelta(hours=h))] for h in range(24)])
    # An issue every hour, as the panel fetches: each hour kept is its issue's own hour,
    # which is observed (the truth).
    assert np.allclose(values, np.round(truth[:24], 1))

    issued = midnight + timedelta(hours=6)
    seen = forecasts.temperatures(issued)
    today = seen.day(DAY, ZONE)
    assert np.allclose(today[:12], np.repeat(values[:6], 2))  # kept before the issue
    ahead = forecasts.temperatures_ahead(issued)
    tomorrow = seen.day(DAY + timedelta(days=1), ZONE)
    assert np.allclose(tomorrow[::2], [ahead[epoch_hour(midnight + timedelta(hours=24 + h))]
                                       for h in range(24)])
    # ... which is the forecast, not what then happened (its error grows with the lead).
    assert np.abs(tomorrow[::2] - truth[24:48]).mean() > 0.1
