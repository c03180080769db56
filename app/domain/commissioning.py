"""Commissioning (設置設定): which board channel measures which circuit, and the home's facts.

The installer (or, for the simulated home, the model's own answers) maps each
channel of the distribution board to a circuit: its kind and number on the
board (特1–8, 分1–35), a name, and a role where one matters to the rules (the EV
charger's circuit, the EcoCute's, a PV circuit when the inverter is not on the
network). A channel whose clamp was fitted the wrong way round is marked
reversed. The mains (主幹 L1/L2) come from the board's phase currents, not from
a channel. The result is checked here and stored as the home's circuits; the
collector records only what is assigned, never a channel under a guessed name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from app.domain.circuits import MAX_BRANCH, MAX_SPECIAL, CircuitKind, CircuitRole, CircuitSpec

SMART_METER_CLASS = 0x0288


class GridMeter(StrEnum):
    """Which object tells the panel what the home buys and sells."""

    SMART_METER = "smart_meter"  # the B-route smart meter 0x0288: preferred
    BOARD_MAIN = "board_main"  # the board's main line (0x0287 0xC6), when there is no meter


@dataclass(frozen=True)
class HomeFacts:
    """What the installer answers about the home; None: not answered yet."""

    grid_meter: GridMeter = GridMeter.SMART_METER
    pv_full_feed_in: bool | None = None  # 全量買取: all PV output is sold
    ev_solar_charging: bool | None = None  # the EV charger's own "solar charging" setting
    # The PV array, for the solar forecast: the power conditioner's rating (AC, W; None:
    # not answered, or no PV), the panels' tilt and azimuth (clockwise from north).
    pv_capacity_w: float | None = None
    pv_tilt_deg: float = 30.0
    pv_azimuth_deg: float = 180.0

    def to_json(self) -> dict[str, object]:
        return {"grid_meter": self.grid_meter.value, "pv_full_feed_in": self.pv_full_feed_in,
                "ev_solar_charging": self.ev_solar_charging,
                "pv_capacity_w": self.pv_capacity_w, "pv_tilt_deg": self.pv_tilt_deg,
                "pv_azimuth_deg": self.pv_azimuth_deg}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> HomeFacts:
        """Facts saved by any version; what is missing or out of range reads as unanswered
        (or the usual array: 30° facing south)."""
        def flag(key: str) -> bool | None:
            value = data.get(key)
            return value if isinstance(value, bool) else None

        def number(key: str, lo: float, hi: float) -> float | None:
            value = data.get(key)
            if isinstance(value, bool) or not isinstance(value, int | float):
                return None
            return float(value) if lo <= value <= hi else None

        try:
            grid = GridMeter(str(data.get("grid_meter", GridMeter.SMART_METER.value)))
        except ValueError:
            grid = GridMeter.SMART_METER
        tilt, azimuth = number("pv_tilt_deg", 0, 90), number("pv_azimuth_deg", 0, 360)
        return cls(grid, flag("pv_full_feed_in"), flag("ev_solar_charging"),
                   number("pv_capacity_w", 1, 1_000_000),
                   cls.pv_tilt_deg if tilt is None else tilt,
                   cls.pv_azimuth_deg if azimuth is None else azimuth)


# The PV questions an installer answers by touch (HomeFacts' pv_* fields).
PV_CAPACITY_KW = (0.5, 50.0)  # a house's power conditioner: 0.5 kW balcony to 50 kW
PV_TILTS_DEG = (0.0, 10.0, 20.0, 30.0, 40.0)
PV_TILT_UNKNOWN_DEG = 30.0  # "unknown": the usual roof array (also HomeFacts' default)
# Facings from east to west through south (azimuth clockwise from north). A north-facing
# array is rare enough not to be offered; a stored one still reads (from_json).
PV_FACINGS_DEG = (90.0, 112.5, 135.0, 157.5, 180.0, 202.5, 225.0, 247.5, 270.0)


# Names an installer picks from (Japanese first; the English is the translation shown
# in English). Boards in Japanese homes are labelled with such names.
COMMON_CIRCUIT_NAMES: tuple[tuple[str, str], ...] = (
    ("リビング", "Living room"), ("リビング照明", "Living room lights"),
    ("リビングエアコン", "Living room air conditioner"), ("ダイニング", "Dining room"),
    ("キッチン", "Kitchen"), ("キッチンコンセント", "Kitchen outlets"),
    ("IHクッキングヒーター", "IH cooktop"), ("電子レンジ", "Microwave"),
    ("冷蔵庫", "Refrigerator"), ("食器洗い乾燥機", "Dishwasher"),
    ("洗面所", "Washroom"), ("浴室", "Bathroom"), ("浴室乾燥機", "Bathroom dryer"),
    ("洗濯機", "Washing machine"), ("トイレ", "Toilet"), ("玄関", "Entrance"),
    ("廊下", "Hallway"), ("階段", "Stairs"), ("和室", "Japanese room"),
    ("寝室", "Bedroom"), ("寝室エアコン", "Bedroom air conditioner"),
    ("子供部屋", "Children's room"), ("洋室1", "Room 1"), ("洋室2", "Room 2"),
    ("洋室3", "Room 3"), ("書斎", "Study"), ("2階照明", "Upstairs lights"),
    ("1階照明", "Downstairs lights"), ("床暖房", "Floor heating"),
    ("エコキュート", "EcoCute water heater"), ("太陽光発電", "Solar power"),
    ("蓄電池", "Storage battery"), ("EV充電器", "EV charger"),
    ("屋外コンセント", "Outdoor outlet"), ("換気扇", "Ventilation fan"),
    ("インターホン", "Intercom"), ("予備", "Spare"),
)

# The role a circuit with one of these names usually has (the installer may change it).
ROLE_OF_NAME = {"エコキュート": CircuitRole.WATER_HEATER, "EV充電器": CircuitRole.EV_CHARGER,
                "太陽光発電": CircuitRole.PV}


@dataclass(frozen=True)
class Problem:
    """Something that keeps a setup from being saved, and where (channel or circuit key)."""

    code: str  # duplicate_channel, channel_out_of_range, duplicate_circuit, empty_name...
    where: str
    detail: str = ""


@dataclass(frozen=True)
class ChannelMap:
    """Board channel number -> the series of the circuit it measures (assigned ones only)."""

    series: Mapping[int, str] = field(default_factory=dict)
    reversed: frozenset[int] = frozenset()
    mains: tuple[str, ...] = ()  # main circuits set up: their phase currents are recorded
    board_is_grid: bool = False  # the board's main line (0xC6) measures buy and sell

    def value(self, channel: int, watts: float) -> tuple[str, float] | None:
        """(series key, power) of a channel's reading; None for an unassigned channel."""
        key = self.series.get(channel)
        if key is None:
            return None
        watts = -watts if channel in self.reversed else watts
        return key, max(watts, 0.0)  # circuits are loads


