"""The control loop's values as JSON, for the settings table (pure): the household's
ControlSettings, what the loop has done (ControlState), and the last round's view.

The view is kept as what the plan was made FROM (its inputs, the mode, the fallback,
the conditions, the savings); the plan itself is made again from those inputs when the
panel starts, the same function on the same inputs giving the same plan. Anything
unreadable reads as nothing kept (or the defaults), never as an error: an older or
newer panel's data must not keep this one from starting.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time
from typing import Any

from app.domain.charge_plan import BatterySpec, EcoCuteSpec, EvSpec, PlanInputs
from app.domain.charging_rules import Reason, RuleResult
from app.domain.control_view import ControlMode, ControlSettings, DaySaving, Fallback

SLOTS_PER_DAY = 48
AI_DAYS_KEPT = 62  # this month and the last week: what the savings list shows
# Half hours of a day under AI control for its saving to count: nine tenths of 48 (a
# target exceeded, a restart or a short fallback still leave the day AI control's).
AI_DAY_MIN_SLOTS = 43


# --- settings -----------------------------------------------------------------------

def _time_text(moment: time | None) -> str | None:
    return None if moment is None else moment.strftime("%H:%M")


def _time(text: Any) -> time | None:
    return None if not isinstance(text, str) else time.fromisoformat(text)


def _targets(values: Any) -> tuple[float | None, ...]:
    if not isinstance(values, list) or len(values) != SLOTS_PER_DAY:
        raise ValueError("a day has 48 targets")
    out = []
    for v in values:
        if v is not None and (isinstance(v, bool) or not isinstance(v, int | float) or v < 0):
            raise ValueError(f"not a target in Wh: {v!r}")
        out.append(None if v is None else float(v))
    return tuple(out)


def settings_to_json(s: ControlSettings) -> str:
    return json.dumps({
        "ai_enabled": s.ai_enabled, "reserve_pct": s.reserve_pct,
        "ecocute_day_shift": s.ecocute_day_shift, "ev_departure": _time_text(s.ev_departure),
        "ev_target_pct": s.ev_target_pct, "weekday_targets_wh": list(s.weekday_targets_wh),
        "holiday_targets_wh": list(s.holiday_targets_wh)}, sort_keys=True)


def settings_from_json(text: str | None) -> ControlSettings:
    """The stored settings; a field missing or unreadable keeps its default."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return ControlSettings()
    if not isinstance(data, dict):
        return ControlSettings()
    default, kept = ControlSettings(), {}
    readers = {
        "ai_enabled": lambda v: v if isinstance(v, bool) else None,
        "ecocute_day_shift": lambda v: v if isinstance(v, bool) else None,
        "reserve_pct": lambda v: float(v) if _number(v) and 0 <= v <= 100 else None,
        "ev_target_pct": lambda v: float(v) if _number(v) and 0 <= v <= 100 else None,
        "ev_departure": _time,
        "weekday_targets_wh": _targets,
        "holiday_targets_wh": _targets,
    }
    for name, read in readers.items():
        if name not in data:
            continue
        try:
            value = read(data[name])
        except (ValueError, TypeError):
            continue
        if value is not None or name == "ev_departure":
            kept[name] = value
    return ControlSettings(**{f.name: kept.get(f.name, getattr(default, f.name))
                              for f in fields(ControlSettings)})


def _number(v: Any) -> bool:
    return not isinstance(v, bool) and isinstance(v, int | float)


