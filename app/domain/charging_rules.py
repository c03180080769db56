"""May the panel charge from surplus solar? The conditions of SPEC §8, each checkable.

Each function answers for one feature with a RuleResult: available, or not and
every failed condition as a Reason with a stable `code` (the UI translates by
code and `params`) and an English `message` the command line prints as is.

The price condition `max > min ≥ sell` or `max > sell ≥ min` is, taken together,
`max > min` and `sell < max`. A flat or tiered plan has one price at every hour
(max == min), so surplus charging of the battery or EV is never available with
it: storing solar pays only when some hours cost more than others. The seed says
the same ("時間帯単価", the price of a time band). AI Solar Charge Plus, by
contrast, accepts a flat plan (従量制) and asks only for a single-peak day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from app.domain.price_shape import price_range, shape_faults
from app.domain.tariff import PlanVersion, RatePlan, TieredEnergy

SURPLUS_BATTERY_MODES = ("environment", "custom")  # 環境 / カスタム
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")

# The codes: stable, the UI keys its translations on them.
BATTERY_NOT_SUPPORTED = "battery_not_supported"
BATTERY_MODE = "battery_mode_not_allowed"
WEATHER_WARNING = "weather_warning_linkage"
BUYING_DURING_SURPLUS = "buying_during_surplus"
EV_CIRCUIT_NOT_MEASURED = "ev_circuit_not_measured"
FULL_FEED_IN = "full_feed_in_pv"
NOT_REGISTERED = "not_registered"
OTHER_CONTROLLER = "other_controller"
EV_SOLAR_CHARGING = "ev_solar_charging_on"
NO_PLAN_VERSION = "no_plan_version"
NO_SELL_PRICE = "no_sell_price"
PRICE_NOT_TIME_VARYING = "price_not_time_varying"
SELL_NOT_BELOW_MAX = "sell_price_not_below_max"
NOT_SINGLE_PEAK = "price_not_single_peak"
UNANSWERED = "setup_unanswered"  # the installer has not said (commissioning), so: not allowed
RULES = ("battery_surplus", "ev_surplus", "ai_solar_charge")


@dataclass(frozen=True)
class HomeSettings:
    """What §8 asks of the home besides the plan.

    The defaults describe a home that meets every such condition, so that a check
    with defaults judges the plan alone; the panel passes its real settings.
    """

    battery_supported: bool = True  # a battery the panel can charge from surplus
    battery_mode: str = "environment"
    weather_warning_linkage: bool = False  # a weather-warning charge is in force (the linkage)
    buying_during_surplus: bool = False  # the grid supplies power in the surplus hours
    ev_charger_circuit_measured: bool = True  # the EV charger's circuit is set up and measured
    full_feed_in_pv: bool | None = False  # 全量買取: all PV output is sold (None: not answered)
    registered: bool = True  # server registration
    other_controller: bool = False  # another system controls the same devices
    ev_solar_charging_on: bool | None = False  # the EV's own "solar charging" (None: unknown)

    @classmethod
    def from_stored(cls, stored: Mapping[str, str]) -> tuple[HomeSettings, list[str]]:
        """Settings from stored text values (field name -> "true"/"false", the mode as is);
        unreadable values keep the default and are returned as warnings."""
        settings, warnings = cls(), []
        for key, text in stored.items():
            value = text.strip()
            if key == "battery_mode":
                settings = replace(settings, battery_mode=value)
            elif value.lower() in _TRUE + _FALSE:
                settings = replace(settings, **{key: value.lower() in _TRUE})
            else:
                warnings.append(f"ignoring the stored setting {key}={text!r} (not true or false)")
        return settings, warnings


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class RuleResult:
    available: bool
    reasons: tuple[Reason, ...]

    @classmethod
    def of(cls, reasons: list[Reason]) -> RuleResult:
        return cls(not reasons, tuple(reasons))

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(reason.message for reason in self.reasons)


def battery_surplus(plan: RatePlan, settings: HomeSettings, on: date) -> RuleResult:
    """Charging the battery from surplus solar on the day `on`."""
    reasons: list[Reason] = []
    if not settings.battery_supported:
        reasons.append(Reason(BATTERY_NOT_SUPPORTED, "no battery that supports surplus charging"))
    if settings.battery_mode not in SURPLUS_BATTERY_MODES:
        reasons.append(Reason(BATTERY_MODE, f"the battery mode is {settings.battery_mode!r}; "
                              "it must be 'environment' or 'custom'",
                              {"mode": settings.battery_mode}))
    reasons += price_condition(plan, on)
    if settings.weather_warning_linkage:
        reasons.append(Reason(WEATHER_WARNING, "a weather-warning charge is in force"))
    if settings.buying_during_surplus:
        reasons.append(_buying())
    return RuleResult.of(reasons)


def ev_surplus(plan: RatePlan, settings: HomeSettings, on: date) -> RuleResult:
    """Charging the EV (ELSEEV-type charger) from surplus solar on the day `on`."""
    reasons: list[Reason] = []
    if not settings.ev_charger_circuit_measured:
        reasons.append(Reason(EV_CIRCUIT_NOT_MEASURED,
                              "the EV charger's circuit is not set up and measured"))
    reasons += price_condition(plan, on)
    if settings.buying_during_surplus:
        reasons.append(_buying())
    return RuleResult.of(reasons)


def ai_solar_charge(plan: RatePlan, settings: HomeSettings, on: date) -> RuleResult:
    """AI Solar Charge Plus with the plan version in force on the day `on`."""
    reasons: list[Reason] = []
    if settings.full_feed_in_pv is None:
        reasons.append(_unanswered("full_feed_in_pv", "whether the solar power is all sold"))
    elif settings.full_feed_in_pv:
        reasons.append(Reason(FULL_FEED_IN, "the solar system sells all its output "
                              "(full feed-in)"))
    if not settings.registered:
        reasons.append(Reason(NOT_REGISTERED, "the panel is not registered with the server"))
    if settings.other_controller:
        reasons.append(Reason(OTHER_CONTROLLER, "another system controls the same devices"))
    version = _version(plan, on, reasons)
    if version is not None:
        for fault in shape_faults(version.energy):
            reasons.append(Reason(NOT_SINGLE_PEAK, f"more than one price peak a day: "
                                  f"{fault.message}", {
                                      "schedule": fault.profile.label,
                                      "day_kind": fault.profile.day_kind,
                                      "fault": fault.fault.kind,
                                      "at": fault.fault.slot, "peak": fault.fault.peak_slot}))
    if plan.sell_price_on(on) is None:
        reasons.append(_no_sell(on))
    if settings.ev_solar_charging_on is None:
        reasons.append(_unanswered("ev_solar_charging_on",
                                   "whether the EV charger's solar charging is on"))
    elif settings.ev_solar_charging_on:
        reasons.append(Reason(EV_SOLAR_CHARGING, "the EV's solar charging setting is on"))
    if settings.weather_warning_linkage:  # the seed: no AI control of battery or V2H meanwhile
        reasons.append(Reason(WEATHER_WARNING, "a weather-warning charge is in force"))
    return RuleResult.of(reasons)


def price_condition(plan: RatePlan, on: date) -> list[Reason]:
    """`max > min ≥ sell` or `max > sell ≥ min`, for the version and sell price of `on`."""
    reasons: list[Reason] = []
    version = _version(plan, on, reasons)
    sell = plan.sell_price_on(on)
    if sell is None:
        reasons.append(_no_sell(on))
    if version is None:
        return reasons
    prices = price_range(version)
    params = {"min": prices.minimum, "max": prices.maximum, "sell": sell}
    if prices.maximum <= prices.minimum:
        what = ("a tiered price depends on the month's kWh, not the hour"
                if isinstance(version.energy, TieredEnergy)
                else f"the buy price is the same at every hour ({prices.maximum:.2f} yen/kWh)")
        reasons.append(Reason(PRICE_NOT_TIME_VARYING, f"{what}; surplus charging needs some "
                              "hours dearer than others", params))
    elif sell is not None and sell >= prices.maximum:
        reasons.append(Reason(SELL_NOT_BELOW_MAX, f"the sell price ({sell:.2f} yen/kWh) is not "
                              f"below the highest buy price ({prices.maximum:.2f} yen/kWh, "
                              f"{prices.dearest})", params))
    return reasons


def _version(plan: RatePlan, on: date, reasons: list[Reason]) -> PlanVersion | None:
    try:
        return plan.version_on(on)
    except LookupError:
        reasons.append(Reason(NO_PLAN_VERSION, f"the plan has no prices for {on.isoformat()}",
                              {"date": on.isoformat()}))
        return None


def _unanswered(question: str, what: str) -> Reason:
    return Reason(UNANSWERED, f"the home's setup does not say {what}", {"question": question})


def _no_sell(on: date) -> Reason:
    return Reason(NO_SELL_PRICE, f"no sell price is set for {on.isoformat()}",
                  {"date": on.isoformat()})


def _buying() -> Reason:
    return Reason(BUYING_DURING_SURPLUS, "power is bought from the grid during the surplus hours")
