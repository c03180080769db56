"""A refused Set (SetC_SNA) is an answer: reported once, never retried; messages in English."""

from __future__ import annotations

import asyncio

from app.echonet.client import EchonetClient, Reading, SetResult
from app.echonet.codec import EOJ
from app.echonet.device_object import DeviceObject
from app.echonet.node import EchonetNode

BATTERY = EOJ(0x02, 0x7D, 0x01)


def test_refused_set_is_reported_with_its_epcs_and_not_retried() -> None:
    asked: list[tuple[int, bytes]] = []

    def refuse_mode(epc: int, edt: bytes) -> bool:
        asked.append((epc, edt))
        return epc != 0xDA  # the working mode is refused; 0xE4 would be taken

    props = {0x80: b"\x30", 0xDA: b"\x46", 0xE4: b"\x32"}
    battery = DeviceObject(BATTERY, props, settable=frozenset({0xDA, 0xE4}), on_set=refuse_mode)

    async def main() -> SetResult:
        node = EchonetNode("127.0.0.1", 0, [battery])
        await node.start()
        # Retries and a timeout long enough that a retry would surely be seen.
        client = EchonetClient(("127.0.0.1", 0), device_port=node.port, timeout_s=0.3,
                               retries=3, backoff_s=0.01)  # fmt: skip
        await client.start()
        try:
            result = await client.set("127.0.0.1", BATTERY, {0xDA: b"\x42", 0xE4: b"\x10"})
            await asyncio.sleep(0.1)  # nothing more may arrive at the node
        finally:
            await client.stop()
            await node.stop()
        assert node.stats.received == 1  # the SetC alone: no retry, no confirming Get
        assert client.stats["sent"] == 1 and client.stats["timeouts"] == 0
        return result

    result = asyncio.run(asyncio.wait_for(main(), 5))
    assert not result
    assert (result.reason, result.epcs) == ("refused", (0xDA,))
    assert result.message == "refused by the device (SetC_SNA): EPC 0xDA"
    assert asked == [(0xDA, b"\x42"), (0xE4, b"\x10")]


def test_messages_for_every_reason() -> None:
    reading = Reading(0xE1, b"\x01", 0.1, 0.0)
    cases = [
        (SetResult(True, "confirmed", (), {0xE1: reading}), "set and confirmed by reading it back"),
        (SetResult(False, "timeout", (0xE1, 0xE7)), "no answer from the device: EPC 0xE1, 0xE7"),
        (SetResult(False, "not confirmed", (0xE1,)),
         "not confirmed: reading back EPC 0xE1 did not show the value sent"),
    ]  # fmt: skip
    for result, message in cases:
        assert result.message == message