# --- what the loop has done ---------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ControlState:
    """Kept across restarts: the devices the loop has Set away from their own program
    (restored when it stops controlling them), the slot whose exceeded target was told
    (told once, and the battery's AI control suspended for it), and the devices that
    refused a Set (left out of the plan until `failed[device]` + the retry delay), and the
    days on which AI control was in charge (only those count as saved by it)."""

    controlled: Mapping[str, float] = field(default_factory=dict)  # device -> last Set
    target_slot: float | None = None  # unix s of the slot's start
    failed: Mapping[str, float] = field(default_factory=dict)  # device -> when
    # local day -> its half hours (bit i: slot i) in which AI control was in charge
    ai_slots: Mapping[date, int] = field(default_factory=dict)

    def with_ai_slot(self, start: datetime) -> ControlState:
        """`start`'s half hour (local) counted as under AI control; days older than
        AI_DAYS_KEPT forgotten."""
        day, slot = start.date(), (start.hour * 60 + start.minute) // 30
        kept = {d: m for d, m in self.ai_slots.items() if (day - d).days < AI_DAYS_KEPT}
        kept[day] = kept.get(day, 0) | (1 << slot)
        return replace(self, ai_slots=kept)

    @property
    def ai_days(self) -> frozenset[date]:
        """Days run under AI control: AI_DAY_MIN_SLOTS of their half hours at least. A day
        it ran only partly is mostly the devices' own programs: no saving of AI control."""
        return frozenset(d for d, mask in self.ai_slots.items()
                         if mask.bit_count() >= AI_DAY_MIN_SLOTS)

    def to_json(self) -> str:
        return json.dumps({"controlled": dict(self.controlled), "target_slot": self.target_slot,
                           "failed": dict(self.failed),
                           "ai_slots": {d.isoformat(): m for d, m in self.ai_slots.items()}},
                          sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> ControlState:
        try:
            data = json.loads(text or "{}")
            slot = data.get("target_slot")
            return cls({str(k): float(v) for k, v in dict(data.get("controlled", {})).items()},
                       None if slot is None else float(slot),
                       {str(k): float(v) for k, v in dict(data.get("failed", {})).items()},
                       {date.fromisoformat(d): int(m)
                        for d, m in dict(data.get("ai_slots", {})).items()})
        except (ValueError, TypeError, AttributeError):
            return cls()


# --- plan inputs --------------------------------------------------------------------

def _spec_dict(spec: Any) -> dict[str, Any] | None:
    if spec is None:
        return None
    out = {}
    for f in fields(spec):
        value = getattr(spec, f.name)
        if f.name == "daily_heating_wh":  # ((date, Wh), ...)
            value = [[day.isoformat(), wh] for day, wh in value]
        out[f.name] = _time_text(value) if isinstance(value, time) else value
    return out


def _spec(cls: type, data: Any) -> Any:
    if data is None:
        return None
    kwargs = {}
    for f in fields(cls):
        if f.name in data:
            value = data[f.name]
            if f.name == "daily_heating_wh":
                value = tuple((date.fromisoformat(day), float(wh)) for day, wh in value)
            elif isinstance(value, list):
                value = tuple(value)
            kwargs[f.name] = _time(value) if isinstance(value, str) and ":" in value else value
    return cls(**kwargs)


def inputs_to_dict(i: PlanInputs) -> dict[str, Any]:
    return {"start": i.start.isoformat(), "buy": list(i.buy_yen_per_kwh),
            "sell": list(i.sell_yen_per_kwh), "pv": list(i.pv_wh), "load": list(i.load_wh),
            "target": list(i.target_wh), "grid_charge": list(i.grid_charge_allowed),
            "battery": _spec_dict(i.battery), "soc": i.soc_pct, "ev": _spec_dict(i.ev),
            "ecocute": _spec_dict(i.ecocute), "stored_value": i.stored_value_yen_per_kwh,
            "first_slot_fraction": i.first_slot_fraction}


def inputs_from_dict(d: Mapping[str, Any]) -> PlanInputs:
    """ValueError (or KeyError, TypeError) when it is not a PlanInputs."""
    return PlanInputs(
        start=datetime.fromisoformat(d["start"]), buy_yen_per_kwh=tuple(d["buy"]),
        sell_yen_per_kwh=tuple(d["sell"]), pv_wh=tuple(d["pv"]), load_wh=tuple(d["load"]),
        target_wh=tuple(d["target"]), grid_charge_allowed=tuple(d["grid_charge"]),
        battery=_spec(BatterySpec, d.get("battery")), soc_pct=d["soc"],
        ev=_spec(EvSpec, d.get("ev")), ecocute=_spec(EcoCuteSpec, d.get("ecocute")),
        stored_value_yen_per_kwh=d.get("stored_value"),
        first_slot_fraction=d.get("first_slot_fraction", 1.0))


# --- the last round -----------------------------------------------------------------

def _rule_dict(r: RuleResult) -> dict[str, Any]:
    return {"available": r.available, "reasons": [
        {"code": x.code, "message": x.message, "params": dict(x.params)} for x in r.reasons]}


def _rule(d: Mapping[str, Any]) -> RuleResult:
    return RuleResult(bool(d["available"]), tuple(
        Reason(str(x["code"]), str(x["message"]), dict(x.get("params") or {}))
        for x in d["reasons"]))


@dataclass(frozen=True)
class KeptRound:
    """A round as kept: the view without its plan (made again from `inputs`)."""

    mode: ControlMode
    inputs: PlanInputs | None
    fallback: Fallback | None
    fallback_detail: str
    conditions: tuple[RuleResult, ...]
    savings: tuple[DaySaving, ...]
    month_saved_yen: float | None
    made_at: float
    notes: tuple[str, ...] = ()


def round_to_json(k: KeptRound) -> str:
    return json.dumps({
        "mode": k.mode.value, "inputs": None if k.inputs is None else inputs_to_dict(k.inputs),
        "fallback": None if k.fallback is None else k.fallback.value,
        "detail": k.fallback_detail, "conditions": [_rule_dict(r) for r in k.conditions],
        "savings": [[s.day.isoformat(), s.actual_yen, s.baseline_yen] for s in k.savings],
        "month": k.month_saved_yen, "made_at": k.made_at, "notes": list(k.notes)},
        default=str)


def round_from_json(text: str | None) -> KeptRound | None:
    if not text:
        return None
    try:
        d = json.loads(text)
        return KeptRound(
            ControlMode(d["mode"]),
            None if d.get("inputs") is None else inputs_from_dict(d["inputs"]),
            None if d.get("fallback") is None else Fallback(d["fallback"]),
            str(d.get("detail", "")), tuple(_rule(r) for r in d.get("conditions", ())),
            tuple(DaySaving(date.fromisoformat(day), float(a), float(b))
                  for day, a, b in d.get("savings", ())),
            None if d.get("month") is None else float(d["month"]), float(d["made_at"]),
            tuple(str(n) for n in d.get("notes", ())))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def savings_to_json(days: Mapping[date, DaySaving]) -> str:
    return json.dumps({d.isoformat(): [s.actual_yen, s.baseline_yen]
                       for d, s in sorted(days.items())})


def savings_from_json(text: str | None) -> dict[date, DaySaving]:
    try:
        data = json.loads(text or "{}")
        return {date.fromisoformat(k): DaySaving(date.fromisoformat(k), float(a), float(b))
                for k, (a, b) in data.items()}
    except (ValueError, TypeError, AttributeError):
        return {}
