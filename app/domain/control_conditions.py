"""The seed's conditions for AI control, judged (pure): which hold, and the fallback.

AI control of the battery and the V2H stand runs only while every condition holds
(seed: AIソーラーチャージPlus and 蓄電池・V2HスタンドでAI制御を活用するには):

* AI Solar Charge Plus itself (`charging_rules.ai_solar_charge`): not full feed-in,
  registered, no other controller, a single-peak plan, a sell price, the EV's solar
  charging off, and no weather-warning charge in force. Without a rate plan the panel
  has no prices to plan with: that fails it too (`NO_RATE_PLAN`).
* common to the battery and the V2H: a measurement unit (a distribution board that
  measures, スマートコスモ or an ECHONET Lite measuring unit) and, for each day type the
  plan covers, at least 5 days of that type's usage (学習データ; the load forecast says
  which type lacks how many days).
* the battery: no weather-warning linkage in force, no 30-minute target exceeded in this
  slot (節電設定), no EV charge assist (the panel has no such function: never in use).
* the V2H stand: no weather-warning linkage in force, no charge started by hand.

`judge` gives the RuleResults the page lists, in the order of `CONDITIONS`: AI Solar
Charge Plus, the battery's, and the V2H's when the home has one. Each reason of the
per-device results names its device in `params["device"]`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.charging_rules import (
    WEATHER_WARNING,
    HomeSettings,
    Reason,
    RuleResult,
    ai_solar_charge,
)
from app.domain.control_view import Fallback
from app.domain.energy_forecast import LearningShortage
from app.domain.tariff import RatePlan

NO_RATE_PLAN = "no_rate_plan"
NO_MEASUREMENT_UNIT = "no_measurement_unit"
LEARNING_SHORT = "learning_data_short"
TARGET_EXCEEDED = "saving_target_exceeded"
V2H_MANUAL_CHARGE = "v2h_manual_charge"
BATTERY, V2H = "battery", "v2h"
CONDITIONS = ("ai_solar_charge", "battery_ai_control", "v2h_ai_control")


@dataclass(frozen=True)
class ControlFacts:
    """What the conditions are judged on (the service gathers it each round)."""

    rate_plan: RatePlan | None
    home: HomeSettings  # as home_rules_state makes it: the home as it is
    day: date  # the home's today
    measurement_unit: bool
    shortages: tuple[LearningShortage, ...]  # of the day types the plan covers
    linkage_in_force: bool
    target_exceeded: bool  # in the slot now
    v2h_present: bool = False
    v2h_manual_charge: bool = False


def _ai(facts: ControlFacts) -> RuleResult:
    if facts.rate_plan is None:
        return RuleResult(False, (Reason(NO_RATE_PLAN, "no rate plan is set: the plan has "
                                                       "no prices to weigh"),))
    return ai_solar_charge(facts.rate_plan, facts.home, facts.day)


def _common(facts: ControlFacts, device: str) -> list[Reason]:
    reasons = []
    if not facts.measurement_unit:
        reasons.append(Reason(NO_MEASUREMENT_UNIT, "no measurement unit measures the "
                              "distribution board", {"device": device}))
    for s in facts.shortages:
        reasons.append(Reason(LEARNING_SHORT, f"{s.days} of the {s.needed} days of "
                              f"{s.day_type.value} usage needed", {
                                  "device": device, "day_type": s.day_type.value,
                                  "days": s.days, "needed": s.needed}))
    if facts.linkage_in_force:
        reasons.append(Reason(WEATHER_WARNING, "a weather-warning charge is in force",
                              {"device": device}))
    return reasons


def judge(facts: ControlFacts) -> tuple[RuleResult, ...]:
    """AI Solar Charge Plus, the battery's AI control, and the V2H's (when present)."""
    battery = _common(facts, BATTERY)
    if facts.target_exceeded:
        battery.append(Reason(TARGET_EXCEEDED, "the 30-minute power-saving target was "
                              "exceeded in this slot", {"device": BATTERY}))
    out = [_ai(facts), RuleResult.of(battery)]
    if facts.v2h_present:
        v2h = _common(facts, V2H)
        if facts.v2h_manual_charge:
            v2h.append(Reason(V2H_MANUAL_CHARGE, "the car is being charged by hand",
                              {"device": V2H}))
        out.append(RuleResult.of(v2h))
    return tuple(out)


def fallback_of(conditions: tuple[RuleResult, ...]) -> tuple[Fallback, str] | None:
    """Why the battery cannot run the plan, from the judged conditions (None: it may).

    Learning data short is its own fallback (学習データ不足, the seed names it); a
    target exceeded too (it lasts this slot only); any other failure is CONDITION with
    the first failing reason's code."""
    ai, battery = conditions[0], conditions[1]
    for reason in (*ai.reasons, *battery.reasons):
        if reason.code == LEARNING_SHORT:
            continue
        if reason.code == TARGET_EXCEEDED:
            continue
        return Fallback.CONDITION, reason.code
    codes = [r.code for r in battery.reasons]
    if LEARNING_SHORT in codes:
        short = next(r for r in battery.reasons if r.code == LEARNING_SHORT)
        return Fallback.LEARNING, (f"{short.params['day_type']}:{short.params['days']}/"
                                   f"{short.params['needed']}")
    if TARGET_EXCEEDED in codes:
        return Fallback.TARGET_EXCEEDED, TARGET_EXCEEDED
    return None


def v2h_allowed(conditions: tuple[RuleResult, ...]) -> bool:
    """The V2H may follow the plan (its own conditions and AI Solar Charge Plus hold)."""
    return len(conditions) > 2 and conditions[0].available and conditions[2].available
