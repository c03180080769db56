"""Does the house behave like a house? Checks on the default home's year 2026."""

from __future__ import annotations

import numpy as np

from app.domain import series as s
from app.sources.simulator import HomeConfig, SimulatedHome
from app.sources.simulator.weather import CLEAR, daily_weather
from tests.sources.simulator.conftest import SEED, local_minute


def key_of(home: SimulatedHome, name: str) -> str:
    (key,) = [c.series_key for c in home.circuits if c.name == name]
    return key


def hours(a: float, b: float) -> slice:
    return slice(int(a * 60), int(b * 60))


# ------------------------------------------------------------------- solar
def test_pv_is_zero_at_night_and_on_every_day(year) -> None:
    pv = year.daily(s.PV)
    assert not pv[:, hours(0, 4)].any() and not pv[:, hours(20, 24)].any()
    assert (pv[:, hours(11, 13)].mean(axis=1) > 50).all()  # even rain lets some light through


def test_pv_peaks_near_solar_noon_on_clear_days(year) -> None:
    """Solar noon in Tokyo (139.77°E, clocks on 135°E) is 11:25–11:55 all year."""
    pv = year.daily(s.PV)[year.categories() == CLEAR]
    assert len(pv) > 30
    # A south-facing roof produces symmetrically around solar noon: the centre of
    # the day's production is solar noon (within a few minutes, thin clouds aside).
    minute = np.arange(1440) + 0.5
    centre = (pv * minute).sum(axis=1) / pv.sum(axis=1) / 60
    assert ((centre > 11.3) & (centre < 12.0)).all(), centre
    smooth = np.apply_along_axis(np.convolve, 1, pv, np.ones(31) / 31, mode="same")
    assert (smooth[:, hours(11.5, 11.8)].mean(axis=1) > 0.9 * smooth.max(axis=1)).all()


def test_clear_may_days_produce_more_than_clear_december_days(year) -> None:
    clear = year.categories() == CLEAR
    may = clear & year.mask(lambda d: d.month == 5)
    dec = clear & year.mask(lambda d: d.month == 12)
    assert may.sum() >= 3 and dec.sum() >= 3
    pv = year.daily(s.PV)
    energy_may, energy_dec = pv[may].sum(axis=1).mean(), pv[dec].sum(axis=1).mean()
    # pvlib's clear sky on a 30° south roof in Tokyo: 7.4 kWh/m² mid-May, 5.8 mid-December.
    assert energy_may > 1.1 * energy_dec
    assert pv[may].max(axis=1).mean() > pv[dec].max(axis=1).mean()
    assert pv.max() <= 5500.0  # the power conditioner's rating


def test_passing_clouds_make_pv_flicker_on_partly_cloudy_days(year) -> None:
    pv = year.daily(s.PV)[:, hours(10, 14)]
    cats = year.categories()
    step = np.abs(np.diff(pv, axis=1)).mean(axis=1) / np.maximum(pv.mean(axis=1), 1)
    assert step[cats == "partly_cloudy"].mean() > 5 * step[cats == CLEAR].mean()
    assert pv[cats == "rain"].mean() < 0.35 * pv[cats == CLEAR].mean()


# ----------------------------------------------------------------- heating
def test_ecocute_heats_at_night_and_more_in_winter(year) -> None:
    eco = year.daily(key_of(year.home, "エコキュート"))
    active = np.clip(eco - 10.0, 0, None)  # above its standby and bath keep-warm pump
    night = active[:, hours(23, 24)].sum() + active[:, hours(0, 7)].sum()
    assert night > 0.97 * active.sum()
    assert 1150 < eco[eco > 100].mean() < 1550  # 1.2–1.5 kW while heating
    winter = year.mask(lambda d: d.month in (1, 2))
    summer = year.mask(lambda d: d.month in (7, 8))
    assert eco[winter].sum(axis=1).mean() > 1.8 * eco[summer].sum(axis=1).mean()


def _all_acs(year) -> np.ndarray:
    names = ("リビング エアコン", "洋室1 エアコン", "洋室2 エアコン", "主寝室 エアコン")
    return sum(year.daily(key_of(year.home, n)) for n in names)


def test_air_conditioners_work_hard_on_hot_afternoons_not_on_mild_days(year) -> None:
    ac = _all_acs(year)[:, hours(13, 18)].mean(axis=1)
    weather = [daily_weather(SEED, d.toordinal()) for d in year.days]
    hot = np.array([w.max_c >= 30.0 for w in weather])
    mild = np.array([d.month in (4, 5, 10) and 18 <= w.max_c <= 24
                     for d, w in zip(year.days, weather, strict=True)])
    assert hot.sum() >= 10 and mild.sum() >= 3
    assert ac[hot].mean() > 100.0
    assert ac[hot].mean() > 10 * ac[mild].mean()


def test_air_conditioners_heat_on_winter_mornings(year) -> None:
    living = year.daily(key_of(year.home, "リビング エアコン"))
    jan = year.mask(lambda d: d.month == 1)
    assert living[jan][:, hours(6, 9)].mean() > 300.0
    assert living[jan][:, hours(2, 4)].mean() < 5.0  # nobody heats the empty living room at 3:00


