"""Circuits of a Japanese distribution board (分電盤).

Main (主幹) L1/L2, special/extension (特1–特8) and branch (分1–分35) circuits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_SPECIAL = 8
MAX_BRANCH = 35


class CircuitKind(StrEnum):
    MAIN = "main"
    SPECIAL = "special"
    BRANCH = "branch"


_PREFIX = {CircuitKind.MAIN: "main", CircuitKind.SPECIAL: "sp", CircuitKind.BRANCH: "br"}


class CircuitRole(StrEnum):
    """What a circuit feeds, where the rules or the flow need to know."""

    EV_CHARGER = "ev_charger"  # the ELSEEV-type charger: the surplus rule needs it measured
    WATER_HEATER = "water_heater"  # the EcoCute
    PV = "pv"  # a PV circuit, when the inverter itself is not on the network


@dataclass(frozen=True, slots=True)
class CircuitSpec:
    kind: CircuitKind
    number: int  # 1-based within its kind (main: 1 = L1, 2 = L2)
    name: str
    measured: bool = True
    channel: int | None = None  # the board channel that measures it (commissioning)
    role: CircuitRole | None = None
    reversed: bool = False  # its clamp reads backwards: the panel flips the sign

    def __post_init__(self) -> None:
        limit = {CircuitKind.MAIN: 2, CircuitKind.SPECIAL: MAX_SPECIAL,
                 CircuitKind.BRANCH: MAX_BRANCH}[self.kind]
        if not 1 <= self.number <= limit:
            raise ValueError(f"{self.kind} circuit number {self.number} outside 1..{limit}")

    @property
    def key(self) -> str:
        """Stable identifier, e.g. 'main1', 'sp3', 'br12'."""
        return f"{_PREFIX[self.kind]}{self.number}"

    @property
    def series_key(self) -> str:
        return f"circuit.{self.key}"


@dataclass(frozen=True, slots=True)
class CircuitPower:
    """A circuit's live power for the circuits page; None = no fresh reading."""

    key: str  # circuit key, e.g. "br12"
    name: str
    kind: CircuitKind
    watts: float | None

    @property
    def series_key(self) -> str:
        return f"circuit.{self.key}"


@dataclass(frozen=True, slots=True)
class CircuitsSnapshot:
    """Every measured circuit's live power, the mains and the house total."""

    circuits: tuple[CircuitPower, ...]  # branch and special circuits, board order
    mains: tuple[CircuitPower, ...]  # L1, L2
    total_w: float | None  # house consumption
    stale: bool  # nothing fresh at all: the page says so
