"""The devices page's data: devices found by the collector plus their names (worker thread)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from app.domain.devices import DeviceEntry, devices_from_json
from app.services.store_query import StoreQuery
from app.sources.collector_settings import DEVICES_EVERY_S, DEVICES_SETTING
from app.store import Store


class DevicesQuery(StoreQuery):
    def __init__(self, open_store: Callable[[], Store], clock_now: Callable[[], float],
                 interval_s: float) -> None:
        super().__init__(open_store)
        self._now = clock_now
        self._interval_s = interval_s

    def __call__(self) -> tuple[DeviceEntry, ...]:
        store = self.store
        names = {(d.class_code, d.instance): d for d in store.devices()}
        now = self._now()
        out = []
        for seen in devices_from_json(store.get_setting(DEVICES_SETTING)):
            named = names.get((seen.class_code, seen.instance))
            out.append(DeviceEntry(
                seen.address, seen.class_code, seen.instance, seen.maker, seen.last_seen,
                # The list is written every DEVICES_EVERY_S: allow for that delay.
                seen.stale(now - DEVICES_EVERY_S, self._interval_s),
                named.name if named else "", named.location if named else ""))
        return tuple(sorted(out, key=lambda e: (e.address, e.class_code, e.instance)))

    def rename(self, class_code: int, instance: int, name: str, location: str) -> None:
        store = self.store
        store.save_device(class_code, instance, name.strip(), location.strip())



class MemoryDevices:
    """The same interface over a fixed list (screenshots and UI tests; no database)."""

    def __init__(self, devices: tuple[DeviceEntry, ...] = ()) -> None:
        self.devices = tuple(devices)

    def __call__(self) -> tuple[DeviceEntry, ...]:
        return self.devices

    def rename(self, class_code: int, instance: int, name: str, location: str) -> None:
        self.devices = tuple(
            replace(d, name=name.strip(), location=location.strip())
            if (d.class_code, d.instance) == (class_code, instance) else d
            for d in self.devices)

    def close(self) -> None:
        pass
