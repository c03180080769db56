"""Time to make one 48-hour charge plan (96 slots; battery, car and EcoCute), median over
50 cases of the simulated home through a year, against the self-consumption rule's time
on the same cases (the baseline: what the panel does without a plan).

Each case starts at another half hour of another week: PV and the household's load
(less the car, the EcoCute and the fuel cell's output) as the simulator has them; the
EcoCute's refill as the simulator heats it at night (done, when the case starts by day);
the HEPCO eタイム3 prices with the national surcharge and a 15 円 sell price; a car that
leaves at the first 07:30 at least 8 hours ahead (V2H in every other case); a 30-minute
target in every third case.
"""
from __future__ import annotations

import random
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from app.domain import series as s
from app.domain.charge_plan import BatterySpec, EcoCuteSpec, EvSpec, PlanInputs, PlanStatus
from app.domain.charge_plan_prices import horizon_prices
from app.domain.charge_planner import plan_charges, self_consumption_plan
from app.domain.tariff_json import load_national_surcharge, load_plan
from app.sources.simulator.config import HomeConfig
from app.sources.simulator.home import SimulatedHome
from tests.bench.results import Result

ROOT = Path(__file__).resolve().parents[2]
CASES = 50
SLOTS = 96
SELL = 15.0
ZONE = ZoneInfo("Asia/Tokyo")


def _slot_wh(minutes: np.ndarray) -> np.ndarray:
    """Minute means of W -> Wh per 30-minute slot."""
    return minutes.reshape(-1, 30).sum(axis=1) / 60.0


def cases() -> list[PlanInputs]:
    config = HomeConfig()
    home = SimulatedHome(config)
    ecocute_key, rng = home.load_circuit("ecocute"), random.Random(18)
    assert ecocute_key is not None
    rates = ROOT / "resources" / "rate_plans"
    plan = load_plan((rates / "catalog" / "hepco-etime3.json").read_bytes())
    national = load_national_surcharge((rates / "renewable_surcharge.json").read_bytes())
    battery = BatterySpec(config.battery_capacity_wh, config.battery_power_w,
                          config.battery_power_w, config.battery_efficiency,
                          config.battery_reserve_pct)
    out = []
    for k in range(CASES):
        start = datetime(2025, 1, 1, tzinfo=ZONE) + timedelta(days=7 * k, minutes=30 * (
            (k * 7) % 48))
        values = home.evaluate(int(start.timestamp() // 60), SLOTS * 30)
        ecocute = _slot_wh(values[ecocute_key])
        load = (_slot_wh(values[s.CONSUMPTION]) - _slot_wh(values[s.EV_CHARGE]) - ecocute
                - _slot_wh(values[s.FUEL_CELL]))
        night = [i for i in range(SLOTS)
                 if (start + timedelta(minutes=30 * i)).hour in (23, 0, 1, 2, 3, 4, 5, 6)]
        heating = float(ecocute[night].sum()) / (len(night) / 16)  # a night's mean
        buy, _ = horizon_prices(plan, start, SLOTS, national)
        departure = next(i for i in range(16, SLOTS)  # at least 8 hours to charge
                         if (start + timedelta(minutes=30 * i)).strftime("%H:%M") == "07:30")
        level = rng.uniform(20, 60)
        ev = EvSpec(capacity_wh=40_000, level_pct=level, target_pct=min(90, level + 25),
                    departure_slot=departure, max_charge_w=config.ev_charger_w,
                    can_discharge=k % 2 == 1, max_discharge_w=config.ev_charger_w)
        out.append(PlanInputs(
            start=start, buy_yen_per_kwh=buy, sell_yen_per_kwh=(SELL,) * SLOTS,
            pv_wh=tuple(_slot_wh(values[s.PV])), load_wh=tuple(np.maximum(load, 0.0)),
            target_wh=(1500.0,) * SLOTS if k % 3 == 0 else (),
            battery=battery, soc_pct=rng.uniform(30, 90), ev=ev,
            ecocute=EcoCuteSpec(heating_wh=heating, power_w=1500.0, day_shift=True,
                                # By day, the night's refill is done.
                                heated_wh=heating if 7 <= start.hour < 16 else 0.0)))
    return out


def _times_ms(make, inputs: list[PlanInputs]) -> tuple[list[float], list]:
    make(inputs[0])  # the first call loads what it needs
    times, plans = [], []
    for case in inputs:
        t0 = time.perf_counter()
        plans.append(make(case))
        times.append((time.perf_counter() - t0) * 1000)
    return times, plans


def run(workdir: Path) -> list[Result]:
    inputs = cases()
    planned_ms, plans = _times_ms(plan_charges, inputs)
    baseline_ms, baselines = _times_ms(self_consumption_plan, inputs)
    failed = sum(p.status is PlanStatus.FAILED for p in plans)
    assert all(b.status is PlanStatus.SELF_CONSUMPTION for b in baselines)
    return [
        Result.compared("planner_48h_plan_median", statistics.median(planned_ms), "ms",
                        "<= 100", statistics.median(baseline_ms)),
        Result.compared("planner_48h_plan_max", max(planned_ms), "ms", "(info)",
                        max(baseline_ms)),
        Result("planner_48h_failed_plans", float(failed), "plans", "<= 0"),
    ]
