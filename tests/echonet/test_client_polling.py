"""The poller stops when asked, even when a call swallowed the cancellation (3.11 wait_for)."""

from __future__ import annotations

import asyncio

from app.echonet.client_polling import Poller
from app.echonet.codec import EOJ

METER = EOJ(0x02, 0x88, 0x01)


def test_stop_ends_a_poll_whose_call_swallowed_the_cancel() -> None:
    calls: list[int] = []
    swallow = [True]

    async def get(address: str, eoj: EOJ, epcs: list[int]) -> dict:
        calls.append(1)
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            if swallow[0]:
                return {}  # as asyncio.wait_for on 3.11 may when its inner call just finished
            raise
        return {}

    async def main() -> bool:
        poller = Poller(get)
        task = poller.poll("127.0.0.1", METER, [0xE7], [], 0.01, 10.0, None)
        while not calls:
            await asyncio.sleep(0.001)
        stopping = asyncio.ensure_future(poller.stop())
        done, _ = await asyncio.wait({stopping}, timeout=5.0)
        if not done:  # without the fix: end the poll for real so the test can report
            swallow[0] = False
            task.cancel()
            await stopping
        return bool(done)

    assert asyncio.run(main()), "stop() did not end the poll"
    assert len(calls) == 1  # no round after the stop
