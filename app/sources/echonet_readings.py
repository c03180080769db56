"""Which ECHONET Lite properties the panel polls, and how they become series values.

Pure functions (no sockets): `POLLED` says, per device class, which EPCs go in the
fast lane (powers, read every live interval) and the slow lane (meters and
levels); `series_values` turns one device's decoded readings into series values.
Cumulative gas and water meters become a rate (L per minute) from two readings,
which is what the store's volume series hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.domain import series as s
from app.domain.commissioning import ChannelMap
from app.echonet.classes.distribution_board import ChannelList
from app.echonet.classes.water_flow_meter import scale_flow

BOARD, SMART_METER, PV, BATTERY = 0x0287, 0x0288, 0x0279, 0x027D
FUEL_CELL, V2H, GAS_METER, WATER_METER = 0x027C, 0x027E, 0x0282, 0x0281
AIRCON, WATER_HEATER = 0x0130, 0x026B
STATUS = (0x80, 0x88, 0x89)  # on/off, fault, fault code: the appliance history (device_events)
MAINS_VOLTAGE = 100.0  # per phase: a board measures current; power = current x 100 V
NO_CHANNELS = ChannelMap()  # a board not commissioned yet: nothing of it is recorded


@dataclass(frozen=True)
class Lanes:
    fast: tuple[int, ...]
    slow: tuple[int, ...] = ()


POLLED: dict[int, Lanes] = {
    # The channel list (0xB7) is read range by range apart (EchonetSource._read_board).
    BOARD: Lanes((0xC6, 0xC7)),
    SMART_METER: Lanes((0xE7,)),
    PV: Lanes((0xE0,), STATUS),
    BATTERY: Lanes((0xD3,), (0xE4, 0xDA, 0xCF, *STATUS)),
    FUEL_CELL: Lanes((0xC4,), STATUS),
    V2H: Lanes((0xD3,), (0xDA, *STATUS)),
    GAS_METER: Lanes((), (0xE0,)),
    WATER_METER: Lanes((), (0xE0, 0xE1)),  # the count and its unit, read together
    # Appliances are charted through their circuits; they are polled for their history.
    AIRCON: Lanes((), STATUS),
    WATER_HEATER: Lanes((), STATUS),
}
# Series fed from the slow lane: fresh for two slow intervals, not two fast ones.
SLOW_SERIES = frozenset({s.BATTERY_SOC, s.GAS, s.WATER})


def _split(value: float, positive: str, negative: str) -> dict[str, float]:
    """A signed power as two non-negative series (buy/sell, charge/discharge)."""
    return {positive: max(value, 0.0), negative: max(-value, 0.0)}


def _board(readings: Mapping[int, Any], channels: ChannelMap) -> dict[str, float]:
    out: dict[str, float] = {}
    listed = readings.get(0xB7)
    if isinstance(listed, ChannelList):
        for offset, watts in enumerate(listed.values):
            value = None if watts is None else channels.value(listed.start + offset, watts)
            if value is not None:  # unassigned channels are not recorded
                out[value[0]] = value[1]
    if readings.get(0xC6) is not None and channels.board_is_grid:
        # The main line's power is the grid's, signed like the smart meter's 0xE7
        # (purchase positive, sale negative); consumption is derived: `with_consumption`.
        # Only where the installer chose the board as the grid meter: two meters of one
        # flow would overwrite each other.
        out.update(_split(float(readings[0xC6]), s.GRID_BUY, s.GRID_SELL))
    currents = readings.get(0xC7)
    if currents is not None:
        for n, amps in ((1, currents.r), (2, currents.t)):
            key = f"circuit.main{n}"
            if amps is not None and key in channels.mains:
                out[key] = max(amps * MAINS_VOLTAGE, 0.0)
    return out


def series_values(class_code: int, readings: Mapping[int, Any],
                  channels: ChannelMap = NO_CHANNELS) -> dict[str, float]:
    """Series values from one device's decoded readings (EPC -> value); None = no data.

    Cumulative meters (gas, water) are not here: see `VolumeRate`.
    """
    value = {epc: v for epc, v in readings.items() if v is not None}
    if class_code == BOARD:
        return _board(value, channels)
    if class_code == SMART_METER and 0xE7 in value:
        return _split(float(value[0xE7]), s.GRID_BUY, s.GRID_SELL)
    if class_code == PV and 0xE0 in value:
        return {s.PV: float(value[0xE0])}
    if class_code == FUEL_CELL and 0xC4 in value:
        return {s.FUEL_CELL: float(value[0xC4])}
    if class_code == BATTERY:
        out = _split(float(value[0xD3]), s.BATTERY_CHARGE, s.BATTERY_DISCHARGE) \
            if 0xD3 in value else {}
        if 0xE4 in value:
            out[s.BATTERY_SOC] = float(value[0xE4])
        return out
    if class_code == V2H and 0xD3 in value:
        # Discharge to the house (V2H) is not a series yet; charging is a load.
        return {s.EV_CHARGE: max(float(value[0xD3]), 0.0)}
    return {}


# What the house uses besides the grid, by the class that reports it: +1 a source
# inside the house, -1 a load that is not a circuit of the consumption.
_INSIDE_TERMS: dict[int, tuple[tuple[str, float], ...]] = {
    PV: ((s.PV, 1.0),),
    FUEL_CELL: ((s.FUEL_CELL, 1.0),),
    BATTERY: ((s.BATTERY_DISCHARGE, 1.0), (s.BATTERY_CHARGE, -1.0)),
}


def with_consumption(values: Mapping[str, float], classes: Iterable[int]) -> dict[str, float]:
    """`values` plus the house's consumption, when every term of it is fresh.

    consumption = purchase - sale + PV + fuel cell + discharge - charge, the terms of
    the device classes found (``classes``). A term missing (stale) means no consumption
    rather than a wrong one. EV charging is a circuit load, so it is inside already.
    """
    out = dict(values)
    found = set(classes)
    terms = [(s.GRID_BUY, 1.0), (s.GRID_SELL, -1.0)]
    for class_code, inside in _INSIDE_TERMS.items():
        if class_code in found:
            terms += inside
    if all(key in values for key, _ in terms):
        out[s.CONSUMPTION] = max(sum(values[key] * sign for key, sign in terms), 0.0)
    return out


VOLUME_SERIES = {GAS_METER: s.GAS, WATER_METER: s.WATER}


class VolumeRate:
    """L per minute from successive cumulative readings (m³) of one meter."""

    def __init__(self) -> None:
        self._last: tuple[float, float] | None = None  # (monotonic s, m³)

    def update(self, at: float, cubic_metres: float | None) -> float | None:
        if cubic_metres is None:
            return None
        previous, self._last = self._last, (at, cubic_metres)
        if previous is None or at <= previous[0] or cubic_metres < previous[1]:
            return None  # the first reading, or a meter that was reset / replaced
        return (cubic_metres - previous[1]) * 1000.0 / ((at - previous[0]) / 60.0)


def cubic_metres(class_code: int, readings: Mapping[int, Any]) -> float | None:
    """A gas or water meter's cumulative reading in m³ (``readings``: EPC -> Reading).

    The gas meter's 0xE0 is in m³; the water meter's is a count in the unit of its
    0xE1, which is read in the same round. A reading without its unit is no reading.
    """
    total = readings[0xE0].value
    if class_code != WATER_METER or total is None:
        return total
    if 0xE1 not in readings:
        return None
    try:
        return scale_flow(total, readings[0xE1].edt)
    except ValueError:  # an unknown unit code (FrameError)
        return None


# Which readings say what a device is doing (DeviceStates' fields).
STATE_EPCS = {(BATTERY, 0xDA): "battery_mode", (BATTERY, 0xCF): "battery_status",
              (V2H, 0xDA): "ev_mode"}
