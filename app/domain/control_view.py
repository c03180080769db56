"""What the AI Solar Charge page is drawn from, and the household's control settings.

The control service (app/services/control_service.py) runs the loop: forecasts, prices
and the devices' state -> the seed's conditions -> the planner -> Sets. It emits one
immutable `ControlView` after every round; the page only shows it. `ControlSettings`
are the household's choices, kept in the store and carried by the backup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum

from app.domain.charge_plan import Plan, PlanInputs
from app.domain.charging_rules import RuleResult


class ControlMode(StrEnum):
    AI = "ai"  # the plan of the LP is being carried out
    SELF_CONSUMPTION = "self_consumption"  # the fallback: surplus charging, no grid charge
    OFF = "off"  # the household switched AI control off (the devices run their own modes)


class Fallback(StrEnum):
    """Why the home runs self-consumption instead of the plan (shown on the page)."""

    CONDITION = "condition"  # a seed condition fails: see `ControlView.conditions`
    NO_FORECAST = "no_forecast"  # no forecast, or older than its horizon
    LEARNING = "learning"  # the load forecast lacks days (学習データ不足)
    SOLVER = "solver"  # the LP failed or timed out
    DEVICE = "device"  # a device refused or ignored a Set (retried, then this)
    NO_BATTERY = "no_battery"
    TARGET_EXCEEDED = "target_exceeded"  # a 30-minute target was exceeded: this slot only


@dataclass(frozen=True, slots=True)
class ControlSettings:
    """The household's choices (by touch on the page; defaults of a new panel)."""

    ai_enabled: bool = False  # AIソーラーチャージプラス: the household switches it on
    reserve_pct: float = 30.0  # outage care (停電ケア): the battery never goes below
    ecocute_day_shift: bool = True  # the EcoCute may heat in the day's surplus
    ev_departure: time | None = None  # when the car leaves on a normal day; None: unknown
    ev_target_pct: float = 80.0
    # 30-minute power-saving targets (節電設定): Wh bought per slot, 48 per day type;
    # None: no target for that slot.
    weekday_targets_wh: tuple[float | None, ...] = (None,) * 48
    holiday_targets_wh: tuple[float | None, ...] = (None,) * 48


@dataclass(frozen=True, slots=True)
class DaySaving:
    """One day's result on the measured data: what the home paid, and what it would have
    paid with the battery in plain self-consumption and the EcoCute at night."""

    day: date
    actual_yen: float
    baseline_yen: float

    @property
    def saved_yen(self) -> float:
        return self.baseline_yen - self.actual_yen


@dataclass(frozen=True)
class ControlView:
    mode: ControlMode
    settings: ControlSettings
    plan: Plan | None  # the plan being carried out (AI) or the fallback's plan
    inputs: PlanInputs | None  # prices, forecasts and targets the plan was made from
    fallback: Fallback | None = None
    fallback_detail: str = ""  # e.g. the failing condition's code, the refusing device
    conditions: tuple[RuleResult, ...] = ()  # the seed's rules, judged now
    savings: tuple[DaySaving, ...] = ()  # recent days, newest first
    month_saved_yen: float | None = None  # this month so far
    made_at: float = 0.0  # unix s of the round
    notes: tuple[str, ...] = field(default_factory=tuple)  # codes of smaller remarks
