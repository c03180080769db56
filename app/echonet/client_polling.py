"""Polling lanes of `EchonetClient`: a fast lane (live power) and a slow lane per object.

One task per device object; each round is one `get` of the EPCs due, so the
per-node lock keeps it to one request at a time even with other callers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable

from app.echonet.client_types import Reading
from app.echonet.codec import EOJ

log = logging.getLogger(__name__)

Listener = Callable[[str, EOJ, dict[int, Reading]], None]
Getter = Callable[[str, EOJ, list[int]], Awaitable[dict[int, Reading]]]


class Poller:
    def __init__(self, get: Getter) -> None:
        self._get = get
        self._tasks: dict[tuple[str, EOJ], asyncio.Task[None]] = {}

    def poll(
        self,
        address: str,
        eoj: EOJ,
        fast_epcs: Iterable[int],
        slow_epcs: Iterable[int],
        fast_interval_s: float,
        slow_interval_s: float,
        on_readings: Listener | None = None,
    ) -> asyncio.Task[None]:
        """Poll one device object until `stop()`; replaces an earlier poll of it."""
        key = (address, eoj)
        if key in self._tasks:
            self._tasks.pop(key).cancel()
        lanes = (tuple(fast_epcs), tuple(slow_epcs), fast_interval_s, slow_interval_s)
        task = asyncio.create_task(
            self._loop(address, eoj, *lanes, on_readings), name=f"echonet-poll-{address}-{eoj}"
        )
        self._tasks[key] = task
        return task

    async def stop(self) -> None:
        tasks = list(self._tasks.values())
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _loop(
        self,
        address: str,
        eoj: EOJ,
        fast: tuple[int, ...],
        slow: tuple[int, ...],
        fast_s: float,
        slow_s: float,
        on_readings: Listener | None,
    ) -> None:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None
        next_fast = next_slow = loop.time()
        while True:
            now = loop.time()
            due: list[int] = []
            if now >= next_fast:
                due += fast
                next_fast = now + fast_s
            if now >= next_slow:
                due += slow
                next_slow = now + slow_s
            if due:
                try:
                    readings = await self._get(address, eoj, due)
                except TimeoutError:
                    readings = {}  # silent for now; values age into "stale" on their own
                except Exception:  # keep polling whatever one round did
                    log.exception("poll of %s %s failed", address, eoj)
                    readings = {}
                if readings and on_readings is not None:
                    on_readings(address, eoj, readings)
            if task.cancelling():
                # Python 3.11's wait_for can swallow a cancel that lands as its inner call
                # completes: the loop would then poll on and stop() would wait forever.
                raise asyncio.CancelledError
            await asyncio.sleep(max(0.0, min(next_fast, next_slow) - loop.time()))
