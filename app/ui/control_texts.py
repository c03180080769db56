"""Words for the AI Solar Charge page: the mode and why, the settings, the savings.

The failing conditions are worded by plan_texts (the rates page says the same
sentences); a fallback is said by its kind, with what the control service adds.
"""

from __future__ import annotations

from datetime import datetime, time, tzinfo

from PySide6.QtCore import QCoreApplication

from app.domain.charging_rules import Reason
from app.domain.control_view import ControlMode, ControlSettings, ControlView, Fallback
from app.domain.events import eoj_of
from app.domain.target_ranges import target_ranges
from app.ui.decision_texts import kind_name
from app.ui.device_classes import device_class_name
from app.ui.formatting import format_energy_kwh, format_percent, format_time
from app.ui.notice_texts import day_type_text
from app.ui.plan_texts import reason_text

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def mode_title(view: ControlView | None) -> str:
    if view is None:
        return translate("AiChargePage", "Preparing the plan…")
    if view.mode is ControlMode.SELF_CONSUMPTION and view.fallback is Fallback.NO_BATTERY:
        # No battery: there is no self-consumption mode to speak of either.
        return translate("AiChargePage", "AI control is not available")
    return {
        ControlMode.AI: translate("AiChargePage", "AI control is running"),
        ControlMode.SELF_CONSUMPTION: translate("AiChargePage", "Running in self-consumption mode"),
        ControlMode.OFF: translate("AiChargePage", "AI Solar Charge is off"),
    }[view.mode]


def device_name(device: str) -> str:
    """A device key ('127.0.0.5/027D01') as the household knows it ('Storage battery')."""
    code = eoj_of(device) >> 8
    return device_class_name(code) if code else device


def device_problem(detail: str) -> str:
    """The control service's 'device[: what]' in words."""
    device, _, what = detail.partition(": ")
    name = device_name(device)
    if what == "no answer":
        return translate("AiChargePage", "{device} does not answer.").format(device=name)
    if what == "level":
        return translate("AiChargePage", "{device} does not report its level.").format(
            device=name)
    if what:
        return translate("AiChargePage", "{device} does not report its limits.").format(
            device=name)
    return translate("AiChargePage", "{device} did not accept a setting.").format(device=name)


def fallback_text(fallback: Fallback | None, detail: str) -> str:
    """Why the home runs self-consumption instead of the plan."""
    if fallback is None:
        return translate("AiChargePage", "The battery charges only from surplus solar and "
                                         "supplies the house.")
    if fallback is Fallback.CONDITION:
        if detail.startswith("no_slot_prices"):
            return translate("AiChargePage", "The rate plan has no price for each half hour "
                                             "(a tiered plan, for instance).")
        return translate("AiChargePage", "Not every condition for AI control holds:")
    if fallback is Fallback.NO_FORECAST:
        if detail == "load":
            return translate("AiChargePage", "There is no forecast of the household's use yet. "
                                             "AI control resumes when there is one.")
        return translate("AiChargePage", "There is no solar forecast, or it is too old. AI "
                                         "control resumes when a new forecast arrives.")
    if fallback is Fallback.DEVICE:
        return translate("AiChargePage", "{problem} The battery runs in self-consumption, "
                                         "and the panel tries again.").format(
            problem=device_problem(detail) if detail else
            translate("AiChargePage", "A device did not accept a setting."))
    return {
        Fallback.LEARNING: translate(
            "AiChargePage", "The panel has not yet learned enough of the household's use: AI "
                            "control needs at least 5 days of data for the kind of day "
                            "(weekdays, or Saturdays, Sundays and holidays)."),
        Fallback.SOLVER: translate(
            "AiChargePage", "The plan could not be worked out this time. The panel tries "
                            "again at the next round."),
        Fallback.NO_BATTERY: translate(
            "AiChargePage", "No battery the panel can control was found."),
        Fallback.TARGET_EXCEEDED: translate(
            "AiChargePage", "A 30-minute power-saving target was exceeded: the battery runs "
                            "in self-consumption for this half hour."),
    }[fallback]


def note_texts(notes: tuple[str, ...]) -> list[str]:
    """The round's smaller remarks ('replanned_without:…', 'ecocute_own_program')."""
    lines = []
    for note in notes:
        code, _, rest = note.partition(":")
        if code == "replanned_without":
            names = translate("AiChargePage", ", ").join(
                dict.fromkeys(device_name(d) for d in rest.split(",") if d))
            lines.append(translate("AiChargePage", "{devices} did not accept the plan's "
                                                   "settings: the plan was made again without "
                                                   "them.").format(devices=names))
        elif code == "ecocute_own_program":
            lines.append(translate("AiChargePage", "The EcoCute is not in this plan: it heats "
                                                   "by its own program."))
    return lines


def condition_text(reason: Reason) -> str:
    """A failed condition in the user's words: the control loop's own conditions here,
    the charging rules' (shared with the rates page) in plan_texts."""
    code, params = reason.code, reason.params
    if code == "no_rate_plan":
        return translate("AiChargePage", "no rate plan is set (Rates)")
    if code == "no_measurement_unit":
        return translate("AiChargePage", "no measurement unit measures the distribution board")
    if code == "learning_data_short":
        return translate(
            "AiChargePage", "only {days} of the {needed} days of use on {day_type} are learned"
        ).format(days=params.get("days", "?"), needed=params.get("needed", "?"),
                 day_type=day_type_text(str(params.get("day_type", ""))))
    if code == "saving_target_exceeded":
        return translate("AiChargePage", "the 30-minute power-saving target was exceeded")
    if code == "v2h_manual_charge":
        return translate("AiChargePage", "the car is being charged by hand")
    return reason_text(reason)


