"""Per-channel lists of a distribution board (0x0287): set a range, then get the list.

A list (0xB7 power, 0xB3 cumulative energy) answers only the channels of the range
last set in 0xB6 / 0xB2, and a range covers at most 60 channels (the Appendix limits
its count to 1..60; 63 would fit the 255-byte PDC, but is not allowed). A larger board
is read in windows: SetC the range, Get the list, holding the node lock across the pair so no
caller of ours slips in between. Another controller on the LAN can still change the
range meanwhile; the list carries its own start channel, so a reply for a range that
is not ours is detected, that window is asked once more and then reported missing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field

from app.echonet import properties
from app.echonet.client_batching import Store
from app.echonet.client_transport import Transport
from app.echonet.client_types import Reading
from app.echonet.codec import EOJ, ESV, Property

log = logging.getLogger(__name__)

MAX_LIST_CHANNELS = 60  # the range count's limit in the Appendix (0xB2/0xB6: 1..60)
MAX_CHANNEL = 252  # channels are numbered 1..252
POWER_RANGE, POWER_LIST = 0xB6, 0xB7
ENERGY_RANGE, ENERGY_LIST = 0xB2, 0xB3
CHANNEL_COUNT, ENERGY_UNIT = 0xB1, 0xC2

ReadBack = Callable[[str, EOJ, list[int]], Awaitable[dict[int, Reading]]]


@dataclass(frozen=True)
class ChannelValue:
    """One channel's value (W or kWh; None: the board has no data) at monotonic `at`."""

    value: int | float | None
    at: float

    def stale(self, now: float, interval_s: float) -> bool:
        return now - self.at > 2 * interval_s  # as Reading.stale


@dataclass(frozen=True, eq=False)  # eq=False: compare as a Mapping (equal to a dict)
class BoardChannels(Mapping[int, ChannelValue]):
    """Channel number (1-based) -> value; `missing`: channels asked for but not read."""

    values: Mapping[int, ChannelValue]
    missing: tuple[int, ...] = ()
    unit: str = ""
    _order: tuple[int, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_order", tuple(sorted(self.values)))

    def __getitem__(self, channel: int) -> ChannelValue:
        return self.values[channel]

    def __iter__(self) -> Iterator[int]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self.values)

    def scaled(self, convert: Callable[[int | float | None], int | float | None],
               unit: str) -> BoardChannels:  # fmt: skip
        values = {ch: ChannelValue(convert(v.value), v.at) for ch, v in self.values.items()}
        return BoardChannels(values, self.missing, unit)


class BoardReader:
    """The board methods of `EchonetClient`: channel count, unit, then the lists."""

    def __init__(self, net: Transport, store: Store, read_back: ReadBack) -> None:
        self._net = net
        self._store = store
        self._read_back = read_back

    async def powers(self, address: str, eoj: EOJ, count: int | None, window: int) -> BoardChannels:
        count = count or await self._channel_count(address, eoj)
        return await read_channel_lists(
            self._net, self._store, address, eoj, POWER_RANGE, POWER_LIST, count, window, "W"
        )

    async def energies(
        self, address: str, eoj: EOJ, count: int | None, window: int
    ) -> BoardChannels:
        unit = (await self._read_back(address, eoj, [ENERGY_UNIT])).get(ENERGY_UNIT)
        if unit is None:
            raise LookupError(f"{address} {eoj}: no cumulative energy unit (0xC2)")
        count = count or await self._channel_count(address, eoj)
        raw = await read_channel_lists(
            self._net, self._store, address, eoj, ENERGY_RANGE, ENERGY_LIST, count, window
        )
        return raw.scaled(lambda counts: properties.scale_cumulative(counts, unit.edt), "kWh")

    async def _channel_count(self, address: str, eoj: EOJ) -> int:
        reading = (await self._read_back(address, eoj, [CHANNEL_COUNT])).get(CHANNEL_COUNT)
        if reading is None or not isinstance(reading.value, int):
            raise LookupError(f"{address} {eoj}: channel count (0xB1) unknown; pass it")
        return reading.value


async def read_channel_lists(
    net: Transport,
    store: Store,
    address: str,
    eoj: EOJ,
    range_epc: int,
    list_epc: int,
    count: int,
    window: int = MAX_LIST_CHANNELS,
    unit: str = "",
) -> BoardChannels:
    """Channels 1..count of `list_epc`, window by window. Raises TimeoutError only when
    the board answers nothing at all; a board that goes silent midway keeps what was read."""
    if not 1 <= count <= MAX_CHANNEL or not 1 <= window <= MAX_LIST_CHANNELS:
        raise ValueError(f"bad channel count {count} or window {window}")
    values: dict[int, ChannelValue] = {}
    missing: list[int] = []
    for start in range(1, count + 1, window):
        size = min(window, count - start + 1)
        try:
            got = await _read_window(net, store, address, eoj, range_epc, list_epc, start, size)
        except TimeoutError:
            if not values:
                raise
            missing.extend(range(start, count + 1))
            break
        values.update(got)
        missing.extend(ch for ch in range(start, start + size) if ch not in got)
    if missing:
        log.info("%s %s: EPC %#04x channels missing: %s", address, eoj, list_epc, missing)
    return BoardChannels(values, tuple(missing), unit)


async def _read_window(
    net: Transport,
    store: Store,
    address: str,
    eoj: EOJ,
    range_epc: int,
    list_epc: int,
    start: int,
    size: int,
) -> dict[int, ChannelValue]:
    for attempt in range(2):  # a range changed by someone else gets one more try
        async with net.node_lock(address):  # no caller of ours between the Set and the Get
            setting = (Property(range_epc, bytes((start, size))),)
            answer = await net.exchange(address, eoj, ESV.SetC, setting)
            if answer.esv != ESV.Set_Res:  # refused: asking again will not help
                log.warning(
                    "%s %s: range %#04x %d+%d refused", address, eoj, range_epc, start, size
                )
                return {}
            frame = await net.exchange(address, eoj, ESV.Get, (Property(list_epc),))
        prop = next((p for p in frame.properties if p.epc == list_epc and p.edt), None)
        if prop is None:
            return {}  # SNA: the board has no list now
        reading = store(address, eoj, prop)
        listed = reading.value  # ChannelList(start, values), or None when undecodable
        if listed is None:
            return {}
        if listed.start == start:
            # A shorter list than asked leaves the rest missing; a longer one is cut.
            return {
                start + i: ChannelValue(value, reading.at)
                for i, value in enumerate(listed.values[:size])
            }
        why = "another controller?" + ("; asking again" if attempt == 0 else "")
        log.info("%s %s: channels from %d asked, from %d got (%s)", address, eoj, start,
                 listed.start, why)  # fmt: skip
    return {}
