"""A simulated day in 30-minute slots, straight from the model: the same energies as the
minute readings, with the EcoCute's heating told apart from the rest of the house."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.domain import series as s
from app.sources.simulator import HomeConfig, SimulatedHome
from app.sources.simulator.slot_days import day_slots

TZ = ZoneInfo("Asia/Tokyo")
HOME = SimulatedHome(HomeConfig(seed=3))


def _minutes(day: date) -> dict[str, np.ndarray]:
    start = int(datetime(day.year, day.month, day.day, tzinfo=TZ).timestamp() // 60)
    return HOME.evaluate(start, 1440)


@pytest.mark.parametrize("day", [date(2026, 1, 20), date(2026, 8, 3)])
def test_slots_hold_the_days_energy(day):
    slots, minutes = day_slots(HOME, day.toordinal()), _minutes(day)
    for got, key in ((slots.pv_wh, s.PV), (slots.consumption_wh, s.CONSUMPTION),
                     (slots.fuel_cell_wh, s.FUEL_CELL), (slots.ev_wh, s.EV_CHARGE)):
        assert got.shape == (48,)
        assert got.sum() == pytest.approx(minutes[key].sum() / 60.0)
        assert got[20] == pytest.approx(minutes[key][600:630].sum() / 60.0)  # 10:00-10:30
    assert slots.base_wh == pytest.approx(np.maximum(
        slots.consumption_wh - slots.ecocute_heating_wh - slots.fuel_cell_wh, 0.0))


def test_the_ecocute_heating_is_its_circuit_less_standby_and_keeping_warm():
    key = HOME.load_circuit("ecocute")
    assert key is not None
    day = date(2026, 1, 20)
    slots = day_slots(HOME, day.toordinal())
    circuit = _minutes(day)[key].reshape(48, 30).sum(axis=1) / 60.0
    rest = circuit - slots.ecocute_heating_wh
    assert rest.min() == pytest.approx(4.0, abs=0.01)  # 8 W of standby in every slot
    assert slots.ecocute_heating_wh[:14].sum() > 1000  # last night's run ends by 7:00
    assert slots.ecocute_heating_wh[14:46].sum() == 0.0  # nothing by day


def test_a_weeks_heating_is_the_weeks_refill_runs():
    first = date(2026, 3, 2).toordinal()
    heated = sum(day_slots(HOME, first + k).ecocute_heating_wh.sum() for k in range(8))
    # Day k's slots hold the end of run k-1 and the start of run k: over days 0..7 that
    # is runs 0..6 whole, the part of run -1 after midnight and of run 7 before it.
    runs = [HOME.ecocute_run(first + k) for k in range(-1, 8)]
    whole = sum(r.energy_wh for r in runs[1:-1])
    after_midnight = runs[0].energy_wh - runs[0].heated_wh(1440.0)
    before_midnight = runs[-1].heated_wh(1440.0)
    assert heated == pytest.approx(whole + after_midnight + before_midnight)
    assert day_slots(HOME, first).refill_wh == runs[1].energy_wh


def test_a_day_with_a_clock_change_is_refused():
    berlin = SimulatedHome(HomeConfig(timezone="Europe/Berlin"))
    change = date(2026, 3, 29)
    assert day_slots(berlin, (change - timedelta(days=1)).toordinal()).pv_wh.shape == (48,)
    with pytest.raises(ValueError, match="1380 minutes"):
        day_slots(berlin, change.toordinal())
