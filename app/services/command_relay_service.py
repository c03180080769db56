"""Commands from a smartphone or a smart speaker, relayed by the center server.

    relay = CommandRelayService(connect, data_dir, open_store, collector, clock.now)
    relay.status_changed.connect(card.show_status)     # RelayStatus, immutable
    cloud.state_changed.connect(relay.on_cloud_state)  # registered or not
    relay.set_allowed(True)                            # the household's switch (off at first)
    relay.start()                                      # the kept state, then polling

While the panel is registered and the household allows it, the service's worker reports
the controllable devices (lights, air conditioners, the battery, with the names the
household gave them) and long-polls the server for commands. Each command becomes the
same Set any change takes (`ControlQuery.send`: Get, SetC, read back, and an accepted
change in the appliance history with cause "remote"), and its outcome goes back to the
server: "done" only when the value read back is the one asked for, "forbidden" when the
household switched remote commands off, "device_gone" for a device no longer found.

The server hands each command out once, so none is done twice; an outcome the server
could not take (unreachable) is sent again before the next poll. Errors back off
(RETRY_MS doubling up to MAX_RETRY_MS). Unregistering and the panel's exit end a poll
under way at once (the client's `abort`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.cloud.errors import CloudError, Rejected, Unauthorized
from app.cloud.token_store import TokenStore
from app.domain.device_command import CommandResult
from app.domain.events import device_key
from app.domain.remote_commands import (
    BATTERY_MODE,
    DEVICE_GONE,
    FORBIDDEN,
    NOT_REGISTERED,
    REFUSED,
    RelayStatus,
    RemoteDevice,
    RemoteOrder,
    RemoteRun,
    device_command,
    outcome_of,
    remote_devices,
    wire_value,
)
from app.services.background import BackgroundRunner
from app.services.cloud_problem import problem_of
from app.services.control_query import ControlQuery
from app.sources.device_link import DeviceLink
from app.store import Store

if TYPE_CHECKING:
    from app.cloud.client import CenterClient

log = logging.getLogger(__name__)

WAIT_S = 20.0  # each long-poll (the server answers at once when a command comes)
RETRY_MS = 5_000  # after an error; doubles up to MAX_RETRY_MS
MAX_RETRY_MS = 300_000
REPORT_EVERY_S = 3600.0  # the device list again even when unchanged

Connect = Callable[[TokenStore], "CenterClient"]


@dataclass
class _Round:
    """One round's result, from the worker to the UI thread."""
    status: RelayStatus
    ran: list[RemoteRun] = field(default_factory=list)
    again: bool = True  # poll again (False: switched off or not registered)


