"""Graph data, rankings and balances are the store's rollups, bucket for bucket."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from app.domain import series as s
from app.domain.circuits import CircuitKind, CircuitSpec
from app.domain.periods import LIVE_HOURS, Compare, HistoryRequest, Period
from app.domain.ranking import rank_circuits
from app.domain.series import SeriesKind, SeriesSpec
from app.services.history_query import HistoryQuery, build_balance, build_history, build_ranking
from app.sources.collector import backfill
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import Interval, Store, open_store

TZ = "Asia/Tokyo"
ZONE = ZoneInfo(TZ)
FIRST = date(2026, 7, 13)  # a Monday; the simulated home has data for 13, 14 and 15 July
DAYS = 3
UNUSED = CircuitSpec(CircuitKind.BRANCH, 33, "新しい回路")  # defined, never measured
P = SeriesSpec("p", SeriesKind.POWER, "W")
Q = SeriesSpec("q", SeriesKind.POWER, "W")


def local(d: date, hour: int = 0, minute: int = 0, zone: ZoneInfo = ZONE) -> datetime:
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=zone)


def minute(when: datetime) -> int:
    return int(when.timestamp()) // 60


END = local(FIRST + timedelta(days=DAYS))
AFTER = END.timestamp() + 3600  # "now" for the tests that want every bucket in the past


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory):
    store = open_store(tmp_path_factory.mktemp("sim") / "data", TZ)
    home = SimulatedHome(HomeConfig(seed=5))
    store.define_series([*home.series, SeriesSpec(UNUSED.series_key, SeriesKind.POWER, "W")])
    store.save_circuits([*home.circuits, UNUSED])
    backfill(store, home, minute(local(FIRST)), minute(END))
    yield store
    store.close()


@pytest.fixture
def synth(tmp_path: Path):
    store = open_store(tmp_path / "data", TZ)
    store.define_series([P, Q])
    yield store
    store.close()


def rollup_kwh(store: Store, key: str, interval: Interval, start: datetime,
               end: datetime) -> np.ndarray:
    return store.rollup([key], interval, start, end).values[key] / 1000.0


def request(keys: tuple[str, ...], period: Period, anchor: date,
            compare: Compare = Compare.NONE) -> HistoryRequest:
    return HistoryRequest(keys, period, anchor, compare)


def put(store: Store, start: datetime, watts: float | np.ndarray, minutes: int,
        key: str = "p") -> None:
    values = np.broadcast_to(np.asarray(watts, dtype=float), (minutes,))
    store.append(minute(start), {key: values})
    store.flush()


# -- calendar periods against the rollups --------------------------------------------------

def test_day_is_48_half_hours_equal_to_the_rollup_and_raw_sums(sim) -> None:
    day = FIRST + timedelta(days=1)
    keys = ("circuit.br7", s.PV)
    r = build_history(sim, request(keys, Period.DAY, day), AFTER, TZ)
    assert r.unit == "kWh" and len(r.x) == 48 and r.has_data
    assert r.x[0] == local(day).timestamp() and r.start == local(day)
    assert r.end == local(day + timedelta(days=1))
    assert np.all(r.width_s == 1800)
    for key in keys:
        expected = rollup_kwh(sim, key, Interval.MIN30, local(day), local(day, 23, 59))
        np.testing.assert_allclose(r.values[key], expected)
        raw = sim.raw([key], minute(local(day)), minute(local(day)) + 1440).values[key]
        assert r.total(key) == pytest.approx(np.sum(raw) / 60_000, abs=1e-6)
    assert r.total(s.PV) > 1.0  # July sun: a real check, not of zeros
    assert np.isnan(r.values[s.PV][:6]).sum() == 0  # night is 0 kWh of PV, measured, not a gap
    assert r.compare is None and r.live_tail == {}
    assert not r.values[s.PV].flags.writeable


def test_week_starts_monday_and_days_are_the_daily_rollup(sim) -> None:
    sunday = FIRST + timedelta(days=6)
    r = build_history(sim, request(("consumption",), Period.WEEK, sunday), AFTER, TZ)
    assert len(r.x) == 7 and np.all(r.width_s == 86_400)
    assert datetime.fromtimestamp(r.x[0], ZONE).date() == FIRST
    assert datetime.fromtimestamp(r.x[0], ZONE).weekday() == 0
    expected = rollup_kwh(sim, "consumption", Interval.DAY, local(FIRST), END)
    np.testing.assert_allclose(r.values["consumption"][:3], expected)
    assert np.isnan(r.values["consumption"][3:]).all()  # no data yet: gaps, not zeros


def test_month_and_year_buckets(sim) -> None:
    month = build_history(sim, request(("circuit.sp1",), Period.MONTH, FIRST), AFTER, TZ)
    assert len(month.x) == 31
    values = month.values["circuit.sp1"]
    assert np.isfinite(values).sum() == 3
    np.testing.assert_allclose(values[12:15], rollup_kwh(sim, "circuit.sp1", Interval.DAY,
                                                         local(FIRST), END))

    year = build_history(sim, request(("circuit.sp1",), Period.YEAR, FIRST), AFTER, TZ)
    assert len(year.x) == 12
    starts = [datetime.fromtimestamp(x, ZONE) for x in year.x]
    assert [(d.month, d.day, d.hour) for d in starts] == [(m, 1, 0) for m in range(1, 13)]
    assert year.width_s[1] == 28 * 86_400 and year.width_s[6] == 31 * 86_400
    july = year.values["circuit.sp1"][6]
    assert july == pytest.approx(np.nansum(values))
    assert july == pytest.approx(rollup_kwh(sim, "circuit.sp1", Interval.MONTH,
                                            local(date(2026, 7, 1)), END)[0])
    assert np.isnan(np.delete(year.values["circuit.sp1"], 6)).all()


def test_buckets_in_the_future_are_nan_even_when_the_store_has_them(sim) -> None:
    day = FIRST + timedelta(days=1)
    now = local(day, 12, 10).timestamp()
    r = build_history(sim, request(("consumption",), Period.DAY, day), now, TZ)
    values = r.values["consumption"]
    assert np.isfinite(values[:25]).all()  # 12:00-12:30 has started: shown as far as it is
    assert np.isnan(values[25:]).all()
    week = build_history(sim, request(("consumption",), Period.WEEK, day), now, TZ)
    assert np.isfinite(week.values["consumption"][:2]).all()
    assert np.isnan(week.values["consumption"][2:]).all()


def test_volume_level_units_and_mixed_units(sim) -> None:
    day = FIRST
    water = build_history(sim, request((s.WATER,), Period.DAY, day), AFTER, TZ)
    assert water.unit == "L"
    np.testing.assert_allclose(water.values[s.WATER], sim.rollup(
        [s.WATER], Interval.MIN30, local(day), local(day + timedelta(days=1))).values[s.WATER])
    soc = build_history(sim, request((s.BATTERY_SOC,), Period.MONTH, day), AFTER, TZ)
    assert soc.unit == "%"
    raw = sim.raw([s.BATTERY_SOC], minute(local(day)), minute(local(day)) + 1440)
    assert soc.values[s.BATTERY_SOC][12] == pytest.approx(np.mean(raw.values[s.BATTERY_SOC]),
                                                          abs=0.01)
    with pytest.raises(ValueError, match="unit"):
        build_history(sim, request((s.PV, s.WATER), Period.DAY, day), AFTER, TZ)


def test_no_data_says_so(sim) -> None:
    r = build_history(sim, request((s.PV,), Period.DAY, date(2026, 6, 1)), AFTER, TZ)
    assert len(r.x) == 48 and not r.has_data and r.total(s.PV) is None
    gone = build_history(sim, request(("circuit.br99",), Period.DAY, FIRST), AFTER, TZ)
    assert not gone.has_data and len(gone.values["circuit.br99"]) == 48  # no error


def test_another_timezone_than_the_store_is_refused(sim) -> None:
    with pytest.raises(ValueError, match="Asia/Tokyo"):
        build_history(sim, request((s.PV,), Period.DAY, FIRST), AFTER, "Europe/Berlin")
    with pytest.raises(ValueError):
        build_balance(sim, Period.DAY, FIRST, "UTC")


# -- gaps, comparison, the local calendar ---------------------------------------------------

def test_gaps_stay_gaps(synth) -> None:
    day = date(2026, 3, 10)
    watts = np.full(1440, 500.0)
    watts[600:660] = np.nan  # 10:00-11:00 the board was offline
    put(synth, local(day), watts, 1440)
    put(synth, local(day + timedelta(days=2)), 500.0, 1440)  # the day between: panel off
    r = build_history(synth, request(("p",), Period.DAY, day), AFTER, TZ)
    values = r.values["p"]
    assert np.isnan(values[20:22]).all()
    assert np.delete(values, [20, 21]) == pytest.approx(np.full(46, 0.25))
    month = build_history(synth, request(("p",), Period.MONTH, day), AFTER, TZ).values["p"]
    assert month[9] == pytest.approx(11.5)  # 23 h at 500 W
    assert np.isnan(month[10])
    assert month[11] == pytest.approx(12.0)
    assert np.isnan(np.delete(month, [9, 11])).all()


def _mark_days(store: Store, days: list[date]) -> None:
    # One hour a day at (100 * month + day) W: each day's kWh names the day.
    for d in days:
        put(store, local(d), 100.0 * d.month + d.day, 60)


def test_compare_previous_month_is_aligned_by_day_of_month(synth) -> None:
    _mark_days(synth, [date(2026, 3, 1), date(2026, 3, 30), date(2026, 3, 31),
                       date(2026, 4, 1), date(2026, 4, 30), date(2026, 5, 31)])
    april = build_history(synth, request(("p",), Period.MONTH, date(2026, 4, 15),
                                         Compare.PREVIOUS), AFTER, TZ)
    assert april.compare is not None and len(april.compare["p"]) == 30 == len(april.x)
    assert april.values["p"][0] == pytest.approx(0.401)
    assert april.compare["p"][0] == pytest.approx(0.301)  # 1 March under 1 April
    assert april.compare["p"][29] == pytest.approx(0.330)  # 31 March has no April bar
    assert np.isnan(april.compare["p"][1:29]).all()

    may = build_history(synth, request(("p",), Period.MONTH, date(2026, 5, 2),
                                       Compare.PREVIOUS), AFTER, TZ)
    assert may.compare is not None and len(may.compare["p"]) == 31
    assert may.compare["p"][29] == pytest.approx(0.430)
    assert np.isnan(may.compare["p"][30])  # April has no 31st
    assert may.values["p"][30] == pytest.approx(0.531)

    day = build_history(synth, request(("p",), Period.DAY, date(2026, 4, 1), Compare.PREVIOUS),
                        AFTER, TZ)
    assert day.compare is not None
    assert day.compare["p"][:2] == pytest.approx([0.331 / 2] * 2)
    assert np.isnan(day.compare["p"][2:]).all()


def test_compare_last_year(synth) -> None:
    _mark_days(synth, [date(2025, 4, 1), date(2025, 4, 30), date(2026, 4, 1)])
    r = build_history(synth, request(("p",), Period.MONTH, date(2026, 4, 9),
                                     Compare.LAST_YEAR), AFTER, TZ)
    assert r.compare is not None
    assert r.compare["p"][0] == pytest.approx(0.401) == r.values["p"][0]
    assert r.compare["p"][29] == pytest.approx(0.430)
    year = build_history(synth, request(("p",), Period.YEAR, date(2026, 4, 9),
                                        Compare.LAST_YEAR), AFTER, TZ)
    assert year.compare is not None
    assert year.compare["p"][3] == pytest.approx(0.401 + 0.430)
    assert year.values["p"][3] == pytest.approx(0.401)


@pytest.mark.parametrize(("day", "slots", "hours"), [
    (date(2026, 3, 8), 46, 23),  # New York springs forward
    (date(2026, 11, 1), 50, 25),  # and falls back
    (date(2026, 3, 9), 48, 24),
])
def test_a_daylight_saving_day_has_the_store_calendars_slots(tmp_path: Path, day: date,
                                                             slots: int, hours: int) -> None:
    zone = ZoneInfo("America/New_York")
    with open_store(tmp_path / "ny", "America/New_York") as store:
        store.define_series([P])
        put(store, local(day, zone=zone), 600.0, hours * 60)
        later = local(day + timedelta(days=2), zone=zone).timestamp()
        r = build_history(store, request(("p",), Period.DAY, day), later, "America/New_York")
        assert len(r.x) == slots and np.all(r.width_s == 1800)
        assert r.x[-1] + 1800 == r.end.timestamp() == local(day + timedelta(days=1),
                                                            zone=zone).timestamp()
        assert np.isfinite(r.values["p"]).all()
        assert r.total("p") == pytest.approx(0.6 * hours)


# -- live ----------------------------------------------------------------------------------

def test_live_is_the_last_hours_of_minutes_plus_the_newer_live_reading(synth) -> None:
    now = local(date(2026, 5, 1), 12, 0).timestamp() + 25  # 12:00:25
    last = int(now // 60) - 3  # the last stored minute is 11:57
    watts = np.arange(300, dtype=float)
    put(synth, datetime.fromtimestamp((last - 299) * 60, ZONE), watts, 300)
    put(synth, datetime.fromtimestamp((last - 299) * 60, ZONE), watts, 300, key="q")
    synth.set_live({"p": 777.0}, now - 5)
    synth.set_live({"q": 888.0}, last * 60 + 30)  # inside the last stored minute: not newer
    synth.flush()
    r = build_history(synth, request(("p", "q"), Period.LIVE, date(2026, 5, 1),
                                     Compare.PREVIOUS), now, TZ)
    assert r.unit == "W" and len(r.x) == LIVE_HOURS * 60 and np.all(r.width_s == 60)
    assert r.x[-1] == (int(now // 60) - 1) * 60  # ends with the last complete minute
    assert r.end.timestamp() == int(now // 60) * 60
    assert r.values["p"][-3] == 299.0 and np.isnan(r.values["p"][-2:]).all()
    assert r.values["p"][0] == 299.0 - 177
    assert r.live_tail == {"p": (now - 5, 777.0)}
    assert r.compare is None


def test_live_without_recent_data(synth) -> None:
    now = local(date(2026, 5, 1), 12).timestamp()
    synth.set_live({"p": 5.0}, now - 2)
    synth.flush()
    r = build_history(synth, request(("p",), Period.LIVE, date(2026, 5, 1)), now, TZ)
    assert not r.has_data and r.live_tail == {"p": (now - 2, 5.0)}


# -- ranking and balance -------------------------------------------------------------------

def test_ranking_sorts_circuits_and_shares_add_up(sim) -> None:
    day = FIRST + timedelta(days=1)
    rk = build_ranking(sim, Period.DAY, day, TZ)
    measured = [c for c in sim.circuits() if c.measured and c.kind is not CircuitKind.MAIN]
    assert {c.key for c in rk.circuits} == {c.key for c in measured}
    assert "main1" not in {c.key for c in rk.circuits}
    kwh = [c.kwh for c in rk.circuits if c.kwh is not None]
    assert kwh == sorted(kwh, reverse=True) and len(kwh) == len(measured) - 1
    assert rk.circuits[-1].key == UNUSED.key and rk.circuits[-1].kwh is None
    assert rk.circuits[-1].share is None
    top = rk.circuits[0]
    expected = rollup_kwh(sim, f"circuit.{top.key}", Interval.DAY, local(day), local(day, 1))
    assert top.kwh == pytest.approx(expected[0])
    assert rk.consumption_kwh == pytest.approx(
        rollup_kwh(sim, s.CONSUMPTION, Interval.DAY, local(day), local(day, 1))[0])
    shares = sum(c.share or 0.0 for c in rk.circuits)
    assert rk.unmeasured_share is not None
    assert shares + rk.unmeasured_share == pytest.approx(1.0, abs=1e-9)
    assert 0.0 < shares <= 1.0 + 1e-3


def test_ranking_over_a_year_is_the_sum_of_its_days(sim) -> None:
    day = build_ranking(sim, Period.DAY, FIRST, TZ)
    year = build_ranking(sim, Period.YEAR, FIRST, TZ)
    days = [build_ranking(sim, Period.DAY, FIRST + timedelta(days=i), TZ) for i in range(DAYS)]
    for c in year.circuits[:-1]:
        assert c.kwh == pytest.approx(sum(
            next(x.kwh or 0.0 for x in d.circuits if x.key == c.key) for d in days))
    assert day.period is Period.DAY and year.anchor == FIRST


def test_rank_circuits_by_hand() -> None:
    a, b, c, d = (CircuitSpec(CircuitKind.BRANCH, i, f"c{i}") for i in range(1, 5))
    rk = rank_circuits(Period.DAY, FIRST, [(a, 1.0), (b, None), (c, 3.0), (d, 1.0)], 10.0)
    assert [x.key for x in rk.circuits] == ["br3", "br1", "br4", "br2"]  # ties keep board order
    assert [x.share for x in rk.circuits] == [0.3, 0.1, 0.1, None]
    assert rk.unmeasured_kwh == pytest.approx(5.0) and rk.unmeasured_share == pytest.approx(0.5)
    blind = rank_circuits(Period.DAY, FIRST, [(a, 1.0)], None)
    assert blind.circuits[0].share is None and blind.unmeasured_kwh is None
    assert blind.unmeasured_share is None


def test_balance_is_the_periods_rollups(sim) -> None:
    day = FIRST + timedelta(days=1)
    b = build_balance(sim, Period.DAY, day, TZ)

    def total(key: str) -> float:
        return float(sim.rollup([key], Interval.DAY, local(day), local(day, 1)).values[key][0])

    assert b.pv_kwh == pytest.approx(total(s.PV) / 1000)
    assert b.fuel_cell_kwh == pytest.approx(total(s.FUEL_CELL) / 1000)
    assert b.bought_kwh == pytest.approx(total(s.GRID_BUY) / 1000)
    assert b.sold_kwh == pytest.approx(total(s.GRID_SELL) / 1000)
    assert b.consumption_kwh == pytest.approx(total(s.CONSUMPTION) / 1000)
    assert b.battery_charge_kwh == pytest.approx(total(s.BATTERY_CHARGE) / 1000)
    assert b.battery_discharge_kwh == pytest.approx(total(s.BATTERY_DISCHARGE) / 1000)
    assert b.ev_charge_kwh == pytest.approx(total(s.EV_CHARGE) / 1000)
    assert b.gas_l == pytest.approx(total(s.GAS)) and b.water_l == pytest.approx(total(s.WATER))
    assert b.pv_kwh is not None and b.pv_kwh > 1.0
    generation = b.pv_kwh + (b.fuel_cell_kwh or 0.0)
    assert b.sold_kwh is not None and b.consumption_kwh and b.bought_kwh is not None
    assert b.self_consumption_rate == pytest.approx(
        min(1.0, max(0.0, (generation - b.sold_kwh) / generation)))
    assert b.self_sufficiency_rate == pytest.approx(
        min(1.0, max(0.0, (b.consumption_kwh - b.bought_kwh) / b.consumption_kwh)))
    month = build_balance(sim, Period.MONTH, day, TZ)
    days = [build_balance(sim, Period.DAY, FIRST + timedelta(days=i), TZ) for i in range(DAYS)]
    assert month.pv_kwh == pytest.approx(sum(d.pv_kwh or 0.0 for d in days))
    assert month.period is Period.MONTH and month.anchor == day


def test_balance_without_data_is_none(sim) -> None:
    b = build_balance(sim, Period.WEEK, date(2026, 6, 1), TZ)
    assert b.pv_kwh is None and b.gas_l is None and b.consumption_kwh is None
    assert b.self_consumption_rate is None and b.self_sufficiency_rate is None


def test_query_opens_its_store_lazily_and_closes(tmp_path: Path) -> None:
    opened: list[Store] = []

    def open_it() -> Store:
        st = open_store(tmp_path / "q", TZ)
        st.define_series([P])
        opened.append(st)
        return st

    query = HistoryQuery(open_it, lambda: AFTER, TZ)
    assert opened == []
    assert not query(request(("p",), Period.DAY, FIRST)).has_data
    assert query.balance(Period.DAY, FIRST).pv_kwh is None
    assert query.ranking(Period.DAY, FIRST).circuits == ()
    assert len(opened) == 1
    query.close()
    query.close()  # idempotent
