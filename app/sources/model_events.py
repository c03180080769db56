"""The appliance history of past days, from the simulated home's model.

A backfill (``hems-panel simulate``, the catch-up at start) writes the minutes the
model computes; this writes what its devices would have reported over those minutes,
through the same `DeviceEventDetector` the ECHONET Lite source uses live: the air
conditioner and the EcoCute switching on and off with their load (0x80, as the
simulated nodes answer it) and the seeded faults (0x88/0x89). Nothing is invented
beyond what the live nodes say.

Device keys are those of the demo house's nodes (``first_host`` and up, in the order
of `house_devices`), so the live history continues the backfilled one.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from app.domain.events import DeviceEvent, device_key
from app.domain.fault_codes import MakerTable, MakerTableError, load_maker_table
from app.echonet.codec import EOJ
from app.sources.device_events import DeviceEventDetector
from app.sources.simulated_nodes import (
    FAULT_CODES,
    FAULT_WINDOW_S,
    RUNNING_W,
    fault_in_window,
    house_devices,
)
from app.sources.simulator import SimulatedHome

DEMO_FIRST_HOST = "127.0.0.2"  # start_demo_house's default
SIMULATED_MAKER = 0x000000  # the simulated nodes' 0x8A


@dataclass(frozen=True)
class ModelDevice:
    key: str  # device_key of the live node's object
    eoj: EOJ
    runs_on: str | None  # the load series its 0x80 follows
    faults: bool  # raises seeded faults


def model_devices(home: SimulatedHome, first_host: str = DEMO_FIRST_HOST) -> list[ModelDevice]:
    """The devices whose status changes the history records (on/off or faults)."""
    base = ipaddress.IPv4Address(first_host)
    out = []
    for i, devices in enumerate(house_devices(home)):
        for device in devices:
            faults = bool(FAULT_CODES.get(device.eoj.class_code16))
            if device.runs_on is not None or faults:
                out.append(ModelDevice(device_key(str(base + i), device.eoj.to_int()),
                                       device.eoj, device.runs_on, faults))
    return out


class ModelEventRecorder:
    """Feeds the detector minute by minute, chunk after chunk (one instance per backfill:
    its first minute is the baseline, as the first reading after a start is live)."""

    def __init__(self, home: SimulatedHome, first_host: str = DEMO_FIRST_HOST,
                 makers: MakerTable | None = None) -> None:
        if makers is None:
            try:
                makers = load_maker_table()
            except MakerTableError:
                makers = None
        self._seed = home.config.seed
        self._devices = model_devices(home, first_host)
        self._detector = DeviceEventDetector(makers)

    def events(self, start_minute: int, values: Mapping[str, np.ndarray]) -> list[DeviceEvent]:
        """What the devices reported over the minutes ``values`` cover (``start_minute`` on)."""
        count = len(next(iter(values.values()), ()))
        if count == 0:
            return []
        t0 = start_minute * 60.0
        out: list[DeviceEvent] = []
        for device in self._devices:
            status = self._status(device, values, count)
            codes = self._fault_codes(device, t0, count)
            changes = np.zeros(count, dtype=bool)
            changes[0] = True
            changes[1:] = (status[1:] != status[:-1]) | (codes[1:] != codes[:-1])
            for i in np.flatnonzero(changes):
                on = status[i]
                code = int(codes[i])
                out.extend(self._detector.observe(
                    device.key, device.eoj.class_code16, t0 + 60.0 * i,
                    None if on < 0 else ("on" if on else "off"),
                    ("fault" if code > 0 else "no_fault") if device.faults else None,
                    code.to_bytes(2, "big") if code > 0 else None, SIMULATED_MAKER))
        out.sort(key=lambda event: event.at)
        return out

    @staticmethod
    def _status(device: ModelDevice, values: Mapping[str, np.ndarray], count: int) -> np.ndarray:
        """1 on, 0 off, -1 not known (no value): per minute."""
        series = values.get(device.runs_on) if device.runs_on is not None else None
        if series is None:
            return np.full(count, -1, dtype=np.int8)
        series = np.asarray(series, dtype=np.float64)
        return np.where(np.isfinite(series), (series > RUNNING_W).astype(np.int8), -1)

    def _fault_codes(self, device: ModelDevice, t0: float, count: int) -> np.ndarray:
        """The 0x89 code at the start of each minute (0: none), as seeded_fault gives it."""
        codes = np.zeros(count, dtype=np.int32)
        if not device.faults:
            return codes
        t1 = t0 + 60.0 * count
        for window in range(int(t0 // FAULT_WINDOW_S), int(t1 // FAULT_WINDOW_S) + 1):
            fault = fault_in_window(self._seed, device.eoj, window)
            if fault is None:
                continue
            start, end, code = fault
            first = max(0, math.ceil((start - t0) / 60.0))
            last = min(count, math.ceil((end - t0) / 60.0))
            codes[first:last] = code
        return codes