class CommandRelayService(QObject):
    """Signals: ``status_changed(RelayStatus)``, ``command_run(RemoteRun)``."""

    status_changed = Signal(object)
    command_run = Signal(object)

    def __init__(self, connect: Connect, data_dir: Path, open_store: Callable[[], Store],
                 link: DeviceLink, now: Callable[[], float], *, wait_s: float = WAIT_S,
                 retry_ms: int = RETRY_MS, max_retry_ms: int = MAX_RETRY_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._connect = connect
        self._tokens = TokenStore(Path(data_dir))
        self._link = link
        self._now = now
        self._query = ControlQuery(open_store, link, now)  # the control loop's Set path
        self._wait_s = wait_s
        self._retry_ms, self._max_retry_ms = retry_ms, max_retry_ms
        self._backoff_ms = retry_ms
        self._runner = BackgroundRunner("command-relay", self)
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.timeout.connect(self._poll)
        self._polling = self._started = self._stopped = False
        self._registered = True  # until the cloud service says otherwise
        self.status: RelayStatus | None = None
        # Worker only: the client, what was last reported, outcomes the server has yet
        # to take.
        self._client: CenterClient | None = None
        self._reported: tuple[str, tuple[RemoteDevice, ...], bool] | None = None
        self._reported_at = 0.0  # monotonic s
        self._unsent: list[RemoteRun] = []

    # -- UI thread ----------------------------------------------------------------------

    def start(self) -> None:
        """The kept state at once, then polling (if allowed and registered)."""
        if self._started or self._stopped:
            return
        self._started = True
        self._poll()

    def set_allowed(self, on: bool) -> None:
        """The household's switch: saved, reported, and polling starts or ends. Commands
        already queued when it goes off are answered "forbidden"."""
        if not on:
            self._abort_client()  # the poll under way ends now, not in WAIT_S
        self._runner.submit(lambda: self._switch(on), self._switched)

    def on_cloud_state(self, state) -> None:
        """The registration changed (CloudService.state_changed): unregistered, or new
        terms to accept, the poll under way ends at once; registered under the terms in
        force again, polling resumes."""
        registered = bool(state.sending_allowed)  # under the terms in force
        if registered == self._registered:
            return
        self._registered = registered
        if not registered:
            self._abort_client()
        elif self._started and not self._polling:
            self._next.start(0)

    def shutdown(self) -> None:
        self._stopped = True
        self._next.stop()
        self._abort_client()
        self._runner.shutdown()
        if self._client is not None:
            self._client.close()
            self._client = None
        self._query.close()

    def _abort_client(self) -> None:
        client = self._client  # the worker's; `abort` is safe from any thread
        if client is not None:
            client.http.abort()

    def _poll(self) -> None:
        if self._polling or self._stopped:
            return
        self._polling = True
        self._runner.submit(self._round, self._done)

    def _switched(self, result: _Round | None, error: BaseException | None) -> None:
        if result is None:
            log.error("command relay: the switch was not saved: %s", error)
            return
        self._show(result)
        if result.again and self._started and not self._polling:
            self._poll()

    def _show(self, result: _Round) -> None:
        self.status = result.status
        self.status_changed.emit(result.status)
        for run in result.ran:
            self.command_run.emit(run)

    def _done(self, result: _Round | None, error: BaseException | None) -> None:
        self._polling = False
        if result is None:
            log.error("command relay: %s", error)  # the store failed: try again later
            result = _Round(self.status or RelayStatus(False), again=True)
            result.status = replace(result.status, problem="error")
        self._show(result)
        if result.status.problem == NOT_REGISTERED:
            self._registered = False  # the next registration (on_cloud_state) resumes
        if self._stopped or not result.again or not self._registered:
            return
        if result.status.problem is None:
            self._backoff_ms = self._retry_ms
            self._next.start(0)
        else:
            self._next.start(self._backoff_ms)
            self._backoff_ms = min(self._backoff_ms * 2, self._max_retry_ms)

    # -- worker ------------------------------------------------------------------------

    def _store(self) -> Store:
        return self._query.store

    def _client_w(self) -> CenterClient:
        if self._client is not None and self._client.http.aborted:
            self._client.close()  # ended by an unregistration: a new one for a new token
            self._client = None
        if self._client is None:
            self._client = self._connect(self._tokens)
        return self._client

    def _state(self, problem: str | None = None) -> RelayStatus:
        from app.store.remote_settings import recent_runs, remote_commands_allowed

        store = self._store()
        devices = self._reported[1] if self._reported and self._reported[2] else ()
        return RelayStatus(remote_commands_allowed(store), recent_runs(store), problem,
                           len(devices))

    def _round(self, wait: bool = True) -> _Round:
        """Report the devices (or that the household switched commands off) if that
        changed, send outcomes left over, then take the queued commands: allowed, wait
        for them (`wait`) and run them; switched off, answer those on their way
        "forbidden"."""
        from app.store.remote_settings import remote_commands_allowed

        allowed = remote_commands_allowed(self._store())
        registration = self._tokens.load()
        if registration is None:
            self._reported = None
            return _Round(self._state(NOT_REGISTERED), again=False)
        ran: list[RemoteRun] = []
        try:
            client = self._client_w()
            self._report(client, registration.device_id, allowed)
            self._send_unsent(client)
            orders = client.remote_orders(self._wait_s if allowed and wait else 0.0)
            for wire in orders:
                ran.append(self._run(RemoteOrder(wire.id, wire.device, wire.action,
                                                 wire.value)))
                self._send_unsent(client)
        except Unauthorized as exc:  # unregistered meanwhile: wait for a registration
            log.info("command relay stopped: %s", exc)
            self._reported = None
            return _Round(self._state(NOT_REGISTERED), ran, again=False)
        except CloudError as exc:
            if self._client is not None and self._client.http.aborted:
                if self._tokens.load() is None:  # ended by an unregistration
                    self._reported = None
                    return _Round(self._state(NOT_REGISTERED), ran, again=False)
                return _Round(self._state(), ran)  # switched off: the next round says so
            log.warning("command relay: %s", exc)
            if not isinstance(exc, Rejected) and self._client is not None:
                self._client.close()  # a new connection next time (to the server's
                self._client = None  # address now: an embedded one may have moved)
            return _Round(self._state(problem_of(exc).kind), ran, again=allowed)
        return _Round(self._state(), ran, again=allowed)

    def _switch(self, on: bool) -> _Round:
        from app.store.remote_settings import set_remote_commands_allowed

        set_remote_commands_allowed(self._store(), on)
        return self._round(wait=False)  # told at once; the polling follows (`_switched`)

    def _devices(self) -> tuple[RemoteDevice, ...]:
        names = {(d.class_code, d.instance): d.name for d in self._store().devices()}
        return remote_devices({device_key(d.address, d.eoj): names.get(
            (d.class_code, d.instance), "") for d in self._link.devices()})

    def _report(self, client: CenterClient, home: str, allowed: bool) -> None:
        devices = self._devices() if allowed else ()
        # Unchanged: not again, but hourly all the same (a server restored from a backup).
        if self._reported == (home, devices, allowed) \
                and time.monotonic() - self._reported_at < REPORT_EVERY_S:
            return
        client.report_remote_devices(allowed, [d.to_json() for d in devices])
        self._reported = (home, devices, allowed)
        self._reported_at = time.monotonic()
        log.info("command relay: %d devices reported (%s)", len(devices),
                 "allowed" if allowed else "switched off")

    def _run(self, order: RemoteOrder) -> RemoteRun:
        """Do one command (or say why not) and keep what came of it."""
        from app.store.remote_settings import add_run, remote_commands_allowed

        store = self._store()
        device = {d.id: d for d in self._devices()}.get(order.device)
        run = RemoteRun(order.id, self._now(), device.key if device else order.device,
                        device.name if device else "", order.action, order.value, REFUSED)
        if not remote_commands_allowed(store):
            run = replace(run, outcome=FORBIDDEN, detail="remote commands are switched off")
        elif device is None:
            run = replace(run, outcome=DEVICE_GONE, detail="the device is not found")
        else:
            command = device_command(device, order.action, order.value)
            if command is None:
                run = replace(run, detail=f"the device does not take {order.action} "
                                          f"{order.value!r}")
            else:
                try:
                    result: CommandResult = self._query.send(command)
                except ValueError as exc:  # a value the class table cannot carry
                    run = replace(run, detail=str(exc))
                else:
                    run = replace(run, at=result.at, outcome=outcome_of(result),
                                  before=wire_value(result.before),
                                  after=wire_value(result.after),
                                  detail=self._caveat(order, result.detail))
        log.info("remote command %s: %s %s=%r: %s", order.id, order.device, order.action,
                 order.value, run.outcome)
        add_run(store, run)
        self._unsent.append(run)
        return run

    def _caveat(self, order: RemoteOrder, detail: str) -> str:
        """The battery's mode set while the AI control runs it: the caller is told that the
        control's next round may set it again (it plans the battery every half hour)."""
        from app.store.control_settings import control_settings

        if order.action == BATTERY_MODE and control_settings(self._store()).ai_enabled:
            return f"{detail}; AI control is on: its next round may change the mode again"
        return detail

    def _send_unsent(self, client: CenterClient) -> None:
        """Outcomes to the server, oldest first; one it no longer awaits (expired) is
        dropped, an unreachable server keeps the rest for the next round."""
        while self._unsent:
            run = self._unsent[0]
            try:
                client.remote_result(run.id, run.outcome, run.before, run.after, run.detail)
            except Rejected as exc:
                if isinstance(exc, Unauthorized):
                    raise
                log.warning("remote command %s: outcome not taken: %s", run.id, exc)
            self._unsent.pop(0)
