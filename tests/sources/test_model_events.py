"""The backfill's appliance history: what the simulated devices really report (issue 16.5).

After `hems-panel simulate --days 60` the history was empty. The backfill now records
the air conditioner's and the EcoCute's on/off (0x80 follows their load) and the seeded
faults, through the live event detector, with the live nodes' device keys.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from app.domain.events import EventKind
from app.echonet import properties
from app.sources.collector import backfill
from app.sources.model_events import ModelEventRecorder, model_devices
from app.sources.simulated_nodes import (
    AIRCON,
    RUNNING_W,
    WATER_HEATER,
    HouseState,
    house_devices,
    seeded_fault,
)
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import Store, open_store
from tests.fake_clock import FakeClock

START = 1_784_001_600 // 60  # a fixed minute: no test reads the real date
DAYS = 14


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    st = open_store(tmp_path / "data", "Asia/Tokyo")
    yield st
    st.close()


def _transitions(values: np.ndarray) -> int:
    on = values > RUNNING_W
    return int(np.sum(on[1:] != on[:-1]))


def test_the_backfill_records_each_switch_of_the_appliances(store: Store) -> None:
    home = SimulatedHome(HomeConfig(seed=3))
    store.save_circuits(home.circuits)
    store.define_series(home.series)
    backfill(store, home, START, START + DAYS * 1440)
    with store.read_sql() as conn:
        rows = conn.execute("SELECT kind, device, epc, old, new FROM event").fetchall()
    ops = Counter(device for kind, device, epc, *_ in rows if kind == EventKind.OPERATION)
    assert set(ops) == {"127.0.0.8/013001", "127.0.0.8/026B01"}  # the live nodes' keys
    model = home.evaluate(START, DAYS * 1440)
    assert ops["127.0.0.8/013001"] == _transitions(model[home.load_circuit("ac_living")])
    assert ops["127.0.0.8/026B01"] == _transitions(model[home.load_circuit("ecocute")])
    assert ops["127.0.0.8/013001"] >= DAYS  # a believable week: several a day
    assert all(epc == 0x80 and {old, new} == {"on", "off"}
               for kind, _, epc, old, new in rows if kind == EventKind.OPERATION)


def test_faults_in_the_backfill_are_the_seeded_ones_the_live_nodes_raise() -> None:
    home = SimulatedHome(HomeConfig(seed=3))
    recorder = ModelEventRecorder(home)
    minutes = 60 * 1440
    values = home.evaluate(START, minutes)
    events = recorder.events(START, values)
    errors = [e for e in events if getattr(e, "kind", None) == EventKind.ERROR]
    assert errors, "no fault in two months"
    for error in errors:
        eoj = AIRCON if error.device.endswith("013001") else WATER_HEATER
        assert seeded_fault(3, eoj, error.at) == error.code
        assert seeded_fault(3, eoj, error.at - 60) is None  # it started that minute


def test_the_live_nodes_say_on_when_the_backfill_does() -> None:
    home = SimulatedHome(HomeConfig(seed=3))
    clock = FakeClock(START * 60.0)
    state = HouseState(home, clock)
    devices = {d.eoj: d for node in house_devices(home) for d in node}
    keyed = {d.eoj: d for d in model_devices(home)}
    for eoj in (AIRCON, WATER_HEATER):
        obj = devices[eoj].object(state)
        load = keyed[eoj].runs_on
        assert load is not None
        seen = set()
        for minute in range(START, START + 2 * 1440, 37):
            clock.t = minute * 60.0 + 30
            watts = home.instant(clock.t)[load]
            said = properties.decode(eoj.class_code16, 0x80, obj.get(0x80) or b"")
            assert said == ("on" if watts > RUNNING_W else "off")
            seen.add(said)
        assert seen == {"on", "off"}  # it does switch