def _device_name(device: str) -> str:
    return {"battery": translate("AiChargePage", "Battery"),
            "v2h": translate("AiChargePage", "V2H")}.get(device, device)


def failing_conditions(view: ControlView, lang: str) -> list[str]:
    """Each failing condition once, in the user's words; one that holds for some devices
    only says which ('Battery: …')."""
    found: dict[tuple, tuple[Reason, list[str | None]]] = {}
    for result in view.conditions:
        for reason in result.reasons:
            rest = tuple(sorted((k, str(v)) for k, v in reason.params.items() if k != "device"))
            entry = found.setdefault((reason.code, rest), (reason, []))
            entry[1].append(reason.params.get("device"))
    lines = []
    for reason, devices in found.values():
        text = condition_text(reason)
        if devices and None not in devices:
            names = ("、" if lang == "ja" else ", ").join(
                dict.fromkeys(_device_name(str(d)) for d in devices))
            text = translate("AiChargePage", "{devices}: {condition}").format(
                devices=names, condition=text)
        lines.append(text)
    return lines


def mode_detail(view: ControlView | None, zone: tzinfo, lang: str) -> str:
    if view is None:
        return translate(
            "AiChargePage",
            "The panel is gathering the forecast, the prices and the devices' state.",
        )
    if view.mode is ControlMode.OFF:
        return translate(
            "AiChargePage",
            "The devices run in their own modes. Switch AI Solar Charge on in the settings below.",
        )
    if view.mode is ControlMode.AI:
        made = datetime.fromtimestamp(view.made_at, zone)
        text = translate(
            "AiChargePage",
            "The battery, the car and the EcoCute follow the plan below (made at {time}).",
        ).format(time=format_time(made))
        return "\n".join([text, *note_texts(view.notes)])
    text = fallback_text(view.fallback, view.fallback_detail)
    reasons = failing_conditions(view, lang)
    if reasons:
        bullet = "・" if lang == "ja" else "• "
        text += "\n" + "\n".join(bullet + line[:1].upper() + line[1:] for line in reasons)
    elif view.fallback is Fallback.CONDITION and text[-1:] in (":", "："):
        # The service named no condition: none to list, the sentence ends here.
        text = text[:-1] + ("。" if text[-1] == "：" else ".")
    return "\n".join([text, *note_texts(view.notes)])


def doing_now(view: ControlView, now: datetime, zone: tzinfo, lang: str) -> str:
    """'Now: the battery charges from surplus solar until 16:00' (empty: nothing planned
    for this moment)."""
    plan = view.plan
    if plan is None or view.mode is ControlMode.OFF:
        return ""
    doing = [translate("AiChargePage", "{what} until {time}").format(
        what=kind_name(d.kind), time=format_time(d.end.astimezone(zone)))
        for d in plan.decisions if d.start <= now < d.end]
    if not doing:
        return ""
    return translate("AiChargePage", "Now: {doing}").format(
        doing=("、" if lang == "ja" else "; ").join(doing))


def on_off(value: bool) -> str:
    return translate("AiChargePage", "On") if value else translate("AiChargePage", "Off")


def departure_text(departure: time | None) -> str:
    if departure is None:
        return translate("AiChargePage", "Not set")
    return format_time(departure)  # a time formats as a datetime does


def targets_text(targets: tuple[float | None, ...], lang: str) -> str:
    """'18:00–20:00 1.0kWh, 22:00–23:00 0.5kWh' or 'None'."""
    ranges = target_ranges(targets)
    if not ranges:
        return translate("AiChargePage", "None")
    sep = "、" if lang == "ja" else ", "
    return sep.join(
        f"{format_time(r.start)}–{format_time(r.end)} {format_energy_kwh(r.wh / 1000, lang)}"
        for r in ranges
    )


def settings_lines(settings: ControlSettings, lang: str) -> list[tuple[str, str]]:
    """(what, its value) for the page's summary of the settings."""
    ev = (
        translate("AiChargePage", "Leaves at {time}, charged to {target}").format(
            time=departure_text(settings.ev_departure),
            target=format_percent(settings.ev_target_pct),
        )
        if settings.ev_departure is not None
        else translate("AiChargePage", "Departure not set, charged to {target}").format(
            target=format_percent(settings.ev_target_pct)
        )
    )
    return [
        (translate("AiChargePage", "AI Solar Charge Plus"), on_off(settings.ai_enabled)),
        (
            translate("AiChargePage", "Outage care"),
            translate("AiChargePage", "Keeps {reserve} in the battery").format(
                reserve=format_percent(settings.reserve_pct)
            ),
        ),
        (translate("AiChargePage", "EcoCute day-time heating"), on_off(settings.ecocute_day_shift)),
        (translate("AiChargePage", "Car"), ev),
        (
            translate("AiChargePage", "30-minute targets, weekdays"),
            targets_text(settings.weekday_targets_wh, lang),
        ),
        (
            translate("AiChargePage", "30-minute targets, holidays"),
            targets_text(settings.holiday_targets_wh, lang),
        ),
    ]
