"""The Get of `EchonetClient`: a batch size learned per device object, refusals remembered.

Real devices answer only so many EPCs per Get (partially, or not at all), and some
drop a whole request for one EPC they dislike. So: partial answers and timeouts
halve the batch and the missing EPCs are re-asked; an EPC whose lone Get times out
twice while the device answers a probe (or that is SNA'd alone and not in the
device's Get map) is remembered as refused and skipped from then on.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from app.echonet.client_types import Reading
from app.echonet.codec import EOJ, ESV, Frame, Property

log = logging.getLogger(__name__)

MAP_EPCS = frozenset({0x9D, 0x9E, 0x9F})  # property maps: not values to read

Request = Callable[[str, EOJ, ESV, Iterable[Property]], Awaitable[Frame]]
Store = Callable[[str, EOJ, Property], Reading]  # decode, cache, return the reading


@dataclass
class DeviceState:
    """What the client learned about one (address, EOJ)."""

    batch: int
    refused: set[int] = field(default_factory=set)
    maker: int | None = None
    get_map: frozenset[int] | None = None


async def probe(request: Request, address: str, eoj: EOJ) -> bool:
    """Does the device answer at all? 0x80 (operation status) is mandatory for all."""
    try:
        await request(address, eoj, ESV.Get, (Property(0x80),))
    except TimeoutError:
        return False
    return True


async def learned_get(
    request: Request,
    store: Store,
    address: str,
    eoj: EOJ,
    state: DeviceState,
    epcs: Iterable[int],
    size: int,
) -> dict[int, Reading]:
    """Read `epcs` starting with batches of `size`; learn into `state` as we go.

    EPCs not answered are left out. Raises TimeoutError when the device answers
    nothing at all (silent, not poisoned).
    """
    todo = deque(epcs)
    after_partial: set[int] = set()  # EPCs re-asked after a partial answer
    after_timeout: set[int] = set()  # EPCs re-asked after a timed-out batch
    learned_partial: int | None = None  # batch size at which such an EPC came back
    learned_timeout: int | None = None
    poisoned = False
    suspects: set[int] = set()  # EPCs that timed out alone once
    alive = False  # proven in this call: a timeout is then the batch's fault
    out: dict[int, Reading] = {}
    while todo:
        batch = [todo.popleft() for _ in range(min(size, len(todo)))]
        try:
            frame = await request(address, eoj, ESV.Get, (Property(e) for e in batch))
        except TimeoutError:
            # A silent device must not get its EPCs marked refused: probe first. The
            # probe also guards a lone EPC against a device that just went quiet.
            if (not alive or len(batch) == 1) and not await probe(request, address, eoj):
                if not out:
                    raise
                break  # went silent midway: keep what we have, learn nothing
            alive = True
            if len(batch) == 1:
                if batch[0] not in suspects:  # once more, now that the device answers
                    suspects.add(batch[0])
                    todo.appendleft(batch[0])
                    continue
                log.info("%s %s: EPC %#04x refused (no answer)", address, eoj, batch[0])
                state.refused.add(batch[0])  # poisoned: the device drops it every time
                poisoned = True
                continue
            size = max(1, len(batch) // 2)
            after_timeout.update(batch)
            todo.extendleft(reversed(batch))
            continue
        alive = True
        got = {p.epc: p for p in frame.properties if p.epc in batch and p.edt}
        for epc, prop in got.items():
            out[epc] = store(address, eoj, prop)
        if not after_partial.isdisjoint(got):
            learned_partial = _min(learned_partial, len(batch))
        if not after_timeout.isdisjoint(got):
            learned_timeout = _min(learned_timeout, len(batch))
        missing = [e for e in batch if e not in got]
        if not missing:
            continue
        if len(batch) == 1:  # SNA on its own: the device does not have it...
            if state.get_map is None or missing[0] not in state.get_map:
                state.refused.add(missing[0])  # ...unless its map says it does (no data yet)
            continue
        size = max(1, len(batch) // 2)
        after_partial.update(missing)
        todo.extendleft(reversed(missing))
    else:
        # Keep the smaller size only when it is what made the device answer, not when
        # the timeouts are explained by a poisoned EPC (then the batch size was fine).
        learned = _min(learned_partial, None if poisoned else learned_timeout)
        if learned is not None and learned < state.batch:
            log.info("%s %s: Get batch size %d -> %d", address, eoj, state.batch, learned)
            state.batch = learned
    return out


def _min(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)
