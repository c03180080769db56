"""Cost of one year of 30-minute data for 40 circuits (TOU and tiered, per-circuit
allocation, monthly bills), against a straightforward per-slot Python loop."""

from __future__ import annotations

import json
import statistics
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from app.domain.billing import Contract, SlotUsage, bill, circuit_costs, slot_costs
from app.domain.tariff import TieredEnergy
from app.domain.tariff_json import load_plan
from tests.bench.results import Result

TZ = "Asia/Tokyo"
CIRCUITS = 40
RUNS = 5


def _plan(energy: dict):
    return load_plan(json.dumps({
        "schema": "hems-rate-plan/1", "id": "bench", "name": {"ja": "b", "en": "b"},
        "company": {"ja": "b", "en": "b"}, "source": None,
        "versions": [{"valid_from": "2020-01-01", "basic": {"kind": "fixed", "yen": 1000.0},
                      "energy": energy, "fuel_adjustment_yen_per_kwh": -1.2,
                      "renewable_surcharge_yen_per_kwh": 3.98}],
        "sell": [{"valid_from": "2020-01-01", "yen_per_kwh": 16.0}],
        "co2": [{"valid_from": "2020-01-01", "kg_per_kwh": 0.45}], "gas": [], "water": []}))


TOU = {"kind": "time_of_use", "seasons": [
    {"name": {"ja": "夏", "en": "Summer"}, "from": "07-01", "to": "09-30",
     "weekday": [{"from": "09:00", "to": "23:00", "yen_per_kwh": 42.0},
                 {"from": "23:00", "to": "09:00", "yen_per_kwh": 28.0}],
     "holiday": [{"from": "00:00", "to": "00:00", "yen_per_kwh": 28.0}]},
    {"name": {"ja": "他", "en": "Other"}, "from": "10-01", "to": "06-30",
     "weekday": [{"from": "09:00", "to": "23:00", "yen_per_kwh": 38.0},
                 {"from": "23:00", "to": "09:00", "yen_per_kwh": 28.0}],
     "holiday": [{"from": "00:00", "to": "00:00", "yen_per_kwh": 28.0}]}]}
TIERED = {"kind": "tiered", "tiers": [{"up_to_kwh": 120, "yen_per_kwh": 29.8},
                                      {"up_to_kwh": 300, "yen_per_kwh": 36.4},
                                      {"up_to_kwh": None, "yen_per_kwh": 40.49}]}


def _usage() -> SlotUsage:
    rng = np.random.default_rng(1)
    start = datetime(2025, 1, 1, tzinfo=ZoneInfo(TZ)).timestamp()
    starts = start + 1800.0 * np.arange(365 * 48)
    circuits = {f"circuit.c{i}": rng.uniform(0, 150, len(starts)) for i in range(CIRCUITS)}
    house = sum(circuits.values()) * 1.1
    return SlotUsage(starts, house * 0.7, rng.uniform(0, 300, len(starts)), TZ,
                     generation_wh=rng.uniform(0, 800, len(starts)), consumption_wh=house,
                     circuits=circuits)


def ours(plan, usage: SlotUsage) -> float:
    costs = slot_costs(plan, usage)
    circuit_costs(costs, usage)
    return sum(b.net_yen for b in bill(plan, Contract(), usage))


def naive(plan, usage: SlotUsage) -> float:
    """One slot at a time: look the price up, walk the tiers, split among circuits."""
    zone = ZoneInfo(TZ)
    month_kwh: dict[date, float] = {}
    net = 0.0
    per_circuit = dict.fromkeys(usage.circuits, 0.0)
    for i, t in enumerate(usage.starts):
        moment = datetime.fromtimestamp(float(t), zone)
        version = plan.version_on(moment.date())
        kwh = usage.buy_wh[i] / 1000.0
        if isinstance(version.energy, TieredEnergy):
            month = moment.date().replace(day=1)
            done = month_kwh.get(month, 0.0)
            cost, lower, left = 0.0, 0.0, kwh
            for tier in version.energy.tiers:
                upper = float("inf") if tier.up_to_kwh is None else tier.up_to_kwh
                take = max(0.0, min(done + kwh, upper) - max(done, lower))
                cost += take * tier.yen_per_kwh
                left -= take
                lower = upper
            month_kwh[month] = done + kwh
        else:
            cost = kwh * plan.price_at(moment)
        cost += kwh * version.adjustments_yen_per_kwh
        house = usage.consumption_wh[i] / 1000.0
        for key, wh in usage.circuits.items():
            per_circuit[key] += cost * (wh[i] / 1000.0) / house if house else 0.0
        net += cost - usage.sell_wh[i] / 1000.0 * (plan.sell_price_on(moment.date()) or 0.0)
    return net


def run(workdir: Path) -> list[Result]:
    usage = _usage()
    results = []
    for label, energy in (("tou", TOU), ("tiered", TIERED)):
        plan = _plan(energy)
        ours_s, naive_s = [], []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            ours(plan, usage)
            ours_s.append(time.perf_counter() - t0)
        for _ in range(2):
            t0 = time.perf_counter()
            naive(plan, usage)
            naive_s.append(time.perf_counter() - t0)
        results.append(Result.compared(f"billing_year_40_circuits_{label}",
                                       statistics.median(ours_s) * 1000, "ms", "<= 200",
                                       statistics.median(naive_s) * 1000))
    return results
