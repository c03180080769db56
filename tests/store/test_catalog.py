"""Settings, circuits, devices and series: create, read, update."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.circuits import CircuitKind, CircuitSpec
from app.domain.series import SeriesKind, SeriesSpec
from app.store import DeviceInfo, Store, StoreError, open_store

from .conftest import SPECS


def test_settings(store: Store) -> None:
    assert store.get_setting("rate.plan") is None
    assert store.get_setting("rate.plan", "flat") == "flat"
    store.set_setting("rate.plan", "tou")
    store.set_setting("rate.plan", "時間帯別")
    assert store.get_setting("rate.plan", "flat") == "時間帯別"


def test_circuits_upsert_by_kind_and_number_and_sort(store: Store) -> None:
    store.save_circuits([
        CircuitSpec(CircuitKind.BRANCH, 10, "キッチン"),
        CircuitSpec(CircuitKind.BRANCH, 2, "リビング"),
        CircuitSpec(CircuitKind.SPECIAL, 1, "エコキュート"),
        CircuitSpec(CircuitKind.MAIN, 2, "主幹 L2"),
        CircuitSpec(CircuitKind.MAIN, 1, "主幹 L1"),
    ])
    store.save_circuits([CircuitSpec(CircuitKind.BRANCH, 2, "居間", measured=False)])
    got = store.circuits()
    assert [c.key for c in got] == ["main1", "main2", "sp1", "br2", "br10"]
    assert got[3] == CircuitSpec(CircuitKind.BRANCH, 2, "居間", measured=False)
    assert len(got) == 5


def test_devices(store: Store) -> None:
    store.save_device(0x0279, 1, "太陽光", "屋根")
    store.save_device(0x027D, 1, "蓄電池", "屋外")
    store.save_device(0x0279, 1, "太陽光発電", "南の屋根")
    assert store.devices() == [DeviceInfo(0x0279, 1, "太陽光発電", "南の屋根"),
                               DeviceInfo(0x027D, 1, "蓄電池", "屋外")]
    with pytest.raises(AttributeError):
        store.devices()[0].name = "x"  # type: ignore[misc]


def test_series_are_defined_once_and_keep_their_kind(store: Store) -> None:
    extra = SeriesSpec("gas2", SeriesKind.VOLUME, "L")
    store.define_series([*SPECS, extra])
    store.define_series(SPECS)
    assert store.series() == [*SPECS, extra]
    with pytest.raises(ValueError, match="already defined"):
        store.define_series([SeriesSpec("gas2", SeriesKind.POWER, "W")])


def test_everything_survives_reopening(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.set_setting("k", "v")
        store.save_circuits([CircuitSpec(CircuitKind.BRANCH, 3, "寝室")])
        store.save_device(0x0130, 2, "エアコン", "寝室")
        store.define_series(SPECS)
    with open_store(tmp_path) as store:
        assert store.get_setting("k") == "v"
        assert store.circuits() == [CircuitSpec(CircuitKind.BRANCH, 3, "寝室")]
        assert store.devices() == [DeviceInfo(0x0130, 2, "エアコン", "寝室")]
        assert store.series() == SPECS


def test_sqlite_failures_become_store_errors_on_both_paths(store: Store) -> None:
    # Settings use sqlite3 directly, circuits go through SQLAlchemy (DBAPIError-wrapped).
    store._conn.execute("DROP TABLE setting")
    store._conn.execute("DROP TABLE circuit")
    with pytest.raises(StoreError, match="could not be read or written"):
        store.get_setting("k")
    with pytest.raises(StoreError, match="could not be read or written"):
        store.circuits()
    assert store.series() == SPECS  # the connection is still usable
