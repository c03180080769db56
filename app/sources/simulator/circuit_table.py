"""The distribution board (分電盤) of the simulated home: which circuit feeds what.

Every load of the house is on a circuit: special circuits 特1–特8 and branch
circuits 分1–分35, each on L1, L2 or both (200 V). ``HomeConfig.branch_count``
says how many branch circuits are measured; loads on the others still count in
the house consumption, as unmeasured "other".

Generation and storage circuits (太陽光発電, 蓄電池, 燃料電池) are on the board
but marked ``measured=False``: their flows are the whole-home series ``pv``,
``battery_charge``/``battery_discharge`` and ``fuelcell``, so that every circuit
series is a consumption and the measured circuits never add up to more than
``consumption``. The EV charger is a load; its circuit equals ``ev_charge``.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.circuits import CircuitKind, CircuitSpec
from app.sources.simulator.config import HomeConfig

L1, L2, BOTH = "L1", "L2", "200V"


@dataclass(frozen=True, slots=True)
class BoardCircuit:
    kind: CircuitKind
    number: int
    name: str
    load: str | None  # the load model it carries; None for generation and storage
    phase: str

    @property
    def spec(self) -> CircuitSpec:
        return CircuitSpec(self.kind, self.number, self.name, measured=self.load is not None)


def _sp(number: int, name: str, load: str | None, phase: str = BOTH) -> BoardCircuit:
    return BoardCircuit(CircuitKind.SPECIAL, number, name, load, phase)


# Load ids are the keys of ``loads.house_loads``.
SPECIAL = (
    _sp(1, "エコキュート", "ecocute"),
    _sp(2, "IHクッキングヒーター", "ih"),
    _sp(3, "リビング エアコン", "ac_living"),
    _sp(4, "太陽光発電", None),
    _sp(5, "蓄電池", None),
    _sp(6, "EV充電器", "ev"),
    _sp(7, "燃料電池 (エネファーム)", None),
    _sp(8, "食洗機", "dishwasher", L2),
)

_BRANCH_LOADS = (
    ("リビング 照明", "light_living"),
    ("リビング コンセント", "outlet_living"),
    ("テレビ", "tv"),
    ("ダイニング 照明", "light_dining"),
    ("キッチン 照明", "light_kitchen"),
    ("キッチン コンセント", "outlet_kitchen"),
    ("冷蔵庫", "fridge"),
    ("電子レンジ", "microwave"),
    ("炊飯器", "rice_cooker"),
    ("洗濯機", "washer"),
    ("浴室乾燥機", "bath_dryer"),
    ("洗面所 コンセント", "outlet_washroom"),
    ("トイレ 1F (温水洗浄便座)", "toilet_1f"),
    ("トイレ 2F (温水洗浄便座)", "toilet_2f"),
    ("玄関 照明", "light_entrance"),
    ("廊下・階段 照明", "light_hall"),
    ("洋室1 エアコン", "ac_room1"),
    ("洋室2 エアコン", "ac_room2"),
    ("主寝室 エアコン", "ac_master"),
    ("和室 照明", "light_washitsu"),
    ("和室 コンセント", "outlet_washitsu"),
    ("洋室1 照明", "light_room1"),
    ("洋室2 照明", "light_room2"),
    ("主寝室 照明", "light_master"),
    ("洋室1 コンセント", "outlet_room1"),
    ("洋室2 コンセント", "outlet_room2"),
    ("主寝室 コンセント", "outlet_master"),
    ("書斎 パソコン", "pc"),
    ("給湯器 (ガス給湯器の制御)", "water_heater"),
    ("換気扇 (24時間換気・レンジフード)", "ventilation"),
    ("浴室 照明", "light_bath"),
    ("外灯", "light_outdoor"),
    ("インターネット機器", "network"),
    ("廊下 コンセント", "outlet_hall"),
    ("ガレージ コンセント", "outlet_garage"),
)

# 100 V branch circuits alternate between the two phases of the board.
BRANCH = tuple(BoardCircuit(CircuitKind.BRANCH, i, name, load, L1 if i % 2 else L2)
               for i, (name, load) in enumerate(_BRANCH_LOADS, start=1))


def board(cfg: HomeConfig) -> tuple[BoardCircuit, ...]:
    """Special and branch circuits that exist in this home (mains not included)."""
    absent = set()
    if not cfg.has_pv:
        absent.add(4)
    if not cfg.has_battery:
        absent.add(5)
    if not cfg.has_ev:
        absent.add(6)
    if not cfg.has_fuel_cell:
        absent.add(7)
    specials = tuple(c for c in SPECIAL if c.number not in absent)
    return specials + BRANCH[:cfg.branch_count]


def unmeasured_loads(cfg: HomeConfig) -> tuple[BoardCircuit, ...]:
    """Branch loads beyond the measured ``branch_count``: part of "other"."""
    return BRANCH[cfg.branch_count:]


MAINS = (CircuitSpec(CircuitKind.MAIN, 1, "主幹 L1"), CircuitSpec(CircuitKind.MAIN, 2, "主幹 L2"))
