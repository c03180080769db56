"""Words for rate plans on the rates page: charging-rule reasons by code, prices.

Imported when the rates page first shows a plan: the tariff model (and the
`holidays` package under it) stay off the panel's start-up path.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from app.domain.charging_rules import (
    RULES,
    HomeSettings,
    Reason,
    ai_solar_charge,
    battery_surplus,
    ev_surplus,
)
from app.domain.price_shape import RISES_AFTER_PEAK
from app.domain.tariff import RatePlan

RULE_FUNCTIONS = dict(zip(RULES, (battery_surplus, ev_surplus, ai_solar_charge), strict=True))


def rule_name(rule: str) -> str:
    translate = QCoreApplication.translate
    return {"battery_surplus": translate("RatesPage", "Battery charging from surplus"),
            "ev_surplus": translate("RatesPage", "EV charging from surplus"),
            "ai_solar_charge": translate("RatesPage", "AI Solar Charge Plus")}[rule]


def reason_text(reason: Reason) -> str:
    """A failed condition in the user's words (by its stable code)."""
    translate = QCoreApplication.translate
    texts = {
        "battery_not_supported": translate("RatesPage", "no battery that can charge from "
                                                        "surplus"),
        "battery_mode_not_allowed": translate("RatesPage", "the battery mode must be "
                                                           "environment or custom"),
        "weather_warning_linkage": translate("RatesPage", "a weather-warning charge is on"),
        "buying_during_surplus": translate("RatesPage", "power is bought in the surplus hours"),
        "ev_circuit_not_measured": translate("RatesPage", "the EV charger's circuit is not "
                                                          "measured"),
        "full_feed_in_pv": translate("RatesPage", "the solar power is all sold (full feed-in)"),
        "not_registered": translate("RatesPage", "the panel is not registered"),
        "other_controller": translate("RatesPage", "another system controls the devices"),
        "ev_solar_charging_on": translate("RatesPage", "the EV's solar charging is on"),
        "no_plan_version": translate("RatesPage", "the plan has no prices for today"),
        "no_sell_price": translate("RatesPage", "no selling price is set"),
        "price_not_time_varying": translate("RatesPage", "the price is the same at every hour"),
        "sell_price_not_below_max": translate("RatesPage", "the selling price is not below "
                                                           "the highest buying price"),
    }
    if reason.code == "setup_unanswered":
        question = reason.params.get("question")
        if question == "full_feed_in_pv":
            return translate("RatesPage", "the home setup does not say whether the solar "
                                          "power is all sold")
        return translate("RatesPage", "the home setup does not say whether the EV "
                                      "charger's solar charging is on")
    if reason.code == "price_not_single_peak":
        at = reason.params.get("at")
        time = f"{at // 2:02d}:{at % 2 * 30:02d}" if isinstance(at, int) else "?"
        if reason.params.get("fault") == RISES_AFTER_PEAK:
            return translate("RatesPage", "the price rises again at {time} after the "
                                          "day's peak").format(time=time)
        return translate("RatesPage", "the price falls at {time} before the day's "
                                      "peak").format(time=time)
    return texts.get(reason.code, reason.message)


def rule_lines(plan: RatePlan, settings: HomeSettings, day: date, lang: str) -> list[str]:
    """One line per charging feature: available, or not and why ("…: not available — …")."""
    translate = QCoreApplication.translate
    lines = []
    for rule in RULES:
        result = RULE_FUNCTIONS[rule](plan, settings, day)
        if result.available:
            lines.append(translate("RatesPage", "{rule}: available").format(
                rule=rule_name(rule)))
        else:
            why = ("、" if lang == "ja" else "; ").join(reason_text(r) for r in result.reasons)
            lines.append(translate("RatesPage", "{rule}: not available — {why}").format(
                rule=rule_name(rule), why=why))
    return lines