# ------------------------------------------------------------------ people
def test_days_off_differ_from_working_days(year, calendar) -> None:
    cons = year.daily(s.CONSUMPTION)
    off = year.mask(lambda d: calendar.is_day_off(d.toordinal()))
    assert 110 < off.sum() < 140  # weekends, national holidays, お盆 and 年末年始
    # Working days start earlier...
    assert cons[~off][:, hours(6, 7)].mean() > 1.3 * cons[off][:, hours(6, 7)].mean()
    # ...and national holidays on weekdays look like Sundays, not like Mondays.
    holiday_weekdays = year.mask(lambda d: d.weekday() < 5 and
                                 calendar.is_national_holiday(d.toordinal()))
    assert holiday_weekdays.sum() >= 10
    tv = year.daily(key_of(year.home, "テレビ"))
    assert tv[holiday_weekdays][:, hours(9, 12)].mean() > 2 * tv[~off][:, hours(9, 12)].mean()


def test_lights_follow_the_sun(year) -> None:
    light = year.daily(key_of(year.home, "リビング 照明"))
    dec = year.mask(lambda d: d.month == 12)
    jun = year.mask(lambda d: d.month == 6)
    assert light[:, hours(11, 14)].max() == 0.0
    assert light[dec][:, hours(17, 18)].mean() > 40  # dark by five in December
    assert light[jun][:, hours(17, 18)].mean() < 5  # still daylight in June


def test_fridge_compressor_cycles_about_every_forty_minutes(year) -> None:
    fridge = year.values[key_of(year.home, "冷蔵庫")][: 60 * 1440]
    assert 5.0 < fridge.min() and fridge.max() < 200.0
    running = fridge > 45.0
    starts = np.flatnonzero(running[1:] & ~running[:-1])
    gaps = np.diff(starts)
    assert 34 < np.median(gaps) < 46
    assert 0.25 < running.mean() < 0.7


def test_water_and_gas_follow_the_family(year) -> None:
    water, gas = year.daily(s.WATER), year.daily(s.GAS)
    assert water[:, hours(20, 23)].mean() > 3 * water[:, hours(10, 16)].mean()  # bath time
    assert water[:, hours(20, 23)].mean() > 1.0  # litres per minute
    fc = year.daily(s.FUEL_CELL)
    assert (gas[fc > 0] > 0).all()  # the fuel cell burns gas whenever it generates


def test_ev_charges_on_some_evenings_and_nights(year, calendar) -> None:
    ev = year.daily(s.EV_CHARGE)
    charged = ev.sum(axis=1) > 0
    assert 0.2 < charged.mean() < 0.6
    assert (ev[ev > 0] == 3000.0).mean() > 0.95  # 3 kW; part minutes at start and end
    assert ev.max() == 3000.0
    assert ev[:, hours(8, 16)].sum() < 0.1 * ev.sum()  # the car is out during the day
    assert (ev[:, 0] > 0).any()  # some sessions run past midnight


# ----------------------------------------------------------------- battery
def test_economy_mode_charges_at_night_and_discharges_in_the_evening(year) -> None:
    charge, discharge = year.daily(s.BATTERY_CHARGE), year.daily(s.BATTERY_DISCHARGE)
    soc = year.daily(s.BATTERY_SOC)
    assert charge[:, hours(7, 23)].sum() == 0
    assert discharge[:, hours(0, 16)].sum() == 0 and discharge[:, hours(23, 24)].sum() == 0
    assert (soc[:, hours(6.9, 7)] == 100.0).all()  # full every morning
    assert soc.min() >= 30.0  # outage reserve
    assert discharge.sum() < charge.sum()  # round-trip losses
    assert discharge.sum() / charge.sum() > 0.85


def test_green_mode_stores_surplus_and_covers_the_house() -> None:
    home = SimulatedHome(HomeConfig(seed=SEED, battery_mode="green"))
    v = home.evaluate(local_minute(2026, 5, 1), 31 * 1440)
    charging = v[s.BATTERY_CHARGE] > 0
    assert charging.any() and (v[s.PV][charging] > 0).all()
    assert not (charging & (v[s.GRID_BUY] > 0)).any()  # only surplus, never from the grid
    discharging = v[s.BATTERY_DISCHARGE] > 0
    assert not (discharging & (v[s.GRID_SELL] > 0)).any()
    # The house buys only when the battery is at its reserve or at its power limit.
    buying = v[s.GRID_BUY] > 1e-9
    limited = (v[s.BATTERY_SOC] <= 30.0 + 0.6) | (v[s.BATTERY_DISCHARGE] >= 2999.0)
    assert (limited[buying]).mean() > 0.95
    assert v[s.BATTERY_SOC].min() >= 30.0


def test_standby_battery_does_nothing() -> None:
    home = SimulatedHome(HomeConfig(seed=SEED, battery_mode="standby"))
    v = home.evaluate(local_minute(2026, 5, 1), 2 * 1440)
    assert not v[s.BATTERY_CHARGE].any() and not v[s.BATTERY_DISCHARGE].any()
    assert np.ptp(v[s.BATTERY_SOC]) == 0


def test_state_of_charge_runs_on_smoothly_across_midnight() -> None:
    """No jump at local midnight: the derived start equals the previous day's end."""
    home = SimulatedHome(HomeConfig(seed=2, battery_mode="green"))
    soc = home.evaluate(local_minute(2026, 3, 1), 90 * 1440)[s.BATTERY_SOC]
    step = np.abs(np.diff(soc))
    most = 3000 / np.sqrt(0.9) / 60 / 9800 * 100  # % per minute, full power discharge
    assert step.max() <= most + 1e-9
