"""What the energy-flow diagram shows, derived from a LiveFlow (no painting here).

Every flow runs through the house (the distribution board): generation flows
in, the grid and the battery flow either way, the EV draws. A node whose value
is None is not installed in this home and is not shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.ui.formatting import format_percent
from app.ui.theme import EnergyRole

if TYPE_CHECKING:  # the first frame has no flow yet: it comes from the home query
    from app.domain.home_snapshot import LiveFlow

ACTIVE_W = 1.0  # below this a link counts as idle (meters report small noise)


class FlowNode(StrEnum):
    PV = "pv"
    FUEL_CELL = "fuel_cell"
    HOUSE = "house"
    EV = "ev"
    GRID = "grid"
    BATTERY = "battery"


# (column, row) on a 3×2 grid: generation left, the house centre, exchange right.
NODE_CELLS: dict[FlowNode, tuple[int, int]] = {
    FlowNode.PV: (0, 0), FlowNode.FUEL_CELL: (0, 1),
    FlowNode.HOUSE: (1, 0), FlowNode.EV: (1, 1),
    FlowNode.GRID: (2, 0), FlowNode.BATTERY: (2, 1),
}

NODE_ICONS: dict[FlowNode, str] = {
    FlowNode.PV: "solar", FlowNode.FUEL_CELL: "fuel_cell", FlowNode.HOUSE: "house",
    FlowNode.EV: "ev", FlowNode.GRID: "grid", FlowNode.BATTERY: "battery",
}


@dataclass(frozen=True, slots=True)
class NodeView:
    node: FlowNode
    label: str
    watts: float | None
    role: EnergyRole  # the colour of its current state
    detail: str = ""  # says the direction in words: never colour alone
    detail_active: bool = False


@dataclass(frozen=True, slots=True)
class LinkView:
    node: FlowNode  # the end that is not the house
    watts: float
    role: EnergyRole
    into_house: bool

    @property
    def active(self) -> bool:
        return self.watts >= ACTIVE_W


def node_label(node: FlowNode) -> str:
    labels = {
        FlowNode.PV: QCoreApplication.translate("FlowDiagram", "Solar"),
        FlowNode.FUEL_CELL: QCoreApplication.translate("FlowDiagram", "Fuel cell"),
        FlowNode.HOUSE: QCoreApplication.translate("FlowDiagram", "House"),
        FlowNode.EV: QCoreApplication.translate("FlowDiagram", "EV"),
        FlowNode.GRID: QCoreApplication.translate("FlowDiagram", "Grid"),
        FlowNode.BATTERY: QCoreApplication.translate("FlowDiagram", "Battery"),
    }
    return labels[node]


def _idle() -> str:
    return QCoreApplication.translate("FlowDiagram", "Idle")


def _generator(node: FlowNode, watts: float, role: EnergyRole) -> tuple[NodeView, LinkView]:
    active = watts >= ACTIVE_W
    detail = QCoreApplication.translate("FlowDiagram", "Generating") if active else _idle()
    return (NodeView(node, node_label(node), watts, role, detail, active),
            LinkView(node, watts, role, into_house=True))


def _grid(buy: float, sell: float) -> tuple[NodeView, LinkView]:
    if sell >= ACTIVE_W and sell > buy:
        detail = QCoreApplication.translate("FlowDiagram", "Selling")
        return (NodeView(FlowNode.GRID, node_label(FlowNode.GRID), sell, EnergyRole.SALE,
                         detail, True),
                LinkView(FlowNode.GRID, sell, EnergyRole.SALE, into_house=False))
    detail = QCoreApplication.translate("FlowDiagram", "Buying") if buy >= ACTIVE_W else _idle()
    return (NodeView(FlowNode.GRID, node_label(FlowNode.GRID), buy, EnergyRole.PURCHASE,
                     detail, buy >= ACTIVE_W),
            LinkView(FlowNode.GRID, buy, EnergyRole.PURCHASE, into_house=True))


def _battery(charge: float, discharge: float, soc: float | None) -> tuple[NodeView, LinkView]:
    if discharge >= ACTIVE_W and discharge > charge:
        watts, role, into_house = discharge, EnergyRole.BATTERY_DISCHARGE, True
        state = QCoreApplication.translate("FlowDiagram", "Discharging")
    else:
        watts, role, into_house = charge, EnergyRole.BATTERY_CHARGE, False
        state = (QCoreApplication.translate("FlowDiagram", "Charging")
                 if charge >= ACTIVE_W else _idle())
    detail = state if soc is None else f"{state} · {format_percent(soc)}"
    return (NodeView(FlowNode.BATTERY, node_label(FlowNode.BATTERY), watts, role, detail,
                     watts >= ACTIVE_W),
            LinkView(FlowNode.BATTERY, watts, role, into_house))


def build_flow_views(flow: LiveFlow | None) -> tuple[list[NodeView], list[LinkView]]:
    """Nodes to draw and links between them; ``None`` (no data yet) shows house and grid."""
    house = NodeView(FlowNode.HOUSE, node_label(FlowNode.HOUSE),
                     None if flow is None else flow.consumption_w, EnergyRole.HOUSE,
                     "" if flow is None else QCoreApplication.translate("FlowDiagram", "In use"))
    if flow is None:
        grid = NodeView(FlowNode.GRID, node_label(FlowNode.GRID), None, EnergyRole.PURCHASE)
        return [house, grid], [LinkView(FlowNode.GRID, 0.0, EnergyRole.PURCHASE, True)]
    nodes, links = [house], []
    if flow.pv_w is not None:
        _add(nodes, links, _generator(FlowNode.PV, flow.pv_w, EnergyRole.SOLAR))
    if flow.fuel_cell_w is not None:
        _add(nodes, links, _generator(FlowNode.FUEL_CELL, flow.fuel_cell_w,
                                      EnergyRole.FUEL_CELL))
    if flow.grid_buy_w is not None or flow.grid_sell_w is not None:
        _add(nodes, links, _grid(flow.grid_buy_w or 0.0, flow.grid_sell_w or 0.0))
    if flow.battery_charge_w is not None or flow.battery_discharge_w is not None:
        _add(nodes, links, _battery(flow.battery_charge_w or 0.0,
                                    flow.battery_discharge_w or 0.0, flow.battery_soc_pct))
    if flow.ev_w is not None:
        active = flow.ev_w >= ACTIVE_W
        detail = QCoreApplication.translate("FlowDiagram", "Charging") if active else _idle()
        _add(nodes, links, (NodeView(FlowNode.EV, node_label(FlowNode.EV), flow.ev_w,
                                     EnergyRole.EV, detail, active),
                            LinkView(FlowNode.EV, flow.ev_w, EnergyRole.EV, into_house=False)))
    return nodes, links


def _add(nodes: list[NodeView], links: list[LinkView], pair: tuple[NodeView, LinkView]) -> None:
    nodes.append(pair[0])
    links.append(pair[1])
