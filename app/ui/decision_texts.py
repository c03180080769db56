"""The plan's decisions in words, from the numbers of their structured reasons.

    02:00–05:00 蓄電池に充電（買電）：深夜の単価 26.74円 が、使う時間（17:00–23:00）の
    43.61円 より安く、明日の余剰で 8.0kWh のうち 3.1kWh をまかなえるため

A decision's reason (app/domain/charge_plan.py) holds the prices compared and the
energy concerned; the plan's other decisions say when the stored energy is used and
which day's surplus comes in between. Every sentence is one translatable template per
case, so that each language can order its clauses as it needs.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from PySide6.QtCore import QCoreApplication

from app.domain.charge_plan import (
    ActionKind,
    Decision,
    DischargeReason,
    EcoCuteReason,
    EvChargeReason,
    EvDischargeReason,
    GridChargeReason,
    Plan,
    Shortfall,
    ShortfallKind,
    SurplusChargeReason,
    TargetReason,
)
from app.ui.formatting import format_energy_kwh, format_percent, format_time

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

SMALL_WH = 50.0  # less is not worth a clause ("0.0 kWh of it bought")


def _yen(price: float) -> str:
    return f"{price:.2f}"


def _kwh(wh: float, lang: str) -> str:
    return format_energy_kwh(wh / 1000, lang)


def day_word(day: date, today: date) -> str:
    """A day inside a sentence: 今日, 明日, あさって (or the date)."""
    offset = (day - today).days
    if offset == 0:
        return translate("DecisionText", "today")
    if offset == 1:
        return translate("DecisionText", "tomorrow")
    if offset == 2:
        return translate("DecisionText", "the day after tomorrow")
    return f"{day.month}/{day.day}"


def day_heading(day: date, today: date) -> str:
    """A day's heading above its decisions: 今日 / 明日 / あさって, else the date."""
    offset = (day - today).days
    names = {
        0: translate("DecisionText", "Today"),
        1: translate("DecisionText", "Tomorrow"),
        2: translate("DecisionText", "Day after tomorrow"),
    }
    return names.get(offset, f"{day.month}/{day.day}")


def span_text(
    start: datetime, end: datetime, today: date | None = None, zone: tzinfo | None = None
) -> str:
    """'02:00–05:00'; with `today`, a day that is not today is named ('明日 02:00')."""
    if zone is not None:
        start, end = start.astimezone(zone), end.astimezone(zone)
    text = f"{format_time(start)}–{format_time(end)}"
    if today is not None and start.date() != today:
        text = translate("DecisionText", "{day} {span}").format(
            day=day_word(start.date(), today), span=text
        )
    return text


def moment_text(moment: datetime, today: date, zone: tzinfo) -> str:
    """'07:30', or '明日 07:30' on another day."""
    local = moment.astimezone(zone)
    if local.date() == today:
        return format_time(local)
    return translate("DecisionText", "{day} {span}").format(
        day=day_word(local.date(), today), span=format_time(local)
    )


def kind_name(kind: ActionKind) -> str:
    """What the decision does, as a short title."""
    return {
        ActionKind.GRID_CHARGE: translate("DecisionText", "Battery charges from the grid"),
        ActionKind.SURPLUS_CHARGE: translate("DecisionText", "Battery charges from surplus solar"),
        ActionKind.DISCHARGE: translate("DecisionText", "Battery supplies the house"),
        ActionKind.EV_CHARGE: translate("DecisionText", "Car charges"),
        ActionKind.EV_DISCHARGE: translate("DecisionText", "Car supplies the house (V2H)"),
        ActionKind.ECOCUTE_NIGHT: translate("DecisionText", "EcoCute heats at night"),
        ActionKind.ECOCUTE_SURPLUS: translate("DecisionText", "EcoCute heats with surplus solar"),
        ActionKind.TARGET_EXCEEDED: translate("DecisionText", "Above the 30-minute target"),
    }[kind]


class _Context:
    """What a decision's words need from the rest of the plan."""

    def __init__(self, plan: Plan, today: date, zone: tzinfo, lang: str) -> None:
        self.decisions = plan.decisions
        self.today, self.zone, self.lang = today, zone, lang

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def _after(self, d: Decision, kind: ActionKind, stop: ActionKind) -> list[Decision]:
        """Runs of `kind` after `d`, until the next run of `stop`."""
        found = []
        for other in self.decisions:
            if other.first_slot < d.end_slot:
                continue
            if other.kind is stop:
                break
            if other.kind is kind:
                found.append(other)
        return found

    def used_span(self, d: Decision, stop: ActionKind) -> str | None:
        """When the stored energy goes: the largest discharge before the next `stop`."""
        discharges = self._after(d, ActionKind.DISCHARGE, stop)
        if not discharges:
            return None
        biggest = max(discharges, key=lambda x: x.energy_wh)
        return span_text(biggest.start, biggest.end, self.today, self.zone)

    def surplus_day(self, d: Decision) -> str:
        charges = self._after(d, ActionKind.SURPLUS_CHARGE, ActionKind.GRID_CHARGE)
        if not charges:
            return translate("DecisionText", "the day")
        return day_word(self.local(charges[0].start).date(), self.today)


