"""A day's saving on measured data: the measured cost against the self-consumption battery
(and the night-heating EcoCute) on the same PV and household use. Expected values are
worked out by hand on small days."""

from __future__ import annotations

import math
from datetime import date, time

import numpy as np
import pytest

from app.domain.charge_plan import BatterySpec, EcoCuteSpec
from app.domain.control_savings import day_saving, ecocute_at_night

DAY = date(2025, 6, 2)
NIGHT, DAYTIME, EVENING = 20.0, 30.0, 40.0
SELL = 8.0


def prices() -> list[float]:
    """0:00-7:00 night, 7:00-17:00 day, 17:00-23:00 evening, 23:00- night."""
    out = []
    for i in range(48):
        hour = i / 2
        out.append(NIGHT if hour < 7 or hour >= 23 else DAYTIME if hour < 17 else EVENING)
    return out


def zeros() -> list[float]:
    return [0.0] * 48


BATTERY = BatterySpec(capacity_wh=10_000.0, max_charge_w=2_000.0, max_discharge_w=2_000.0,
                      round_trip_efficiency=0.81, reserve_pct=30.0)  # 0.9 each way


def test_without_a_battery_the_baseline_is_the_plain_balance_and_the_meters_price_actual():
    pv, load = zeros(), zeros()
    pv[24] = 1500.0  # 12:00: 1,000 Wh surplus sold
    load[24] = 500.0
    load[36] = 800.0  # 18:00: bought
    bought, sold = zeros(), zeros()
    bought[36], sold[24] = 800.0, 1000.0
    saving = day_saving(DAY, prices(), [SELL] * 48, pv, load, bought, sold, None, 0.0)
    expected = 0.8 * EVENING - 1.0 * SELL
    assert saving.actual_yen == pytest.approx(expected)
    assert saving.baseline_yen == pytest.approx(expected)
    assert saving.saved_yen == pytest.approx(0.0)


def test_the_baseline_battery_stores_the_surplus_and_covers_the_evening():
    pv, load = zeros(), zeros()
    pv[24] = 2000.0  # 1,000 Wh into the battery (limit 2,000 W x 0.5 h = 1,000 Wh)
    load[36] = 1000.0
    # Start at the reserve: only the day's surplus is above it.
    saving = day_saving(DAY, prices(), [SELL] * 48, pv, load, zeros(), zeros(), BATTERY, 30.0)
    # 1,000 Wh stored as 900 Wh, delivered as 810 Wh: 190 Wh bought at the evening price;
    # the other 1,000 Wh of PV are beyond the charge limit and sold.
    assert saving.baseline_yen == pytest.approx(0.19 * EVENING - 1.0 * SELL)


def test_a_night_charge_for_the_evening_saves_the_price_difference():
    pv, load = zeros(), zeros()
    load[36] = 1000.0
    # Controlled: bought 1,000/0.81 Wh at night, the battery covered the evening exactly.
    bought = zeros()
    bought[4] = 1000.0 / 0.81
    saving = day_saving(DAY, prices(), [SELL] * 48, pv, load, bought, zeros(), BATTERY, 30.0)
    assert saving.baseline_yen == pytest.approx(1.0 * EVENING)  # at the reserve: all bought
    assert saving.actual_yen == pytest.approx(1.0 / 0.81 * NIGHT)
    assert saving.saved_yen == pytest.approx(EVENING - NIGHT / 0.81)
    assert saving.saved_yen > 0


def test_a_battery_above_the_reserve_at_dawn_covers_the_baseline_evening():
    pv, load = zeros(), zeros()
    load[36] = 1000.0
    saving = day_saving(DAY, prices(), [SELL] * 48, pv, load, zeros(), zeros(), BATTERY, 50.0)
    # 2,000 Wh above the reserve: 1,000 Wh delivered, nothing bought.
    assert saving.baseline_yen == pytest.approx(0.0)


def test_the_measured_end_level_counts_what_is_left_for_tomorrow():
    pv, load = zeros(), zeros()
    bought = zeros()
    bought[47] = 1000.0  # 23:30: charged for tomorrow, 900 Wh stored
    without = day_saving(DAY, prices(), [SELL] * 48, pv, load, bought, zeros(), BATTERY, 30.0)
    assert without.saved_yen == pytest.approx(-1.0 * NIGHT)
    with_end = day_saving(DAY, prices(), [SELL] * 48, pv, load, bought, zeros(), BATTERY,
                          30.0, end_soc_pct=39.0)
    # 900 Wh more than the baseline's battery, worth the day's lowest price x 0.9.
    assert with_end.baseline_yen == pytest.approx(0.9 * NIGHT * 0.9)
    assert with_end.saved_yen == pytest.approx(0.9 * NIGHT * 0.9 - NIGHT)


def test_the_baseline_ecocute_heats_at_night_what_control_heated_by_day():
    spec = EcoCuteSpec(heating_wh=3000.0, power_w=1500.0, night_start=time(23),
                       night_end=time(7), day_shift=True, day_start=time(9), day_end=time(16))
    ecocute = zeros()
    for i in (22, 23, 24, 25):  # 11:00-13:00, 750 Wh a slot, all on surplus PV
        ecocute[i] = 750.0
    pv, load = zeros(), list(ecocute)
    for i in (22, 23, 24, 25):
        pv[i] = 750.0
    saving = day_saving(DAY, prices(), [SELL] * 48, pv, load, zeros(), zeros(), None, 0.0,
                        ecocute_wh=ecocute, ecocute=spec)
    assert saving.actual_yen == pytest.approx(0.0)
    # Baseline: 3,000 Wh in the night slots before 7:00, and the PV sold.
    assert saving.baseline_yen == pytest.approx(3.0 * NIGHT - 3.0 * SELL)
    moved = ecocute_at_night(np.array(ecocute), spec)
    assert [i for i in range(48) if moved[i] > 0] == [10, 11, 12, 13]
    assert sum(moved) == pytest.approx(3000.0)


def test_night_heating_already_there_fills_the_slots_first():
    spec = EcoCuteSpec(heating_wh=3000.0, power_w=1000.0, day_shift=True)
    ecocute = np.zeros(48)
    ecocute[13] = 500.0  # 6:30 half a slot already heated at night
    ecocute[20] = 500.0  # 10:00
    ecocute[21] = 500.0
    moved = ecocute_at_night(ecocute, spec)
    assert moved[13] == pytest.approx(500.0)  # full: 1,000 W x 0.5 h
    assert moved[12] == pytest.approx(500.0)
    assert moved[20] == moved[21] == 0.0
    assert moved.sum() == pytest.approx(1500.0)


def test_no_sell_price_sells_nothing():
    pv = zeros()
    pv[24] = 1000.0
    sold = zeros()
    sold[24] = 1000.0
    saving = day_saving(DAY, prices(), [None] * 48, pv, zeros(), zeros(), sold, None, 0.0)
    assert saving.actual_yen == 0.0
    assert saving.baseline_yen == 0.0


@pytest.mark.parametrize("change", [
    {"pv_wh": [0.0] * 47},
    {"load_wh": [-1.0] + [0.0] * 47},
    {"bought_wh": [math.nan] * 48},
    {"start_soc_pct": 120.0},
])
def test_bad_measurements_are_refused(change):
    args = {"buy_yen_per_kwh": prices(), "sell_yen_per_kwh": [SELL] * 48, "pv_wh": zeros(),
            "load_wh": zeros(), "bought_wh": zeros(), "sold_wh": zeros(),
            "battery": BATTERY, "start_soc_pct": 50.0}
    args.update(change)
    with pytest.raises(ValueError):
        day_saving(DAY, **args)