def channel_map(circuits: Iterable[CircuitSpec], facts: HomeFacts | None = None) -> ChannelMap:
    series: dict[int, str] = {}
    reversed_: set[int] = set()
    mains: list[str] = []
    for circuit in circuits:
        if circuit.kind is CircuitKind.MAIN:
            if circuit.measured:
                mains.append(circuit.series_key)
        elif circuit.channel is not None and circuit.measured:
            series[circuit.channel] = circuit.series_key
            if circuit.reversed:
                reversed_.add(circuit.channel)
    board_is_grid = facts is not None and facts.grid_meter is GridMeter.BOARD_MAIN
    return ChannelMap(series, frozenset(reversed_), tuple(mains), board_is_grid)


def check_circuits(circuits: Sequence[CircuitSpec], channel_count: int | None) -> list[Problem]:
    """What is wrong with a set of circuits; empty when it may be saved.

    ``channel_count``: the board's channels (0xB1), or None when no board answers (then
    channels are not checked against it).
    """
    problems: list[Problem] = []
    seen_circuits: set[str] = set()
    seen_channels: dict[int, str] = {}
    for circuit in circuits:
        if not circuit.name.strip():
            problems.append(Problem("empty_name", circuit.key))
        if circuit.key in seen_circuits:
            problems.append(Problem("duplicate_circuit", circuit.key))
        seen_circuits.add(circuit.key)
        channel = circuit.channel
        if channel is None:
            continue
        if circuit.kind is CircuitKind.MAIN:
            problems.append(Problem("main_on_channel", circuit.key, str(channel)))
        elif channel_count is not None and not 1 <= channel <= channel_count:
            problems.append(Problem("channel_out_of_range", circuit.key, str(channel)))
        if channel in seen_channels:
            problems.append(Problem("duplicate_channel", circuit.key, seen_channels[channel]))
        seen_channels[channel] = circuit.key
    return problems


def next_free_circuit(circuits: Iterable[CircuitSpec],
                      kind: CircuitKind = CircuitKind.BRANCH) -> CircuitSpec | None:
    """The first free number of a kind (a new circuit's default), or None when full."""
    taken = {c.number for c in circuits if c.kind is kind}
    limit = MAX_BRANCH if kind is CircuitKind.BRANCH else MAX_SPECIAL
    number = next((n for n in range(1, limit + 1) if n not in taken), None)
    return None if number is None else CircuitSpec(kind, number, "")


@dataclass(frozen=True)
class BoardLive:
    """One distribution board as the commissioning page shows it."""

    address: str
    channels: Mapping[int, float | None]  # channel -> W now (None: no data)
    missing: tuple[int, ...] = ()  # channels the board did not answer for
    answering: bool = True  # False: gone quiet; its last values are not current

    @property
    def channel_count(self) -> int:
        return max([*self.channels, *self.missing], default=0)

    def watts(self, channel: int) -> float | None:
        """A channel's power now; None when unknown (no data, not read, or not answering)."""
        return self.channels.get(channel) if self.answering else None


@dataclass(frozen=True)
class SetupSnapshot:
    """What the commissioning page shows: the boards live, the circuits and facts stored."""

    boards: tuple[BoardLive, ...]
    circuits: tuple[CircuitSpec, ...]
    facts: HomeFacts
    devices_found: int  # ECHONET Lite device objects found so far
    device_classes: frozenset[int] = frozenset()  # their classes (0x0288: a smart meter)

    @property
    def board(self) -> BoardLive | None:
        return self.boards[0] if self.boards else None

    def proposed_facts(self) -> HomeFacts:
        """The stored facts; for a home never set up, the grid meter the devices suggest:
        the smart meter when one answers, else the board's main line."""
        if self.circuits or SMART_METER_CLASS in self.device_classes:
            return self.facts
        return replace(self.facts, grid_meter=GridMeter.BOARD_MAIN)
