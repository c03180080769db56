"""Forecast skill on a simulated year of the default home, against persistence, same run.

Solar: for each day D of 2026, the synthetic provider's forecast issued at 21:00 on D-1,
turned into PV by `solar_forecast` with the factor `calibration_factor` learned from the
previous four weeks (their day-ahead forecasts against their measured PV); MAE of the
day's PV energy against "tomorrow like today" (D-1's measured energy).

Load: for each day D, `load_forecast` from the complete days known at 21:00 on D-1 (so up
to D-2), with the outdoor temperatures the panel has then: each past hour as kept (the
newest forecast's once the hour had begun: the synthetic provider's observed value), the
hours from 21:00 on as the forecast issued then says; MAE per 30-minute slot against "same
day last week" (D-7's slots).

Also reported: how wrong the synthetic day-ahead forecast's daily irradiation is (it must
stay meaningfully wrong, or the solar skill would be a fake).
"""

from __future__ import annotations

import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from app.domain import series as s
from app.domain.energy_forecast import PvInstallation
from app.domain.load_forecast import LOOKBACK_DAYS, load_forecast
from app.domain.load_temperature import HourlyTemperatures
from app.domain.solar_forecast import calibration_factor, solar_forecast
from app.sources.simulator import HomeConfig, SimulatedHome
from app.sources.simulator.forecast import observed_weather, simulated_forecast
from tests.bench.results import Result

YEAR = 2026
CALIBRATION_DAYS = 28
WARM_UP_DAYS = LOOKBACK_DAYS + 7  # the load forecast's window plus a week of persistence
ISSUE_HOUR = 21
FORECAST_HOURS = 24 - ISSUE_HOUR + 24


def _slots(values: np.ndarray, days: int) -> np.ndarray:
    """Minute means (W) of whole days -> (days, 48) Wh per slot."""
    return values.reshape(days, 48, 30).sum(axis=2) / 60.0


def _solar(cfg: HomeConfig, first: date, days: int, pv: np.ndarray) -> list[Result]:
    tz = ZoneInfo(cfg.timezone)
    roof = PvInstallation(cfg.pv_capacity_w, cfg.pv_tilt_deg, cfg.pv_azimuth_deg)
    actual = pv.sum(axis=1)
    modelled = np.full(days, np.nan)  # day-ahead forecast with factor 1
    errors, persistence, ghi_errors = [], [], []
    for k in range(WARM_UP_DAYS - CALIBRATION_DAYS, days):
        day = first + timedelta(days=k)
        midnight = datetime(day.year, day.month, day.day, tzinfo=tz)
        issued = midnight - timedelta(hours=24 - ISSUE_HOUR)
        hourly, _ = simulated_forecast(cfg.seed, cfg.latitude, cfg.longitude, issued,
                                       hours=FORECAST_HOURS, timezone=cfg.timezone)
        raw = solar_forecast(hourly, roof, cfg.latitude, cfg.longitude, midnight, 48)
        modelled[k] = sum(raw.wh)
        if day.year != YEAR:
            continue
        factor = calibration_factor(actual[k - CALIBRATION_DAYS:k],
                                    modelled[k - CALIBRATION_DAYS:k])
        forecast = solar_forecast(hourly, roof, cfg.latitude, cfg.longitude, midnight, 48,
                                  factor=factor)
        errors.append(abs(sum(forecast.wh) - actual[k]))
        persistence.append(abs(actual[k - 1] - actual[k]))
        truth = observed_weather(cfg.seed, cfg.latitude, cfg.longitude, midnight, 24,
                                 cfg.timezone)
        said = sum(h.ghi_wm2 for h in hourly[24 - ISSUE_HOUR:])
        happened = sum(h.ghi_wm2 for h in truth)
        ghi_errors.append(abs(said - happened) / happened)
    return [
        Result.compared("solar_forecast_day_mae", float(np.mean(errors)) / 1000, "kWh",
                        "ratio <= 0.7", float(np.mean(persistence)) / 1000),
        # A realistic day-ahead error: skill must not come from a forecast tuned to be right.
        Result("synthetic_day_ahead_irradiation_error", 100 * float(np.mean(ghi_errors)), "%",
               ">= 15"),
    ]


def _epoch_hour(moment: datetime) -> int:
    return int(moment.timestamp()) // 3600


def _load(cfg: HomeConfig, first: date, days: int, load: np.ndarray) -> list[Result]:
    history = {first + timedelta(days=k): load[k] for k in range(days)}
    errors, persistence = [], []
    tz = ZoneInfo(cfg.timezone)
    start = datetime(first.year, first.month, first.day, tzinfo=tz)
    kept = {_epoch_hour(h.at): h.temp_c for h in observed_weather(
        cfg.seed, cfg.latitude, cfg.longitude, start, 24 * days, cfg.timezone)}
    for k in range(WARM_UP_DAYS, days):
        day = first + timedelta(days=k)
        midnight = datetime(day.year, day.month, day.day, tzinfo=tz)
        known = {d: v for d, v in history.items() if d < day - timedelta(days=1)}
        issued = midnight - timedelta(hours=24 - ISSUE_HOUR)
        hourly, _ = simulated_forecast(cfg.seed, cfg.latitude, cfg.longitude, issued,
                                       hours=FORECAST_HOURS, timezone=cfg.timezone)
        seen = {h: kept[h] for h in range(_epoch_hour(midnight) - 24 * (LOOKBACK_DAYS + 1),
                                          _epoch_hour(issued))}
        seen.update((_epoch_hour(h.at), h.temp_c) for h in hourly)
        outlook = load_forecast(known, midnight, 48, temperatures=HourlyTemperatures(seen))
        if outlook.forecast is None:
            raise RuntimeError(f"no load forecast for {day}: {outlook.shortages}")
        errors.append(np.abs(np.array(outlook.forecast.wh) - load[k]).mean())
        persistence.append(np.abs(load[k - 7] - load[k]).mean())
    return [Result.compared("load_forecast_slot_mae", float(np.mean(errors)), "Wh",
                            "ratio <= 0.85", float(np.mean(persistence)))]


def run(workdir: Path) -> list[Result]:
    del workdir  # nothing on disk
    cfg = HomeConfig()
    home = SimulatedHome(cfg)
    first = date(YEAR, 1, 1) - timedelta(days=WARM_UP_DAYS)
    days = (date(YEAR + 1, 1, 1) - first).days
    t0 = time.perf_counter()
    start = int(datetime(first.year, first.month, first.day,
                         tzinfo=ZoneInfo(cfg.timezone)).timestamp() // 60)
    values = home.evaluate(start, days * 1440)
    print(f"simulated {days} days in {time.perf_counter() - t0:.1f} s; forecasting ...",
          file=sys.stderr, flush=True)
    solar_rows = _solar(cfg, first, days, _slots(values[s.PV], days))
    load_rows = _load(cfg, first, days, _slots(values[s.CONSUMPTION], days))
    print(f"forecast skill measured in {time.perf_counter() - t0:.1f} s", file=sys.stderr,
          flush=True)
    return solar_rows + load_rows
