"""Words for notices and appliance-history events, in the panel's language.

Home notices are stored as a template id plus arguments and written here, so a
language switch re-words old notices too; server notices bring their own ja/en
texts. Nothing here raises on odd data (an unknown template, a missing
argument, a code no table knows): it shows what it has, raw if need be.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from app.domain.events import Cause, EventKind, EventRecord, eoj_of
from app.domain.fault_codes import FaultMeaning, MakerTable, describe
from app.domain.notices import Importance, Notice, NoticeSource, Template
from app.domain.weather import WarningKind, WarningLevel
from app.ui.device_classes import device_class_name
from app.ui.formatting import format_date_time, format_percent, format_power

# The home's zone (app.cli.DEFAULT_TIMEZONE; the CSV export uses the same): times read the
# same on the panel and in the exported file, whatever zone the machine is set to.
HOME_ZONE = ZoneInfo("Asia/Tokyo")


def local_time(at: float | None, lang: str) -> str:
    if at is None:
        return "—"
    return format_date_time(datetime.fromtimestamp(at, HOME_ZONE), lang)


def device_label(device: str) -> str:
    """'Water heater' from the key '127.0.0.9/026B01': the kind, never the network address
    (the household does not know its devices by address; the desktop's detail lines add it)."""
    eoj = eoj_of(device)
    if not eoj:
        return QCoreApplication.translate("NoticeText", "A device")
    return device_class_name(eoj >> 8)


# -- faults ------------------------------------------------------------------------------

def fault_category_text(category: str) -> str:
    translate = QCoreApplication.translate
    texts = {
        "power_cycle": translate("FaultText", "Turn the device off and on again"),
        "press_reset": translate("FaultText", "Press the device's reset button"),
        "refit_part": translate("FaultText", "A part has come loose: fit it again"),
        "refill": translate("FaultText", "Refill the device (water, fuel…)"),
        "clean": translate("FaultText", "Clean the device (a filter…)"),
        "replace_battery": translate("FaultText", "Replace the device's battery"),
        "user_other": translate("FaultText", "A fault you can clear yourself (see the manual)"),
        "safety_device": translate("FaultText", "A safety device has tripped"),
        "switch": translate("FaultText", "Switch fault"),
        "sensor": translate("FaultText", "Sensor fault"),
        "component": translate("FaultText", "Component fault (motor, valve…)"),
        "control_board": translate("FaultText", "Control board fault"),
        "reserved": translate("FaultText", "Unknown standard code"),
        "unknown": translate("FaultText", "Unknown code"),
        "no_description": translate("FaultText", "The device gives no error code"),
        "none": translate("FaultText", "No fault"),
    }
    return texts.get(category) or translate("FaultText", "Unknown code")


def fault_class_text(fault_class: str | None) -> str:
    translate = QCoreApplication.translate
    texts = {
        "user_recoverable": translate("FaultText", "You can clear it yourself"),
        "repair": translate("FaultText", "Needs repair: call the installer"),
        "unknown": translate("FaultText", "Unknown"),
        "none": translate("FaultText", "No fault"),
    }
    return texts.get(fault_class or "", fault_class or "—")


def fault_meaning(code: int | None, maker: int | None, device: str,
                  makers: MakerTable | None) -> FaultMeaning:
    return describe(code, maker, eoj_of(device) >> 8 or None, makers)


def meaning_text(meaning: FaultMeaning, lang: str) -> str:
    """The maker's words if it has some, else the standard's; unknown ones keep the raw code."""
    text = meaning.label(lang) if meaning.category == "maker" else None
    text = text or fault_category_text(meaning.category)
    if meaning.category in ("unknown", "reserved"):
        return f"{text} ({meaning.raw})"
    return text


# -- operation and energy-saving events ------------------------------------------------------

def kind_text(kind: EventKind) -> str:
    translate = QCoreApplication.translate
    return {EventKind.OPERATION: translate("EventText", "Operation"),
            EventKind.SAVING: translate("EventText", "Energy saving"),
            EventKind.ERROR: translate("EventText", "Error")}[kind]


def cause_text(cause: Cause | None) -> str:
    translate = QCoreApplication.translate
    texts = {
        Cause.PANEL: translate("EventText", "By hand on this panel"),
        Cause.REMOTE: translate("EventText", "Remotely (smartphone or smart speaker)"),
        Cause.SCHEDULE: translate("EventText", "By a schedule"),
        Cause.SAVING: translate("EventText", "By the energy-saving control"),
        Cause.WEATHER_WARNING: translate("EventText", "By the weather-warning linkage"),
        Cause.AI_CONTROL: translate("EventText", "By AI Solar Charge (the charge plan)"),
        Cause.SURPLUS_CHARGING: translate("EventText", "By surplus-solar charging"),
        Cause.OUTAGE_CARE: translate("EventText", "By outage care (the battery's reserve)"),
        Cause.SAVING_TARGET: translate("EventText", "By the 30-minute power-saving target"),
        Cause.DEVICE: translate("EventText", "By the device itself (or its own remote)"),
    }
    return texts.get(cause, "—") if cause is not None else "—"


WATER_HEATER_CLASS, STORAGE_CLASSES = 0x026B, (0x027D, 0x027E)


def property_text(epc: int | None, device: str | None = None) -> str:
    """The property's name; `device` (its key) names the ones whose meaning is the
    class's own (a water heater's 0xB0 is its heating, a battery's 0xEB a power)."""
    translate = QCoreApplication.translate
    names = {0x80: translate("EventText", "Power"),
             0x88: translate("EventText", "Fault status"),
             0x89: translate("EventText", "Error code"),
             0xB0: translate("EventText", "Operation mode"),
             0xB3: translate("EventText", "Set temperature"),
             0xDA: translate("EventText", "Operation mode")}
    class_code = eoj_of(device) >> 8 if device else None
    if class_code == WATER_HEATER_CLASS and epc == 0xB0:
        return translate("EventText", "Water heating")
    if class_code in STORAGE_CLASSES:
        names |= {0xC1: translate("EventText", "Charging method"),
                  0xC2: translate("EventText", "Discharging method"),
                  0xEB: translate("EventText", "Charge power"),
                  0xEC: translate("EventText", "Discharge power"),
                  0xA7: translate("EventText", "Discharge floor")}
    if epc is None:
        return "—"
    return names.get(epc) or translate("EventText", "Property 0x{epc}").format(epc=f"{epc:02X}")


def setting_text(value: str | None, epc: int | None, device: str | None,
                 lang: str = "ja") -> str:
    """A value as set: a battery's power in W and its floor in %, else as value_text."""
    class_code = eoj_of(device) >> 8 if device else None
    if value is not None and class_code in STORAGE_CLASSES and epc in (0xEB, 0xEC, 0xA7):
        try:
            number = float(value)
        except ValueError:
            return value
        return format_percent(number) if epc == 0xA7 else format_power(number, lang)
    return value_text(value)


def value_text(value: str | None) -> str:
    translate = QCoreApplication.translate
    if value is None:
        return translate("EventText", "(unknown)")
    words = {"on": translate("EventText", "On"), "off": translate("EventText", "Off"),
             "fault": translate("EventText", "Fault"),
             "no_fault": translate("EventText", "No fault"),
             # operation modes (0xDA) the panel Sets: battery, V2H
             "auto": translate("EventText", "Automatic"),
             "charging": translate("EventText", "Charging"),
             "rapid_charging": translate("EventText", "Rapid charging"),
             "discharging": translate("EventText", "Discharging"),
             "standby": translate("EventText", "Standby"),
             # the battery's methods (0xC1 / 0xC2), as the control loop Sets them
             "surplus": translate("EventText", "From surplus solar"),
             "load_following": translate("EventText", "Following the house's use"),
             "designated_power": translate("EventText", "At a set power"),
             # the EcoCute's heating (0xB0), as the control loop Sets it
             "manual_heating": translate("EventText", "Heat now"),
             "manual_stop": translate("EventText", "Do not heat")}
    return words.get(value, value)


def not_recovered_text() -> str:
    return QCoreApplication.translate("EventText", "not recovered")


def action_text(action: str | None) -> str:
    translate = QCoreApplication.translate
    texts = {
        "battery_charge_from_surplus": translate("EventText", "Charged the battery from "
                                                              "surplus solar"),
        "battery_discharge_peak": translate("EventText", "Ran the house from the battery at "
                                                         "peak price"),
        "ev_charge_cheap": translate("EventText", "Charged the car at the cheap rate"),
        "water_heater_shift": translate("EventText", "Moved water heating to surplus solar"),
        "aircon_setback": translate("EventText", "Eased the air conditioner's set temperature"),
    }
    return texts.get(action or "", action or "—")


def event_summary(r: EventRecord, lang: str, makers: MakerTable | None) -> str:
    """One line for the list: what happened (the device and time are shown beside it)."""
    translate = QCoreApplication.translate
    if r.kind is EventKind.ERROR:
        meaning = meaning_text(fault_meaning(r.code, r.maker, r.device, makers), lang)
        code = "—" if r.code is None else f"0x{r.code:04X}"
        text = translate("EventText", "Error {code}: {meaning}").format(code=code, meaning=meaning)
        return text if r.recovered_at is not None else f"{text} · {not_recovered_text()}"
    if r.kind is EventKind.SAVING and r.epc is None:
        return action_text(r.action)
    change = (f"{property_text(r.epc, r.device)}: {setting_text(r.old, r.epc, r.device, lang)}"
              f" → {setting_text(r.new, r.epc, r.device, lang)}")
    # A change from outside the home says so in the list, not only in the detail.
    return f"{change} · {cause_text(r.cause)}" if r.cause is Cause.REMOTE else change


# -- weather warnings (気象警報・注意報) ------------------------------------------------------

def warning_name(kind: str, level: str) -> str:
    """A warning's name as JMA gives it: 大雨警報, 暴風特別警報, 強風注意報, 雷注意報.

    Japanese names are not phenomenon + level (暴風 in a warning is 強風 in an advisory),
    so each name JMA issues is a message of its own; any other pair is composed."""
    translate = QCoreApplication.translate
    K, A, W, E = WarningKind, WarningLevel.ADVISORY, WarningLevel.WARNING, WarningLevel.EMERGENCY
    names = {
        (K.HEAVY_RAIN, A): translate("WeatherText", "Heavy rain advisory"),
        (K.HEAVY_RAIN, W): translate("WeatherText", "Heavy rain warning"),
        (K.HEAVY_RAIN, E): translate("WeatherText", "Heavy rain emergency warning"),
        (K.FLOOD, A): translate("WeatherText", "Flood advisory"),
        (K.FLOOD, W): translate("WeatherText", "Flood warning"),
        (K.STORM, A): translate("WeatherText", "Gale advisory"),
        (K.STORM, W): translate("WeatherText", "Storm warning"),
        (K.STORM, E): translate("WeatherText", "Storm emergency warning"),
        (K.SNOWSTORM, A): translate("WeatherText", "Gale and snow advisory"),
        (K.SNOWSTORM, W): translate("WeatherText", "Snowstorm warning"),
        (K.SNOWSTORM, E): translate("WeatherText", "Snowstorm emergency warning"),
        (K.HEAVY_SNOW, A): translate("WeatherText", "Heavy snow advisory"),
        (K.HEAVY_SNOW, W): translate("WeatherText", "Heavy snow warning"),
        (K.HEAVY_SNOW, E): translate("WeatherText", "Heavy snow emergency warning"),
        (K.HIGH_WAVES, A): translate("WeatherText", "High wave advisory"),
        (K.HIGH_WAVES, W): translate("WeatherText", "High wave warning"),
        (K.HIGH_WAVES, E): translate("WeatherText", "High wave emergency warning"),
        (K.STORM_SURGE, A): translate("WeatherText", "Storm surge advisory"),
        (K.STORM_SURGE, W): translate("WeatherText", "Storm surge warning"),
        (K.STORM_SURGE, E): translate("WeatherText", "Storm surge emergency warning"),
        (K.THUNDER, A): translate("WeatherText", "Thunderstorm advisory"),
        (K.LANDSLIDE, A): translate("WeatherText", "Landslide advisory"),
        (K.LANDSLIDE, W): translate("WeatherText", "Landslide warning"),
        (K.LANDSLIDE, E): translate("WeatherText", "Landslide emergency warning"),
        (K.SNOWMELT, A): translate("WeatherText", "Snowmelt advisory"),
        (K.DENSE_FOG, A): translate("WeatherText", "Dense fog advisory"),
        (K.DRY_AIR, A): translate("WeatherText", "Dry air advisory"),
        (K.AVALANCHE, A): translate("WeatherText", "Avalanche advisory"),
        (K.LOW_TEMPERATURE, A): translate("WeatherText", "Low temperature advisory"),
        (K.FROST, A): translate("WeatherText", "Frost advisory"),
        (K.ICING, A): translate("WeatherText", "Ice accretion advisory"),
        (K.SNOW_ACCRETION, A): translate("WeatherText", "Snow accretion advisory"),
    }
    try:
        key = (WarningKind(kind), WarningLevel(level))
    except ValueError:
        return f"{kind} {level}".strip() or "—"
    if key in names:
        return names[key]
    return translate("WeatherText", "{phenomenon} {level}").format(
        phenomenon=_phenomenon(key[0]), level=_level(key[1]))


def _phenomenon(kind: WarningKind) -> str:
    translate = QCoreApplication.translate
    K = WarningKind
    return {K.HEAVY_RAIN: translate("WeatherText", "Heavy rain"),
            K.FLOOD: translate("WeatherText", "Flood"),
            K.STORM: translate("WeatherText", "Storm"),
            K.SNOWSTORM: translate("WeatherText", "Snowstorm"),
            K.HEAVY_SNOW: translate("WeatherText", "Heavy snow"),
            K.HIGH_WAVES: translate("WeatherText", "High waves"),
            K.STORM_SURGE: translate("WeatherText", "Storm surge"),
            K.THUNDER: translate("WeatherText", "Thunderstorm"),
            K.SNOWMELT: translate("WeatherText", "Snowmelt"),
            K.DENSE_FOG: translate("WeatherText", "Dense fog"),
            K.DRY_AIR: translate("WeatherText", "Dry air"),
            K.AVALANCHE: translate("WeatherText", "Avalanche"),
            K.LOW_TEMPERATURE: translate("WeatherText", "Low temperature"),
            K.FROST: translate("WeatherText", "Frost"),
            K.ICING: translate("WeatherText", "Ice accretion"),
            K.SNOW_ACCRETION: translate("WeatherText", "Snow accretion"),
            K.LANDSLIDE: translate("WeatherText", "Landslide"),
            }.get(kind) or translate("WeatherText", "Weather")


def _level(level: WarningLevel) -> str:
    translate = QCoreApplication.translate
    return {WarningLevel.ADVISORY: translate("WeatherText", "advisory"),
            WarningLevel.WARNING: translate("WeatherText", "warning"),
            WarningLevel.EMERGENCY: translate("WeatherText", "emergency warning")}[level]


def _warning_advice(level: str) -> str:
    translate = QCoreApplication.translate
    if level == WarningLevel.EMERGENCY:
        return translate("WeatherText", "A disaster may be imminent: act now to protect "
                                        "your life, following your municipality's advice.")
    if level == WarningLevel.WARNING:
        return translate("WeatherText", "Serious damage is possible: check the latest "
                                        "information and be ready to evacuate.")
    return translate("WeatherText", "Take care.")


def day_type_text(day_type: str) -> str:
    translate = QCoreApplication.translate
    return {"weekday": translate("NoticeText", "weekdays"),
            "holiday": translate("NoticeText", "weekends and holidays")}.get(day_type,
                                                                             day_type or "—")


# -- notices -------------------------------------------------------------------------------

def source_text(source: NoticeSource) -> str:
    translate = QCoreApplication.translate
    return {NoticeSource.SERVER: translate("NoticeText", "Service"),
            NoticeSource.HOME: translate("NoticeText", "Home"),
            NoticeSource.WEATHER: translate("NoticeText", "Weather")}.get(source, str(source))


def importance_text(importance: Importance) -> str:
    translate = QCoreApplication.translate
    return {Importance.INFO: translate("NoticeText", "Info"),
            Importance.NORMAL: translate("NoticeText", "Notice"),
            Importance.IMPORTANT: translate("NoticeText", "Important")}.get(importance, "")


def _pick(texts: Mapping[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("ja") or next(iter(texts.values()), "")


def _arg(args: Mapping[str, Any], name: str) -> str:
    value = args.get(name)
    return "—" if value is None or value == "" else str(value)


def _warning(args: Mapping[str, Any]) -> str:
    return warning_name(str(args.get("kind") or ""), str(args.get("level") or ""))


def _device_name(args: Mapping[str, Any]) -> str:
    return str(args.get("name") or "") or device_label(str(args.get("device") or "?"))


def notice_title(n: Notice, lang: str) -> str:
    translate = QCoreApplication.translate
    if n.template not in {tpl.value for tpl in Template} and n.title:
        return _pick(n.title, lang)  # server and weather notices carry their own texts
    device = _device_name(n.args)
    titles = {
        Template.DEVICE_ERROR: translate("NoticeText", "Error: {device}").format(device=device),
        Template.DEVICE_RECOVERED: translate("NoticeText", "Recovered: {device}").format(
            device=device),
        Template.BACKUP_FAILED: translate("NoticeText", "Backup failed"),
        Template.SAVING_TARGET_EXCEEDED: translate("NoticeText", "Power-saving target exceeded"),
        Template.LEARNING_DATA_SHORT: translate("NoticeText", "Not enough data to learn from yet"),
        Template.PASSWORD_REMINDER: translate("NoticeText", "Time to change the access password"),
        Template.WEATHER_WARNING: translate("NoticeText", "{warning} — {area}").format(
            warning=_warning(n.args), area=_arg(n.args, "area")),
        Template.WEATHER_WARNING_LIFTED: translate("NoticeText", "{warning} lifted — {area}"
                                                   ).format(warning=_warning(n.args),
                                                            area=_arg(n.args, "area")),
        Template.CONTROL_DEVICE_FAILED: translate(
            "NoticeText", "AI Solar Charge could not control {device}").format(device=device),
        Template.CONTROL_PLAN_FAILED: translate("NoticeText", "AI Solar Charge made no plan"),
        Template.UPDATE_AVAILABLE: translate("NoticeText", "Software update {version} "
                                                           "available").format(
            version=_arg(n.args, "version")),
        Template.UPDATE_INSTALLED: translate("NoticeText", "Software updated to {version}"
                                             ).format(version=_arg(n.args, "version")),
        Template.UPDATE_FAILED: translate("NoticeText", "Software update {version} not "
                                                        "installed").format(
            version=_arg(n.args, "version")),
    }
    return titles.get(n.template) or _pick(n.title, lang) or n.template or "—"


def notice_titles(n: Notice) -> dict[str, str]:
    """The title in Japanese and English, for the phone page (app/services/remote_summary):
    server and weather notices bring both; a home notice is worded by the panel's
    catalogue in the language the panel shows (one translator is installed at a time)."""
    return {"ja": notice_title(n, "ja"), "en": notice_title(n, "en")}


def notice_body(n: Notice, lang: str, makers: MakerTable | None = None) -> str:
    translate = QCoreApplication.translate
    if n.template not in {tpl.value for tpl in Template}:
        return _pick(n.body, lang)
    a = n.args
    device = _device_name(a)
    code = a.get("code")
    raw = "—" if not isinstance(code, int) else f"0x{code:04X}"
    if n.template == Template.DEVICE_ERROR:
        meaning = fault_meaning(code if isinstance(code, int) else None, a.get("maker"),
                                str(a.get("device") or ""), makers)
        return translate("NoticeText", "{device} reports error {code}: {meaning}. "
                                       "{advice}.").format(
            device=device, code=raw, meaning=meaning_text(meaning, lang),
            advice=fault_class_text(str(a.get("fault_class") or meaning.fault_class.value)))
    if n.template == Template.DEVICE_RECOVERED:
        return translate("NoticeText", "The error {code} of {device} has cleared.").format(
            code=raw, device=device)
    if n.template == Template.BACKUP_FAILED:
        return translate("NoticeText", "The backup to the service did not complete ({reason}). "
                               "The panel will try again.").format(reason=_arg(a, "reason"))
    if n.template == Template.SAVING_TARGET_EXCEEDED:
        return translate("NoticeText", "During {slot} the home used {actual} W against a target of "
                               "{target} W.").format(slot=_arg(a, "slot"),
                                                     actual=_arg(a, "actual_w"),
                                                     target=_arg(a, "target_w"))
    if n.template == Template.LEARNING_DATA_SHORT:
        return translate("NoticeText", "The panel has {days} of the {needed} days of data it needs "
                               "for {day_type}.").format(days=_arg(a, "days"),
                                                        needed=_arg(a, "needed"),
                                                        day_type=day_type_text(
                                                            str(a.get("day_type") or "")))
    if n.template == Template.WEATHER_WARNING:
        return translate("NoticeText", "{warning} issued for {area}. {advice}").format(
            warning=_warning(a), area=_arg(a, "area"), advice=_warning_advice(
                str(a.get("level") or "")))
    if n.template == Template.WEATHER_WARNING_LIFTED:
        return translate("NoticeText", "{warning} for {area} lifted.").format(
            warning=_warning(a), area=_arg(a, "area"))
    if n.template == Template.CONTROL_DEVICE_FAILED:
        epc = a.get("epc")
        setting = property_text(epc if isinstance(epc, int) else None, str(a.get("device") or ""))
        refused = a.get("outcome") == "refused"
        text = (translate("NoticeText", "{device} refused to set {setting} to {value}, also when "
                                        "asked again.") if refused else
                translate("NoticeText", "{device} did not answer when asked to set {setting} "
                                        "to {value}."))
        return text.format(device=device, setting=setting, value=setting_text(
            str(a.get("value") or ""), epc if isinstance(epc, int) else None,
            str(a.get("device") or ""), lang)) + " " + translate(
            "NoticeText", "The plan is made without it for now; the panel tries again later.")
    if n.template == Template.UPDATE_AVAILABLE:
        notes = a.get("notes")
        what = _pick(notes, lang) if isinstance(notes, dict) and notes else "—"
        return translate("NoticeText", "Version {version} of the panel's software is "
                                       "available. What is new:\n{notes}\nInstall it in "
                                       "Settings → Software update.").format(
            version=_arg(a, "version"), notes=what)
    if n.template == Template.UPDATE_INSTALLED:
        return translate("NoticeText", "The panel now runs version {version}.").format(
            version=_arg(a, "version"))
    if n.template == Template.UPDATE_FAILED:
        if a.get("reason") == "rolled_back":
            return translate("NoticeText", "Version {version} did not start properly, so the "
                                           "panel went back to version {running}. Nothing "
                                           "else changed.").format(
                version=_arg(a, "version"), running=_arg(a, "running"))
        return translate("NoticeText", "Version {version} could not be installed; the panel "
                                       "keeps running version {running}.").format(
            version=_arg(a, "version"), running=_arg(a, "running"))
    if n.template == Template.CONTROL_PLAN_FAILED:
        return translate("NoticeText", "The charge plan could not be computed ({message}). The "
                                       "battery runs in self-consumption until the next "
                                       "plan.").format(message=_arg(a, "message"))
    return translate("NoticeText", "The access password was last changed {days} days ago.").format(
        days=_arg(a, "days_since_change"))
