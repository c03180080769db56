"""Immutable values the home page is drawn from (built by a service, shown by the UI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy (billing) is not on the start-up path
    from app.domain.money_forecast import HomeMoney


@dataclass(frozen=True, slots=True)
class LiveFlow:
    """Instantaneous power flows in W (None = not measured in this home)."""

    at: datetime | None  # time of the newest reading; None if nothing yet
    stale: bool  # True when the newest reading is older than two intervals
    pv_w: float | None
    fuel_cell_w: float | None
    grid_buy_w: float | None
    grid_sell_w: float | None
    battery_charge_w: float | None
    battery_discharge_w: float | None
    battery_soc_pct: float | None
    consumption_w: float | None
    ev_w: float | None
    # The panel has just started and no reading of this run has arrived yet: the newest
    # stored one is from before the start (not "stale": nothing is late yet).
    starting: bool = False


@dataclass(frozen=True, slots=True)
class DayTotals:
    """Energy since local midnight, in kWh."""

    used_kwh: float
    generated_kwh: float
    bought_kwh: float
    sold_kwh: float


@dataclass(frozen=True, slots=True)
class DeviceStates:
    """What the devices say they are doing, as ECHONET Lite names it (None = not known now):
    the battery's operation mode setting (0xDA) and working status (0xCF), the V2H unit's
    mode (0xDA)."""

    battery_mode: str | None = None
    battery_status: str | None = None
    ev_mode: str | None = None


@dataclass(frozen=True, slots=True)
class HomeSnapshot:
    flow: LiveFlow
    today: DayTotals
    states: DeviceStates = DeviceStates()
    # Today's cost and the month's forecast; None without a rate plan.
    money: HomeMoney | None = None
