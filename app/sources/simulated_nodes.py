"""The simulated home as ECHONET Lite nodes on loopback, one node per 127.0.0.x address.

    nodes = SimulatedNodes(SimulatedHome(HomeConfig(seed=1)), SystemClock())
    nodes.start()          # nodes.addresses -> ["127.0.0.2", ...], nodes.port -> 3610
    ...
    nodes.stop()

Like a real house: a Smart-Cosmo-style node carries the distribution board
(one channel per measured circuit) together with the gas and water meters;
the smart meter, PV inverter, storage battery, fuel cell and V2H unit are
nodes of their own. Values are the model's live readings (`instant`), encoded
with the same property tables the client decodes with; cumulative energies
and volumes are integrated from them on the simulated clock. The devices obey a
controller's Sets physically, in energy balance (power, level, meters, the mains and
the grid follow): the battery its operation mode (0xDA), charging and discharging
methods (0xC1 / 0xC2) and power settings (0xEB / 0xEC) (`simulator.battery_control`);
the EcoCute its heating setting (0xB0: auto, manual heating, manual stop) and the car
charger its operation mode (0xDA: auto, charging, standby) (`simulator.load_control`).
A value outside a device's limits is refused (SetC_SNA) and changes nothing.

The nodes get their own model instance: they are "the house", and must not
share caches or locks with the panel's collector.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import math
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import numpy as np

from app.domain import series as s
from app.echonet import properties
from app.echonet.classes.distribution_board import ChannelList, ChannelRange
from app.echonet.classes.fuel_cell import GenerationWindow
from app.echonet.classes.pv import ControlSchedule
from app.echonet.classes.smart_meter import DayHistory, Segments, SegmentsDay, TimedReading
from app.echonet.client_boards import MAX_LIST_CHANNELS
from app.echonet.codec import EOJ
from app.echonet.device_object import DeviceObject
from app.echonet.node import ECHONET_PORT, EchonetNode, NodeFaults
from app.sources.clock import Clock
from app.sources.simulator.battery_control import (
    CHARGE_METHODS,
    DISCHARGE_METHODS,
    SETTABLE_MODES,
    ControlledBattery,
)
from app.sources.simulator.ecocute import TANK_L, tank_wh
from app.sources.simulator.load_control import (
    ECOCUTE_MODES,
    EV_MODES,
    ControlledEcoCute,
    ControlledEv,
)
from app.sources.simulator.weather import daily_weather, temperature

if TYPE_CHECKING:
    from app.sources.simulator import HomeConfig, SimulatedHome

log = logging.getLogger(__name__)

BOARD, GAS_METER, WATER_METER = EOJ(0x02, 0x87, 1), EOJ(0x02, 0x82, 1), EOJ(0x02, 0x81, 1)
SMART_METER, PV, BATTERY = EOJ(0x02, 0x88, 1), EOJ(0x02, 0x79, 1), EOJ(0x02, 0x7D, 1)
FUEL_CELL, V2H = EOJ(0x02, 0x7C, 1), EOJ(0x02, 0x7E, 1)
AIRCON, WATER_HEATER = EOJ(0x01, 0x30, 1), EOJ(0x02, 0x6B, 1)
LIGHT = EOJ(0x02, 0x90, 1)  # the living room's ceiling light (general lighting)
APPENDIX_RELEASE = "R rev.1"  # 0x82: the Appendix release the tables follow (MRA 1.3.1)
RUNNING_W = 30.0  # above this an appliance reports itself on / heating
CAR_WH = 40_000  # the V2H unit's car

MAINS_VOLTAGE = 100.0  # per phase of a single-phase three-wire service
REFRESH_S = 1.0  # simulated seconds between model evaluations (a real device's update rate)
HALF_HOUR_S = 1800.0  # the smart meter keeps a reading per whole half hour
HISTORY_S = 100 * 86400.0  # ... for the days 0xE5 can ask for (0..99)
METER_UNIT_KWH = 0.01  # 0xE1 code 0x02
MAX_STEP_S = 3600.0  # a larger clock step is a jump: not integrated into the meters

# Faults now and then, like real appliances: per device and 6-hour window of simulated
# time, a seeded draw decides whether a fault starts in it and for how long (a pure
# function of time, so a restarted simulator tells the same story).
FAULT_WINDOW_S = 6 * 3600.0
FAULT_CHANCE = 0.02  # per window: about one fault per device every two weeks
FAULT_CODES = {  # codes a device of the class may raise: standard ones and the maker's
    0x0130: (0x0005, 0x001E, 0x03F2),  # clean the filter, a sensor, maker: filter clogged
    0x026B: (0x0004, 0x003C, 0x03F1),  # refill water, a component, maker: tank sensor
}


def fault_in_window(seed: int, eoj: EOJ, window: int) -> tuple[float, float, int] | None:
    """The fault the device has in 6-hour window ``window``: (start, end, code) in unix
    seconds, or None. Seeded, so the live nodes and a backfill see the same faults."""
    codes = FAULT_CODES.get(eoj.class_code16)
    if not codes:
        return None
    draw = random.Random(seed * 1_000_003 + eoj.to_int() * 7919 + window)
    if draw.random() >= FAULT_CHANCE:
        return None
    start = window * FAULT_WINDOW_S + draw.uniform(0, FAULT_WINDOW_S / 2)
    duration = draw.uniform(600.0, 5400.0)
    return start, start + duration, draw.choice(codes)


def seeded_fault(seed: int, eoj: EOJ, now: float) -> int | None:
    """The 0x89 code the device reports at ``now`` (None: no fault)."""
    fault = fault_in_window(seed, eoj, int(now // FAULT_WINDOW_S))
    return fault[2] if fault is not None and fault[0] <= now < fault[1] else None


class HouseState:
    """The model's live values plus meters integrated from them, refreshed lazily.

    Called from the nodes' event loop only (one thread), so no lock is needed.
    """

    def __init__(self, home: SimulatedHome, clock: Clock) -> None:
        self._home = home
        self._clock = clock
        self._at: float | None = None
        self.at = 0.0  # simulated unix time of `values`
        self.values: dict[str, float] = {}
        # Meter readings at start-up: a house that has been lived in for a while.
        seed = home.config.seed
        self.kwh = {"buy": 4321.0 + seed, "sell": 2345.0, "pv": 8765.0, "fuelcell": 3210.0,
                    "charge": 1234.0, "discharge": 1111.0, "ev_charge": 987.0,
                    "ev_discharge": 0.0}
        self.litres = {s.GAS: 812_000.0, s.WATER: 1_234_000.0}
        self.channel_kwh: dict[str, float] = {}
        self.battery_mode = "auto"  # 0xDA as last Set; "auto": the model's own program
        self.battery = ControlledBattery(home.config)
        cfg = home.config
        ecocute_key = home.load_circuit("ecocute")
        self.ecocute = None if ecocute_key is None else ControlledEcoCute(
            ecocute_key, home.ecocute_run, home.midnight_minute,
            lambda day: tank_wh(daily_weather(cfg.seed, day), date.fromordinal(day)))
        self.ev = ControlledEv(home.load_circuit("ev"), cfg.ev_charger_w, CAR_WH)
        self.aircon: dict[int, str | int] = {}  # what the household set (0xB0 mode, 0xB3 °C)
        self.light: dict[int, str | int] = {}  # what was Set on the light (0x80, 0xB0, 0xB6)
        self.forced_faults: dict[EOJ, int | None] = {}  # raise_fault / clear_fault (None)
        self.half_hours: dict[float, dict[str, float]] = {}  # meters at whole half hours
        self.meter_day = 0  # the smart meter's 0xE5: which day 0xE2/0xE4 show
        self.meter_log: SegmentsDay | None = None  # its 0xEF: what 0xEE shows (None: newest)
        self.zone = ZoneInfo(home.config.timezone)

    def local_now(self) -> datetime:
        """The simulated wall clock of the house (what 0x97/0x98 show)."""
        return datetime.fromtimestamp(self._clock.now(), self.zone)

    def outdoor_c(self) -> float:
        at = datetime.fromtimestamp(self.at, self.zone)
        minute = np.array([at.hour * 60 + at.minute], dtype=float)
        return float(temperature(self._home.config.seed, at.date().toordinal(), minute)[0])

    def last_half_hour(self) -> float:
        """The newest whole half hour (unix s) at or before now."""
        return self._clock.now() // HALF_HOUR_S * HALF_HOUR_S

    def fault_code(self, eoj: EOJ) -> int | None:
        """The 0x89 code the device reports now, or None when it is fine."""
        if eoj in self.forced_faults:
            return self.forced_faults[eoj]
        return seeded_fault(self._home.config.seed, eoj, self._clock.now())

    def minute_of_day(self, at: float) -> float:
        """The middle of the local minute ``at`` falls in (the model's time of day)."""
        local = datetime.fromtimestamp(at, self.zone)
        return local.hour * 60 + local.minute + 0.5

    def set_battery_mode(self, mode: str) -> None:
        """A 0xDA Set: the time until now ran under the old mode, from now the new one."""
        self.refresh()
        self.battery_mode = mode
        if mode != "auto":
            self.battery.take_over(self.values.get(s.BATTERY_SOC, 0.0))

    def set_battery(self, epc: int, value: Any) -> None:
        """A Set of the battery's methods or power settings, from now on."""
        self.refresh()
        battery = self.battery
        if epc == 0xC1:
            battery.charge_method = value
        elif epc == 0xC2:
            battery.discharge_method = value
        elif epc == 0xEB:
            battery.charge_power_w = float(value)
        elif epc == 0xEC:
            battery.discharge_power_w = float(value)
        elif epc == 0xA7:
            battery.reserve_pct = float(value)

    def set_ecocute_mode(self, mode: str) -> None:
        self.refresh()
        assert self.ecocute is not None
        self.ecocute.mode = mode

    def set_ev_mode(self, mode: str) -> None:
        self.refresh()
        self.ev.mode = mode

    def refresh(self) -> dict[str, float]:
        now = self._clock.now()
        if self._at is not None and 0 <= now - self._at < REFRESH_S:
            return self.values
        model = self._home.instant(now)
        dt = 0.0 if self._at is None else now - self._at
        # The devices as their settings make them (the model's own under "auto"); a
        # clock jump moves neither their stores nor the meters.
        hours = dt / 3600.0 if 0 < dt <= MAX_STEP_S else 0.0
        values = model
        means: dict[str, float] = {}

        def mean(key: str) -> Callable[[], float]:
            def get() -> float:  # the model's minute mean, looked up only when needed
                if not means:
                    minute = self._home.evaluate(math.floor(now / 60.0), 1)
                    means.update((k, float(v[0])) for k, v in minute.items())
                return means.get(key, 0.0)
            return get

        if self.ecocute is not None:
            ordinal, _ = self._home.local_minute(now)
            values = self.ecocute.step(values, ordinal, now / 60.0, hours,
                                       mean(self.ecocute.circuit))
        values = self.ev.step(values, hours, mean(s.EV_CHARGE))
        # The model's battery flows hold only for the model's load.
        values = self.battery.step(self.battery_mode, values, self.minute_of_day(now), hours,
                                   follows_model=values is model)
        if 0 < dt <= MAX_STEP_S:
            assert self._at is not None
            boundary = (self._at // HALF_HOUR_S + 1) * HALF_HOUR_S
            if boundary <= now:  # a whole half hour passed: the meter keeps its reading
                self._integrate(values, (boundary - self._at) / 3600.0)
                self.half_hours[boundary] = dict(self.kwh)
                for old in [at for at in self.half_hours if at < boundary - HISTORY_S]:
                    del self.half_hours[old]
                self._integrate(values, (now - boundary) / 3600.0)
            else:
                self._integrate(values, dt / 3600.0)
        self._at, self.at, self.values = now, now, values
        return values

    def _integrate(self, v: Mapping[str, float], hours: float) -> None:
        pairs = {"buy": s.GRID_BUY, "sell": s.GRID_SELL, "pv": s.PV, "fuelcell": s.FUEL_CELL,
                 "charge": s.BATTERY_CHARGE, "discharge": s.BATTERY_DISCHARGE,
                 "ev_charge": s.EV_CHARGE}
        for meter, key in pairs.items():
            self.kwh[meter] += v.get(key, 0.0) * hours / 1000.0
        for key in (s.GAS, s.WATER):  # L per minute
            self.litres[key] += v.get(key, 0.0) * hours * 60.0
        for key, watts in v.items():
            if key.startswith("circuit."):
                self.channel_kwh[key] = self.channel_kwh.get(key, 0.0) + watts * hours / 1000.0


Getter = Callable[[HouseState], Any]


def valid_edt(class_code: int, epc: int, edt: bytes) -> Any:
    """The decoded value of a Set's EDT, or None when the class table rejects it
    (wrong length, out of range, unknown code)."""
    try:
        return properties.decode(class_code, epc, edt)
    except (ValueError, properties.UnknownProperty):  # FrameError is a ValueError
        return None


@dataclass(frozen=True)
class SimulatedDevice:
    """One device object: EOJ, physical-value getters per EPC, and what may be Set."""

    eoj: EOJ
    getters: Mapping[int, Getter]
    settable: frozenset[int] = frozenset()
    on_set: Callable[[HouseState, int, bytes], bool] | None = None
    location: str = "undefined"  # 0x81, as an installer would have set it
    # The load whose power says whether the appliance runs (0x80 on above RUNNING_W);
    # None: always on. A backfill derives the same states from it (model_events).
    runs_on: str | None = None

    def object(self, state: HouseState) -> DeviceObject:
        class_code = self.eoj.class_code16
        eoj = self.eoj
        getters = dict(self.getters)
        if self.runs_on is not None:
            getters[0x80] = _running(self.runs_on)
        # Status, place, Appendix release, maker (the simulated home's: 0), identification
        # (0xFE, maker, 13 unique bytes), product code, the device's clock.
        fixed: dict[int, Getter] = {
            0x80: lambda st: "on", 0x81: lambda st: self.location,
            0x82: lambda st: APPENDIX_RELEASE, 0x8A: lambda st: 0x000000,
            0x83: lambda st: f"FE000000{eoj.to_int():026X}",
            0x8C: lambda st: f"SIM-{class_code:04X}",
            0x97: lambda st: st.local_now().strftime("%H:%M"),
            0x98: lambda st: st.local_now().strftime("%Y-%m-%d"),
        }

        def fault(epc: int) -> Any:
            code = state.fault_code(eoj)
            if epc == 0x88:
                return "no_fault" if code is None else "fault"
            return 0 if code is None else code  # 0x89: 0 = no fault

        def source(epc: int) -> bytes | None:
            getter = getters.get(epc)
            if getter is not None:
                state.refresh()  # values and meters up to the simulated now
            if epc in (0x88, 0x89):
                value = fault(epc)
            else:
                value = (getter or fixed[epc])(state)
            if value is None:
                return None
            try:
                return properties.encode_value(class_code, epc, value)
            except (ValueError, properties.UnknownProperty):  # cannot carry this value
                log.debug("%s EPC %#04x: cannot publish %r", self.eoj, epc, value)
                return None

        def on_set(epc: int, edt: bytes) -> bool:
            # Validate against the class table before the device sees the value: a
            # refused Set must leave everything as it was.
            if self.on_set is None or valid_edt(class_code, epc, edt) is None:
                return False
            return self.on_set(state, epc, edt)

        return DeviceObject(self.eoj, source, settable=self.settable,
                            on_set=None if self.on_set is None else on_set,
                            gettable=frozenset(getters) | frozenset(fixed) | {0x88, 0x89})


def _w(key: str) -> Getter:
    return lambda st: round(st.values.get(key, 0.0))


def _kwh(meter: str, resolution: float) -> Getter:
    """A meter in kWh, rounded to the property's resolution."""
    return lambda st: round(st.kwh[meter] / resolution) * resolution


def _count(meter: str, kwh_per_count: float) -> Getter:
    """A meter as the raw count of a property whose unit is given separately."""
    return lambda st: round(st.kwh[meter] / kwh_per_count)


def board_device(channel_keys: tuple[str, ...]) -> SimulatedDevice:
    """The distribution board: channel n carries measured circuit ``channel_keys[n-1]``."""
    unit_kwh = 0.01  # 0xC2 code 0x02: 0.01 kWh per count

    # The list Gets answer the range last set (0xB6 power, 0xB2 energy), as real boards
    # do; until one is set, the first MAX_LIST_CHANNELS channels.
    ranges = {0xB2: ChannelRange(1, min(len(channel_keys), MAX_LIST_CHANNELS)),
              0xB6: ChannelRange(1, min(len(channel_keys), MAX_LIST_CHANNELS))}

    def window(epc: int) -> tuple[int, tuple[str, ...]]:
        start, count = ranges[epc]
        return start, channel_keys[start - 1:start - 1 + count]

    def powers(st: HouseState) -> ChannelList:
        start, keys = window(0xB6)
        return ChannelList(start, tuple(round(st.values.get(k, 0.0)) for k in keys))

    def energies(st: HouseState) -> ChannelList:
        start, keys = window(0xB2)
        return ChannelList(start, tuple(round(st.channel_kwh.get(k, 0.0) / unit_kwh)
                                        for k in keys))

    def set_range(st: HouseState, epc: int, edt: bytes) -> bool:
        try:
            wanted = properties.decode(BOARD.class_code16, epc, edt)
        except ValueError:
            return False
        if wanted is None or not 1 <= wanted.count <= MAX_LIST_CHANNELS or \
                not 1 <= wanted.start <= len(channel_keys):
            return False  # refused: the range stays as it was
        ranges[epc] = wanted
        return True

    def mains(st: HouseState) -> tuple[float, float]:
        v = st.values
        return tuple(round(v.get(f"circuit.main{n}", 0.0) / MAINS_VOLTAGE, 1) for n in (1, 2))

    return SimulatedDevice(BOARD, location="washroom", getters={
        0xB1: lambda st: len(channel_keys),
        0xB2: lambda st: ranges[0xB2],
        0xB3: energies,
        0xB6: lambda st: ranges[0xB6],
        0xB7: powers,
        0xC0: _count("buy", unit_kwh),
        0xC1: _count("sell", unit_kwh),
        0xC2: lambda st: unit_kwh,
        # The main line's measured power, signed like the smart meter's 0xE7 (Appendix:
        # normal direction = purchase positive, reverse = sale negative).
        0xC6: _grid_w,
        0xC7: mains,
    }, settable=frozenset({0xB2, 0xB6}), on_set=set_range)


def smart_meter_device(zone: ZoneInfo) -> SimulatedDevice:
    """The B-route meter, with the half-hourly readings it keeps (0xE2/0xE4/0xEA/0xEB).

    Half hours it has not lived through since start-up are "no data", like a meter
    that was just installed.
    """

    def count(meter: str, kwh: float | None) -> int | None:
        return None if kwh is None else round(kwh / METER_UNIT_KWH)

    def history(meter: str) -> Getter:
        def get(st: HouseState) -> DayHistory:
            day = int(st.meter_day)
            today = datetime.fromtimestamp(st.at, zone).replace(hour=0, minute=0, second=0,
                                                                microsecond=0)
            start = today.timestamp() - day * 86400.0
            slots = (st.half_hours.get(start + i * HALF_HOUR_S) for i in range(48))
            return DayHistory(day, tuple(count(meter, None if v is None else v[meter])
                                         for v in slots))
        return get

    def local(at: float) -> datetime:
        return datetime.fromtimestamp(at, zone).replace(tzinfo=None)

    def kept(st: HouseState, at: float, meter: str) -> int | None:
        reading = st.half_hours.get(at)  # not lived through: no data
        return count(meter, None if reading is None else reading[meter])

    def fixed_time(meter: str) -> Getter:
        def get(st: HouseState) -> TimedReading:
            at = st.last_half_hour()
            return TimedReading(local(at), kept(st, at, meter))
        return get

    def every_minute(st: HouseState) -> Segments:
        now = datetime.fromtimestamp(st.at, zone).replace(tzinfo=None, second=0, microsecond=0)
        return Segments(now, ((count("buy", st.kwh["buy"]), count("sell", st.kwh["sell"])),))

    def log_day(st: HouseState) -> SegmentsDay:
        return st.meter_log or SegmentsDay(local(st.last_half_hour()), 10)

    def log(st: HouseState) -> Segments:
        newest, segments = log_day(st)
        assert newest is not None
        start = newest.replace(tzinfo=zone).timestamp()
        ats = [start - i * HALF_HOUR_S for i in range(segments)]
        return Segments(newest, tuple((kept(st, a, "buy"), kept(st, a, "sell")) for a in ats))

    def currents(st: HouseState) -> tuple[float, float]:
        amps = round(_grid_w(st) / 2 / MAINS_VOLTAGE, 1)  # both phases of 100 V
        return (amps, amps)

    def on_set(st: HouseState, epc: int, edt: bytes) -> bool:
        value = valid_edt(SMART_METER.class_code16, epc, edt)
        if epc == 0xE5:
            st.meter_day = int(value)
        else:  # 0xEF: which half hours 0xEE lists
            st.meter_log = value
        return True

    return SimulatedDevice(SMART_METER, {
        0xC0: lambda st: "00" * 16, 0xD0: every_minute,
        0xD3: lambda st: 1, 0xD7: lambda st: 8, 0xE1: lambda st: METER_UNIT_KWH, 0xE7: _grid_w,
        0xE0: _count("buy", METER_UNIT_KWH), 0xE3: _count("sell", METER_UNIT_KWH),
        0xE2: history("buy"), 0xE4: history("sell"), 0xE5: lambda st: st.meter_day,
        0xE8: currents, 0xEA: fixed_time("buy"), 0xEB: fixed_time("sell"),
        0xEE: log, 0xEF: log_day,
    }, settable=frozenset({0xE5, 0xEF}), on_set=on_set, location="garden")


def _litres(key: str) -> Getter:
    return lambda st: round(st.litres[key])


def _grid_w(st: HouseState) -> int:
    v = st.values
    return round(v.get(s.GRID_BUY, 0.0) - v.get(s.GRID_SELL, 0.0))


def _battery_w(st: HouseState) -> int:
    v = st.values
    return round(v.get(s.BATTERY_CHARGE, 0.0) - v.get(s.BATTERY_DISCHARGE, 0.0))


def _battery_status(st: HouseState) -> str:
    watts = _battery_w(st)
    return "charging" if watts > 0 else "discharging" if watts < 0 else "standby"


def _set_battery(st: HouseState, epc: int, edt: bytes) -> bool:
    """0xDA mode, 0xC1 / 0xC2 methods, 0xEB / 0xEC powers, 0xA7 reserve; the battery obeys
    them physically (battery_control). A value it cannot carry out is refused."""
    value = valid_edt(BATTERY.class_code16, epc, edt)
    if epc == 0xDA:
        if value not in SETTABLE_MODES:  # test/restart stay with the installer
            return False
        st.set_battery_mode(value)
        return True
    if epc == 0xC1 and value not in CHARGE_METHODS:
        return False
    if epc == 0xC2 and value not in DISCHARGE_METHODS:
        return False
    if epc in (0xEB, 0xEC) and not st.battery.power_in_range(value):
        return False  # outside 0xC8 / 0xC9
    st.set_battery(epc, value)
    return True


def _ev_working(st: HouseState) -> str:
    return "charging" if st.values.get(s.EV_CHARGE, 0.0) > 0 else "standby"


def _set_ev_mode(st: HouseState, epc: int, edt: bytes) -> bool:
    mode = valid_edt(V2H.class_code16, epc, edt)
    if mode not in EV_MODES:  # the car's discharge (V2H) is not modelled
        return False
    st.set_ev_mode(mode)
    return True


def _set_ecocute_mode(st: HouseState, epc: int, edt: bytes) -> bool:
    mode = valid_edt(WATER_HEATER.class_code16, epc, edt)
    if mode not in ECOCUTE_MODES:
        return False
    st.set_ecocute_mode(mode)
    return True


def _running(key: str) -> Getter:
    return lambda st: "on" if st.values.get(key, 0.0) > RUNNING_W else "off"


def _aircon(home: SimulatedHome) -> SimulatedDevice | None:
    """The living-room air conditioner: its power is its circuit's. The model has no
    room temperature: running, the room is at the set temperature; off, it drifts
    halfway from a comfortable 22 °C to the outdoors."""
    key = home.load_circuit("ac_living")
    if key is None:
        return None

    zone = ZoneInfo(home.config.timezone)

    def mode(st: HouseState) -> str:
        month = datetime.fromtimestamp(st.at, zone).month
        return str(st.aircon.get(0xB0, "cooling" if 5 <= month <= 9 else "heating"))

    def target(st: HouseState) -> int:
        return int(st.aircon.get(0xB3, 27 if mode(st) == "cooling" else 21))

    def room(st: HouseState) -> int:
        if st.values.get(key, 0.0) > RUNNING_W:
            return target(st)
        return round((22.0 + st.outdoor_c()) / 2)

    def on_set(st: HouseState, epc: int, edt: bytes) -> bool:
        value = valid_edt(AIRCON.class_code16, epc, edt)
        if value is None:  # checked before storing: a refusal changes nothing
            return False
        st.aircon[epc] = value
        return True

    return SimulatedDevice(AIRCON, {
        0x84: _w(key), 0xB0: mode, 0xB3: target,
        0x8F: lambda st: "normal", 0xA0: lambda st: "auto", 0xBB: room,
        0xBE: lambda st: round(st.outdoor_c()),
    }, settable=frozenset({0xB0, 0xB3}), on_set=on_set, location="living_room", runs_on=key)


def _light(home: SimulatedHome) -> SimulatedDevice | None:
    """The living room's ceiling light on the home network: on and off as the model's
    household uses it, until a controller switches it (then it stays as Set; the model's
    power is the household's own use and does not follow)."""
    key = home.load_circuit("light_living")
    if key is None:
        return None

    def status(st: HouseState) -> str:
        return str(st.light.get(0x80) or _running(key)(st))

    def on_set(st: HouseState, epc: int, edt: bytes) -> bool:
        value = valid_edt(LIGHT.class_code16, epc, edt)
        if value is None:
            return False
        st.light[epc] = value
        return True

    return SimulatedDevice(LIGHT, {
        0x80: status, 0xB0: lambda st: int(st.light.get(0xB0, 80)),
        0xB6: lambda st: str(st.light.get(0xB6, "normal")),
    }, settable=frozenset({0x80, 0xB0, 0xB6}), on_set=on_set, location="living_room")


def _water_heater(home: SimulatedHome) -> SimulatedDevice | None:
    """The EcoCute heats at night by its own program (0xB0 "auto"); a controller may make
    it heat now ("manual_heating": until the tank is full, then it keeps it full) or not
    at all ("manual_stop"); see `simulator.load_control`. It says "on" (0x80) while its
    circuit draws, as units that switch their heat pump off between heatings do, so the
    appliance history shows each heating; 0xB2 says whether the heat pump heats."""
    key = home.load_circuit("ecocute")
    if key is None:
        return None

    def heating(st: HouseState) -> str:
        assert st.ecocute is not None
        return "heating" if st.ecocute.heating_w > RUNNING_W else "not_heating"

    return SimulatedDevice(WATER_HEATER, {
        0x84: _w(key), 0xB0: lambda st: st.ecocute.mode if st.ecocute else "auto",
        0xE2: lambda st: round(TANK_L),
        0xB2: heating,
        0xC0: lambda st: "off",  # no day-time reheating
        0xC3: lambda st: "supplying" if st.values.get(s.WATER, 0.0) > 0 else "not_supplying",
        0xC7: lambda st: "not_participating", 0xC8: lambda st: 23, 0xC9: lambda st: 1,
        0xCA: lambda st: "cleared", 0xCD: lambda st: "cleared",
        # Energy a heating started at 10, 13, 15 and 17 h would take, and per hour more.
        0xCB: lambda st: (5200, 4800, 4600, 4500), 0xCC: lambda st: (300, 280, 270, 260),
        0xCE: lambda st: (4800, 4600, 4500), 0xCF: lambda st: (280, 270, 260),
        0xE3: lambda st: "non_auto",
    }, settable=frozenset({0xB0}), on_set=_set_ecocute_mode, location="garden", runs_on=key)


def _battery(cfg: HomeConfig) -> SimulatedDevice:
    """The storage battery: DC and AC sides are the same here (no conversion losses)."""
    soc, capacity = s.BATTERY_SOC, cfg.battery_capacity_wh
    volts = 51.2  # a 16-cell lithium-ion pack, for the Ah properties

    def remaining(st: HouseState) -> float:
        return st.values.get(soc, 0.0) * capacity / 100.0

    return SimulatedDevice(BATTERY, {
        0xCF: _battery_status, 0xD3: _battery_w, 0xD6: _kwh("discharge", 0.001),
        0xD8: _kwh("charge", 0.001), 0xDA: lambda st: st.battery_mode,
        0xE4: lambda st: round(st.values.get(soc, 0.0)),
        0xE2: lambda st: round(remaining(st)),
        0xE3: lambda st: round(remaining(st) / volts, 1),
        0xC8: lambda st: (0, round(cfg.battery_power_w)),
        0xC9: lambda st: (0, round(cfg.battery_power_w)),
        0xDB: lambda st: "reverse_flow_not_acceptable",  # a battery may not sell
        0xE6: lambda st: "lithium_ion",
        0xA0: lambda st: round(capacity), 0xA1: lambda st: round(capacity),
        0xA2: lambda st: round(capacity), 0xA3: lambda st: round(capacity),
        0xA4: lambda st: round(capacity - remaining(st)), 0xA5: lambda st: round(remaining(st)),
        0xA8: _kwh("charge", 0.001), 0xA9: _kwh("discharge", 0.001),
        0xAA: lambda st: 0, 0xAB: lambda st: 0,  # no charge / discharge amount set
        0xC1: lambda st: st.battery.charge_method,
        0xC2: lambda st: st.battery.discharge_method,
        0xEB: lambda st: round(st.battery.charge_power_w),
        0xEC: lambda st: round(st.battery.discharge_power_w),
        0xA7: lambda st: round(st.battery.reserve_pct),
    }, settable=frozenset({0xDA, 0xC1, 0xC2, 0xEB, 0xEC, 0xA7}), on_set=_set_battery,
        location="garden")


def _pv(cfg: HomeConfig) -> SimulatedDevice:
    """The PV power conditioner: a FIT contract, no output control scheduled."""
    rated = round(cfg.pv_capacity_w)

    def schedule(st: HouseState) -> ControlSchedule:
        return ControlSchedule(st.local_now().strftime("%Y-%m-%d"), (100,) * 96)

    def next_access(st: HouseState) -> datetime:
        tomorrow = st.local_now().date().toordinal() + 1
        return datetime.fromordinal(tomorrow)  # the schedule is fetched each midnight

    return SimulatedDevice(PV, {
        0xE0: _w(s.PV), 0xE1: _kwh("pv", 0.001), 0xE3: _kwh("sell", 0.001),
        0xA0: lambda st: 100, 0xA1: lambda st: rated, 0xA2: lambda st: "off",
        0xB0: schedule, 0xB1: next_access, 0xB2: lambda st: "off",
        0xB4: lambda st: rated, 0xC1: lambda st: "fit", 0xC2: lambda st: "with_self_consumption",
        0xC3: lambda st: rated, 0xC4: lambda st: 100,
        0xD0: lambda st: "reverse_flow_acceptable", 0xD1: lambda st: "not_restrained",
        0xE8: lambda st: rated,
    }, location="garden")


def _fuel_cell() -> SimulatedDevice:
    return SimulatedDevice(FUEL_CELL, {
        0xC4: _w(s.FUEL_CELL), 0xC5: _kwh("fuelcell", 0.001),
        0xCB: lambda st: "generating" if st.values.get(s.FUEL_CELL, 0.0) > 0 else "stopped",
        0xCA: lambda st: "on", 0xC2: lambda st: 700,
        0xD0: lambda st: "reverse_flow_not_acceptable",  # ENE-FARM never sells
        0xD1: lambda st: GenerationWindow("00:00", "23:59"),
        0xD2: lambda st: "load_following",
    }, location="garden")


def _v2h(cfg: HomeConfig) -> SimulatedDevice:
    """The V2H unit with a 40 kWh car. Its program (0xDA "auto") is the model's charging
    sessions; a controller may start ("charging") or stop ("standby") the charge (see
    `simulator.load_control`: the car's level is the model's 60 % plus what it was
    charged beyond the model). Discharging the car into the house is not modelled: the
    unit says it can only charge (0xC7, 0xCC), and that mode is refused."""
    rated = round(cfg.ev_charger_w)
    amps = round(cfg.ev_charger_w / 200.0, 1)  # 200 V
    connected = cfg.has_ev

    def stored(st: HouseState) -> int:
        return round(CAR_WH * st.ev.level_pct() / 100)

    return SimulatedDevice(V2H, {
        0xD3: _w(s.EV_CHARGE), 0xD8: _kwh("ev_charge", 0.001),
        0xDA: lambda st: st.ev.mode, 0xE1: _ev_working,
        0xC7: lambda st: "connected_chargeable" if connected else "not_connected",
        0xC0: lambda st: CAR_WH, 0xC2: stored,
        0xC4: lambda st: round(st.ev.level_pct()), 0xC5: lambda st: rated,
        0xC6: lambda st: 0,  # a charger: no discharge
        0xC8: lambda st: (0, rated), 0xC9: lambda st: (0, 0),
        0xCA: lambda st: (0.0, amps), 0xCB: lambda st: (0.0, 0.0),
        0xCC: lambda st: "dc_aa_charge", 0xCE: lambda st: CAR_WH,
        0xCF: lambda st: CAR_WH - stored(st), 0xD0: lambda st: CAR_WH - stored(st),
        0xDC: lambda st: "maximum", 0xDD: lambda st: "load_following",
        0xE2: stored, 0xE4: lambda st: round(st.ev.level_pct()),
        0xE6: lambda st: "",  # the car does not tell its ID
    }, settable=frozenset({0xDA}) if connected else frozenset(),
        on_set=_set_ev_mode if connected else None, location="garage")


def house_devices(home: SimulatedHome) -> list[list[SimulatedDevice]]:
    """Devices grouped by node, in node order (the first is the Smart-Cosmo-style node)."""
    channels = tuple(c.series_key for c in home.circuits
                     if c.measured and not c.key.startswith("main"))
    cfg = home.config
    nodes = [
        [board_device(channels),
         # 0xE0 of the gas meter is in m³ (1 L steps); the water meter's count has its
         # own unit (0xE1), here 0.001 m³, i.e. litres.
         SimulatedDevice(GAS_METER, {0xE0: lambda st: round(st.litres[s.GAS]) / 1000.0},
                         location="garden"),
         SimulatedDevice(WATER_METER, {0xD0: lambda st: "running_water",
                                       0xE0: _litres(s.WATER), 0xE1: lambda st: 0.001},
                         location="garden")],
        [smart_meter_device(ZoneInfo(cfg.timezone))],
        [_pv(cfg)],
    ]
    if cfg.has_battery:
        nodes.append([_battery(cfg)])
    if cfg.has_fuel_cell:
        nodes.append([_fuel_cell()])
    nodes.append([_v2h(cfg)])
    appliances = [device for device in (_aircon(home), _water_heater(home), _light(home))
                  if device]
    if appliances:
        nodes.append(appliances)
    return nodes


class SimulatedNodes:
    """Runs the house's nodes on one private event loop in a daemon thread.

    ``port`` 3610 is the protocol's port; 0 lets the first node pick a free port and
    the others share it (the client addresses devices by IP with one port). Each node
    also hears the multicast group 224.0.23.0 (``multicast``), so a controller that
    discovers by multicast finds the house.
    """

    def __init__(self, home: SimulatedHome, clock: Clock, *, first_host: str = "127.0.0.2",
                 port: int = ECHONET_PORT, subscribers: tuple[tuple[str, int], ...] = (),
                 multicast: bool = True) -> None:
        self.state = HouseState(home, clock)
        base = ipaddress.IPv4Address(first_host)
        self.nodes: list[EchonetNode] = []
        for i, devices in enumerate(house_devices(home)):
            host = str(base + i)
            unique = bytes(ipaddress.IPv4Address(host).packed).rjust(13, b"\x00")
            objects = [d.object(self.state) for d in devices]
            self.nodes.append(EchonetNode(host, port, objects, subscribers=subscribers,
                                          unique_id=unique, multicast=multicast))
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="echonet-nodes",
                                        daemon=True)

    @property
    def addresses(self) -> list[str]:
        return [n.host for n in self.nodes]

    @property
    def port(self) -> int:
        return self.nodes[0].port

    def start(self, timeout_s: float = 5.0) -> SimulatedNodes:
        self._thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self._start_all(), self._loop).result(timeout_s)
        except BaseException:
            self.stop()
            raise
        return self

    async def _start_all(self) -> None:
        first, *rest = self.nodes
        await first.start()
        for node in rest:
            node.port = first.port  # one port for the house, as the client expects
            await node.start()

    def set_faults(self, faults: NodeFaults, host: str | None = None) -> None:
        """Inject faults into one node (by address) or all of them.

        Each node draws its drops from its own seed (``seed`` + its index): with one
        seed for all, every node would drop the same requests at the same moments.
        """
        for index, node in enumerate(self.nodes):
            if host is None or node.host == host:
                own = replace(faults, seed=faults.seed + index)
                self._loop.call_soon_threadsafe(setattr, node, "faults", own)

    def raise_fault(self, device: EOJ | int, code: int) -> None:
        """Make a device report a fault (0x88 fault, 0x89 `code`) until `clear_fault`.

        ``device`` is an EOJ or a class code such as 0x026B (its instance 1).
        """
        self._loop.call_soon_threadsafe(self.state.forced_faults.__setitem__,
                                        self._eoj(device), code)

    def clear_fault(self, device: EOJ | int) -> None:
        """The device is fine again (and random faults are off for it until restart)."""
        self._loop.call_soon_threadsafe(self.state.forced_faults.__setitem__,
                                        self._eoj(device), None)

    @staticmethod
    def _eoj(device: EOJ | int) -> EOJ:
        if isinstance(device, EOJ):
            return device
        return EOJ(device >> 8, device & 0xFF, 1)

    def stop(self, timeout_s: float = 5.0) -> None:
        if not self._thread.is_alive():
            return

        async def stop_all() -> None:
            for node in self.nodes:
                await node.stop()

        try:
            asyncio.run_coroutine_threadsafe(stop_all(), self._loop).result(timeout_s)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout_s)
            if not self._thread.is_alive():
                self._loop.close()

    def __enter__(self) -> SimulatedNodes:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
