"""The control service's work, on its worker thread: Sets with their history, and one
round of the weather-warning linkage (app/domain/warning_linkage.py).

A Set goes over the device link (the collector's source owns the client) and is
waited for here, never on the GUI thread; an accepted change goes into the appliance
history with its cause. The linkage's setting and state live in the settings table
(app/store/linkage_settings.py), so what is in force and the modes to restore survive
a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace

from app.domain.device_command import CommandResult, DeviceCommand, unreachable
from app.domain.events import Cause, device_key
from app.domain.warning_linkage import (
    MODE_EPC,
    TARGET_CLASSES,
    LinkageInput,
    LinkageStatus,
    TargetSeen,
    decide,
    settle,
)
from app.domain.weather import WeatherWarning
from app.services.store_query import StoreQuery
from app.sources.device_link import DeviceLink
from app.store import Store
from app.store import events as event_store
from app.store.linkage_settings import (
    linkage_enabled,
    linkage_state,
    save_linkage_state,
    set_linkage_enabled,
)

log = logging.getLogger(__name__)

ANSWER_WAIT_S = 30.0  # a Set is a Get, a SetC and a Get, each with its retries
SET_MAP_EPC = 0x9E


class ControlQuery(StoreQuery):
    def __init__(self, open_store: Callable[[], Store], link: DeviceLink,
                 now: Callable[[], float]) -> None:
        super().__init__(open_store)
        self._link = link
        self._now = now

    def send(self, command: DeviceCommand) -> CommandResult:
        """Set, wait for the read-back, record an accepted change; at the home's time."""
        try:
            result = self._link.command(command).result(ANSWER_WAIT_S)
        except FutureTimeout:
            result = unreachable(command, 0.0, f"no answer within {ANSWER_WAIT_S:.0f} s")
        result = replace(result, at=self._now())
        event = result.event()
        if event is not None:
            with self.store.write_sql() as conn:
                event_store.append(conn, [event])
        log.info("%s 0x%02X <- %r: %s (%s)", command.device, command.epc, command.value,
                 result.outcome.value, result.detail)
        return result

    def set_linkage_enabled(self, on: bool) -> None:
        set_linkage_enabled(self.store, on)

    def linkage(self, warnings: tuple[WeatherWarning, ...] | None) -> LinkageStatus:
        """One round: what the home has, what to Set, the Sets, the new state stored."""
        store, now = self.store, self._now()
        enabled, state = linkage_enabled(store), linkage_state(store)
        if not enabled and not state.remembered:
            return LinkageStatus(False, state)  # off, nothing to restore: no device asked
        targets = self._targets()
        seen = LinkageInput(enabled, warnings, targets)
        changes = decide(state, seen, now)
        results = [(c, self.send(DeviceCommand(c.device, MODE_EPC, c.mode,
                                               Cause.WEATHER_WARNING))) for c in changes]
        after = settle(state, seen, [(c, r.accepted) for c, r in results], now)
        if after != state:
            save_linkage_state(store, after)
        if after.in_force != state.in_force:
            log.info("weather-warning linkage %s (%s)", "in force" if after.in_force
                     else "ended", ", ".join(after.warning_ids or state.warning_ids))
        return LinkageStatus(enabled, after, tuple(targets),
                             {c.target: r.outcome.value for c, r in results if not r.accepted})

    def _targets(self) -> dict[str, TargetSeen]:
        """The first battery and V2H found whose operation mode can be Set, with it now."""
        found = {d.class_code: d for d in reversed(self._link.devices())}
        targets = {}
        for target, class_code in TARGET_CLASSES.items():
            seen = found.get(class_code)
            if seen is None:
                continue
            device = device_key(seen.address, seen.eoj)
            try:
                values = self._link.query(device, [MODE_EPC, SET_MAP_EPC]).result(ANSWER_WAIT_S)
            except FutureTimeout:
                values = {}
            settable = values.get(SET_MAP_EPC)
            if settable is not None and MODE_EPC not in settable:
                continue  # a unit whose mode cannot be Set: the panel cannot charge it
            mode = values.get(MODE_EPC)
            targets[target] = TargetSeen(device, mode if isinstance(mode, str) else None)
        return targets