def _grid_charge(r: GridChargeReason, d: Decision, c: _Context) -> str:
    lang = c.lang
    if r.later_price_yen is None:
        return translate(
            "DecisionText", "Stores energy bought at {price} yen/kWh for after the plan's end."
        ).format(price=_yen(r.price_yen))
    values = dict(
        price=_yen(r.price_yen),
        later=_yen(r.later_price_yen),
        used=c.used_span(d, ActionKind.GRID_CHARGE) or translate("DecisionText", "later"),
        needed=_kwh(r.needed_wh, lang),
        surplus=_kwh(r.surplus_wh, lang),
        day=c.surplus_day(d),
    )
    if r.surplus_wh >= SMALL_WH:
        return translate(
            "DecisionText",
            "Charging at {price} yen/kWh costs less than buying at {later} yen/kWh "
            "when the energy is used ({used}), and {day}'s surplus covers only "
            "{surplus} of the {needed} needed.",
        ).format(**values)
    return translate(
        "DecisionText",
        "Charging at {price} yen/kWh costs less than buying at {later} yen/kWh when "
        "the energy is used ({used}), and no surplus is expected to cover the "
        "{needed} needed.",
    ).format(**values)


def _surplus_charge(r: SurplusChargeReason, d: Decision, c: _Context) -> str:
    lang = c.lang
    values = dict(
        sell=_yen(r.sell_price_yen or 0.0),
        later=_yen(r.later_price_yen or 0.0),
        surplus=_kwh(r.surplus_wh, lang),
        used=c.used_span(d, ActionKind.SURPLUS_CHARGE),
    )
    if r.later_price_yen is None or values["used"] is None:
        text = (
            translate("DecisionText", "Stores the surplus ({surplus}) for use at {used}.")
            if values["used"]
            else translate("DecisionText", "Stores the surplus ({surplus}) for later.")
        ).format(**values)
    elif r.sell_price_yen is None:
        text = translate(
            "DecisionText",
            "Surplus that cannot be sold is stored and replaces buying at {later} "
            "yen/kWh ({used}).",
        ).format(**values)
    else:
        text = translate(
            "DecisionText",
            "Surplus that would sell for {sell} yen/kWh is stored and replaces buying "
            "at {later} yen/kWh ({used}).",
        ).format(**values)
    if r.sold_wh >= SMALL_WH:
        text = translate("DecisionText", "{text} {sold} is still sold.").format(
            text=text, sold=_kwh(r.sold_wh, lang)
        )
    return text


def _discharge(r: DischargeReason, d: Decision, c: _Context) -> str:
    if r.stored_price_yen is None:
        text = translate(
            "DecisionText", "Uses the energy already stored instead of buying at {price} yen/kWh"
        ).format(price=_yen(r.price_yen))
    else:
        text = translate(
            "DecisionText",
            "Uses energy stored at {stored} yen/kWh instead of buying at {price} yen/kWh",
        ).format(price=_yen(r.price_yen), stored=_yen(r.stored_price_yen))
    if r.reserve_pct > 0 and r.end_soc_pct <= r.reserve_pct + 0.5:
        limit = translate("DecisionText", "down to the outage-care reserve of {reserve}").format(
            reserve=format_percent(r.reserve_pct)
        )
    else:
        limit = translate("DecisionText", "down to {level}").format(
            level=format_percent(r.end_soc_pct)
        )
    return translate("DecisionText", "{text} ({limit}).").format(text=text, limit=limit)


def _ev_charge(r: EvChargeReason, d: Decision, c: _Context) -> str:
    lang = c.lang
    grid_wh = d.energy_wh - r.surplus_wh
    values = dict(price=_yen(r.price_yen), cheapest=_yen(r.cheapest_price_yen),
                  surplus=_kwh(r.surplus_wh, lang), target=format_percent(r.target_pct))
    if grid_wh < SMALL_WH:
        how = translate("DecisionText", "with surplus solar ({surplus})")
    elif r.price_yen <= r.cheapest_price_yen + 0.005:
        how = translate("DecisionText", "in the cheapest hours ({price} yen/kWh)")
    else:
        how = translate("DecisionText", "at {price} yen/kWh (the cheapest while the car is "
                                        "here: {cheapest} yen/kWh)")
    values["how"] = how.format(**values)
    if r.departure is None:
        text = translate("DecisionText", "Charges the car {how}.").format(**values)
    else:
        values["departure"] = moment_text(r.departure, c.today, c.zone)
        text = translate("DecisionText", "To reach {target} by the departure at {departure}, "
                                         "it charges {how}.").format(**values)
    if r.surplus_wh >= SMALL_WH and grid_wh >= SMALL_WH:
        text = translate("DecisionText", "{text} {surplus} of it from surplus solar.").format(
            text=text, surplus=values["surplus"])
    if r.departure is not None and r.level_at_departure_pct < r.target_pct - 0.5:
        text = translate("DecisionText", "{text} It reaches only {level}.").format(
            text=text, level=format_percent(r.level_at_departure_pct))
    return text


