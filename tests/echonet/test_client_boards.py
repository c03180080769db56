"""Distribution board channel lists: range-set-then-get against an EchonetNode on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from app.echonet.client import BoardChannels, ChannelValue, EchonetClient
from app.echonet.codec import EOJ
from app.echonet.device_object import DeviceObject
from app.echonet.node import EchonetNode, NodeFaults

BOARD = EOJ(0x02, 0x87, 0x01)
CHANNELS = 72  # more than one range covers (60): two windows
NO_DATA = 0x7FFFFFFE  # a channel the board cannot measure right now


def watts(channel: int) -> int:
    return -150 if channel == 5 else 10 * channel  # channel 5 feeds back (signed list)


def raw_energy(channel: int) -> int:
    return 1000 + channel


class Board:
    """A 72-channel board: Set 0xB2/0xB6 stores a range, Get 0xB3/0xB7 answers that range.

    `interfere(list_epc, range)` may return another range, which then replaces ours just
    before the list is read: another controller on the LAN, between our Set and our Get.
    """

    def __init__(self, channels: int = CHANNELS, *, max_count: int = 252) -> None:
        self.channels = channels
        self.max_count = max_count
        self.ranges = {0xB2: (1, 1), 0xB6: (1, 1)}
        self.log: list[tuple[str, int]] = []  # ("set", epc) / ("get", epc) in node order
        self.sets: list[tuple[int, int, int]] = []  # (range EPC, start, count)
        self.interfere: Callable[[int, tuple[int, int]], tuple[int, int] | None] | None = None

    def device(self, *, with_count: bool = True) -> DeviceObject:
        gettable = {0x80, 0x8A, 0xB2, 0xB3, 0xB6, 0xB7, 0xC2} | ({0xB1} if with_count else set())
        return DeviceObject(
            BOARD,
            self.source,
            settable=frozenset({0xB2, 0xB6}),
            on_set=self.on_set,
            gettable=frozenset(gettable),
        )

    def on_set(self, epc: int, edt: bytes) -> bool:
        self.log.append(("set", epc))
        if len(edt) != 2 or edt[1] > self.max_count:
            return False  # SetC_SNA
        self.sets.append((epc, edt[0], edt[1]))
        self.ranges[epc] = (edt[0], edt[1])
        return True

    def source(self, epc: int) -> bytes | None:
        self.log.append(("get", epc))
        if epc in (0xB3, 0xB7):
            range_epc = epc - 1
            other = self.interfere(epc, self.ranges[range_epc]) if self.interfere else None
            if other is not None:
                self.ranges[range_epc] = other
            start, count = self.ranges[range_epc]
            count = min(count, self.channels - start + 1)
            edt = bytes((start, count))
            for ch in range(start, start + count):
                if epc == 0xB7:
                    value = NO_DATA if ch == 7 else watts(ch)
                    edt += value.to_bytes(4, "big", signed=True)
                else:
                    edt += raw_energy(ch).to_bytes(4, "big")
            return edt
        fixed = {0x80: b"\x30", 0x8A: b"\x00\x00\x0b", 0xB1: bytes((self.channels,)), 0xC2: b"\x01"}
        return fixed.get(epc)

    def window_starts(self, range_epc: int = 0xB6) -> list[int]:
        return [start for epc, start, _ in self.sets if epc == range_epc]


def scenario(
    board: Board,
    body: Callable[[EchonetClient, EchonetNode], Awaitable[None]],
    *,
    with_count: bool = True,
    **client_kw: Any,
) -> None:
    async def main() -> None:
        node = EchonetNode("127.0.0.1", 0, [board.device(with_count=with_count)])
        await node.start()
        kw: dict[str, Any] = {"timeout_s": 0.3, "retries": 1, "backoff_s": 0.01}
        client = EchonetClient(("127.0.0.1", 0), device_port=node.port, **(kw | client_kw))
        await client.start()
        try:
            await body(client, node)
        finally:
            await client.stop()
            await node.stop()

    asyncio.run(asyncio.wait_for(main(), 10))


def expected_powers(channels: range, at: float) -> dict[int, ChannelValue]:
    return {ch: ChannelValue(None if ch == 7 else watts(ch), at) for ch in channels}


def test_72_channels_are_read_in_two_windows_with_their_timestamp() -> None:
    board = Board()

    async def body(client: EchonetClient, node: EchonetNode) -> None:
        powers = await client.board_channel_powers("127.0.0.1", BOARD)  # count from 0xB1
        assert isinstance(powers, BoardChannels)
        assert powers == expected_powers(range(1, CHANNELS + 1), 42.0)
        assert list(powers) == list(range(1, CHANNELS + 1))
        assert powers[5].value == -150 and powers[7].value is None
        assert (powers.missing, powers.unit) == ((), "W")
        assert board.sets == [(0xB6, 1, 60), (0xB6, 61, 12)]

    scenario(board, body, clock=lambda: 42.0)


def test_energies_use_their_own_range_and_the_unit() -> None:
    board = Board()

    async def body(client: EchonetClient, node: EchonetNode) -> None:
        energies = await client.board_channel_energies("127.0.0.1", BOARD, channel_count=CHANNELS)
        assert energies.unit == "kWh" and energies.missing == ()
        assert len(energies) == CHANNELS
        for ch in (1, 60, 61, 72):
            assert energies[ch].value == pytest.approx(raw_energy(ch) * 0.1)  # 0xC2 = 0.1 kWh
        assert board.window_starts(0xB2) == [1, 61]
        assert board.window_starts(0xB6) == []  # the power range was left alone

    scenario(board, body)


def test_range_changed_between_set_and_get_is_detected_and_asked_again() -> None:
    board = Board()
    changes: list[tuple[int, int]] = []

    def another_controller(epc: int, ours: tuple[int, int]) -> tuple[int, int] | None:
        if ours[0] == 61 and not changes:  # once, in the second window
            changes.append(ours)
            return (1, 9)  # a list that looks plausible but is for channels 1..9
        return None

    board.interfere = another_controller

    async def body(client: EchonetClient, node: EchonetNode) -> None:
        powers = await client.board_channel_powers("127.0.0.1", BOARD, CHANNELS)
        assert changes == [(61, 12)]
        assert board.window_starts() == [1, 61, 61]  # that window was set and read twice
        expected = expected_powers(range(1, CHANNELS + 1), 0.0)
        assert {ch: v.value for ch, v in powers.items()} == {
            ch: v.value for ch, v in expected.items()
        }
        assert powers.missing == ()

    scenario(board, body)


def test_range_changed_again_on_the_retry_reports_the_window_missing() -> None:
    board = Board()
    board.interfere = lambda epc, ours: (1, 9) if ours[0] == 61 else None

    async def body(client: EchonetClient, node: EchonetNode) -> None:
        powers = await client.board_channel_powers("127.0.0.1", BOARD, CHANNELS)
        assert powers.missing == tuple(range(61, CHANNELS + 1))
        assert set(powers) == set(range(1, 61))  # nothing taken from the foreign list
        assert board.window_starts() == [1, 61, 61]  # one retry, not more

    scenario(board, body)


def test_no_caller_of_ours_between_the_set_and_the_get() -> None:
    board = Board()

    async def body(client: EchonetClient, node: EchonetNode) -> None:
        node.faults = NodeFaults(delay_s=0.01)  # requests queue up on the node lock
        others = [client.get("127.0.0.1", BOARD, [0x80]) for _ in range(6)]
        powers, *_ = await asyncio.gather(
            client.board_channel_powers("127.0.0.1", BOARD, CHANNELS), *others
        )
        assert powers.missing == ()
        sets = [i for i, entry in enumerate(board.log) if entry == ("set", 0xB6)]
        assert len(sets) == 2
        assert all(board.log[i + 1] == ("get", 0xB7) for i in sets), board.log
        assert board.log.count(("get", 0x80)) == 6  # the others did run, just not in between

    scenario(board, body)


def test_refused_range_is_missing_and_a_smaller_window_reads_it() -> None:
    board = Board(max_count=32)  # a board that takes at most 32 channels per range

    async def body(client: EchonetClient, node: EchonetNode) -> None:
        powers = await client.board_channel_powers("127.0.0.1", BOARD, CHANNELS)
        assert powers.missing == tuple(range(1, 61))  # refused: not asked again
        assert set(powers) == set(range(61, CHANNELS + 1))
        smaller = await client.board_channel_powers("127.0.0.1", BOARD, CHANNELS, window=32)
        assert smaller.missing == () and len(smaller) == CHANNELS

    scenario(board, body)


def test_unknown_channel_count_and_silent_board() -> None:
    async def body(client: EchonetClient, node: EchonetNode) -> None:
        with pytest.raises(LookupError, match="0xB1"):
            await client.board_channel_powers("127.0.0.1", BOARD)
        with pytest.raises(ValueError, match="count 253"):
            await client.board_channel_powers("127.0.0.1", BOARD, 253)  # channels end at 252
        node.faults = NodeFaults(silent=True)
        with pytest.raises(TimeoutError):
            await client.board_channel_powers("127.0.0.1", BOARD, CHANNELS)

    scenario(Board(), body, with_count=False, timeout_s=0.05, retries=0)


def test_board_channels_compare_as_a_mapping() -> None:
    board = BoardChannels({2: ChannelValue(5, 1.0), 1: ChannelValue(None, 1.0)}, (3,), "W")
    assert board == {1: ChannelValue(None, 1.0), 2: ChannelValue(5, 1.0)}
    assert list(board) == [1, 2] and board.missing == (3,)
    assert board[2].stale(now=4.0, interval_s=1.0) and not board[2].stale(2.0, 1.0)