def _ev_discharge(r: EvDischargeReason, d: Decision, c: _Context) -> str:
    return translate(
        "DecisionText",
        "Uses the car's energy instead of buying at {price} yen/kWh (down to "
        "{level}; the car keeps at least {floor}).",
    ).format(
        price=_yen(r.price_yen),
        level=format_percent(r.end_level_pct),
        floor=format_percent(r.floor_pct),
    )


def _ecocute(r: EcoCuteReason, d: Decision, c: _Context) -> str:
    lang = c.lang
    values = dict(
        night=_yen(r.night_price_yen or 0.0),
        day_cost=_yen(r.day_cost_yen or 0.0),
        surplus=_kwh(r.day_surplus_wh, lang),
        grid=_kwh(r.grid_wh, lang),
        day=day_word(c.local(d.end).date(), c.today),
    )
    if d.kind is ActionKind.ECOCUTE_SURPLUS:
        text = (
            translate(
                "DecisionText",
                "Heating with the day's surplus costs {day_cost} yen/kWh (the sale it "
                "gives up) instead of {night} yen/kWh at night.",
            )
            if r.night_price_yen is not None
            else translate(
                "DecisionText",
                "Heats with the day's surplus, at {day_cost} yen/kWh (the sale it gives up).",
            )
        ).format(**values)
        if r.grid_wh >= SMALL_WH:
            text = translate("DecisionText", "{text} {grid} of it is bought.").format(
                text=text, grid=values["grid"]
            )
        return text
    if not r.shift_allowed:
        return translate(
            "DecisionText", "Day-time heating is off, so it heats at night ({night} yen/kWh)."
        ).format(**values)
    if r.day_cost_yen is None:
        return translate("DecisionText", "Heats at night ({night} yen/kWh), as usual.").format(
            **values
        )
    if r.night_price_yen is not None and r.night_price_yen <= r.day_cost_yen:
        return translate(
            "DecisionText",
            "The night price, {night} yen/kWh, is below the {day_cost} yen/kWh a kWh "
            "of the day's surplus is worth.",
        ).format(**values)
    return translate(
        "DecisionText",
        "{day}'s surplus (expected {surplus}) is not enough for all of it, so the "
        "rest heats at night at {night} yen/kWh.",
    ).format(**values)


def _target(r: TargetReason, d: Decision, c: _Context) -> str:
    lang = c.lang
    return translate(
        "DecisionText",
        "Up to {buy} is bought in a half hour, above the target of {target} ({excess} "
        "over in all).",
    ).format(
        buy=_kwh(r.buy_wh, lang), target=_kwh(r.target_wh, lang), excess=_kwh(r.excess_wh, lang)
    )


def reason_text(decision: Decision, plan: Plan, today: date, zone: tzinfo, lang: str) -> str:
    """Why the plan does this, in one or two sentences (a capital first in English)."""
    text = _reason(decision, plan, today, zone, lang)
    return text[:1].upper() + text[1:]


def _reason(decision: Decision, plan: Plan, today: date, zone: tzinfo, lang: str) -> str:
    c = _Context(plan, today, zone, lang)
    reason = decision.reason
    if isinstance(reason, GridChargeReason):
        return _grid_charge(reason, decision, c)
    if isinstance(reason, SurplusChargeReason):
        return _surplus_charge(reason, decision, c)
    if isinstance(reason, DischargeReason):
        return _discharge(reason, decision, c)
    if isinstance(reason, EvChargeReason):
        return _ev_charge(reason, decision, c)
    if isinstance(reason, EvDischargeReason):
        return _ev_discharge(reason, decision, c)
    if isinstance(reason, EcoCuteReason):
        return _ecocute(reason, decision, c)
    if isinstance(reason, TargetReason):
        return _target(reason, decision, c)
    raise TypeError(f"no words for {type(reason).__name__}")


def decision_text(decision: Decision, plan: Plan, today: date, zone: tzinfo, lang: str) -> str:
    """'02:00–05:00 Battery charges from the grid: …' (the time, what, why) in one line."""
    return translate("DecisionText", "{span} {what}: {why}").format(
        span=span_text(decision.start, decision.end, today, zone),
        what=kind_name(decision.kind),
        why=reason_text(decision, plan, today, zone, lang),
    )


def shortfall_text(shortfall: Shortfall, today: date, zone: tzinfo, lang: str) -> str:
    when = moment_text(shortfall.by, today, zone)
    if shortfall.kind is ShortfallKind.EV_TARGET:
        return translate(
            "DecisionText", "The car cannot reach its target by {when}: {wh} short."
        ).format(when=when, wh=_kwh(shortfall.wh, lang))
    return translate(
        "DecisionText", "The EcoCute cannot finish heating by {when}: {wh} short."
    ).format(when=when, wh=_kwh(shortfall.wh, lang))
