"""Words for the server registration: problems, building types, energies, dates of runs."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from app.services.cloud_problem import (
    BAD_RESPONSE,
    LOCAL,
    REJECTED,
    SERVER,
    UNAUTHORIZED,
    UNREACHABLE,
    CloudProblem,
)
from app.ui.formatting import format_date_time
from app.ui.notice_texts import HOME_ZONE

BUILDING_TYPES = ("detached", "apartment", "other")
ENERGIES = (
    "electricity",
    "gas",
    "water",
    "solar",
    "battery",
    "fuel_cell",
    "ev",
    "heat_pump_water_heater",
)


def building_text(kind: str) -> str:
    translate = QCoreApplication.translate
    return {
        "detached": translate("CloudText", "Detached house"),
        "apartment": translate("CloudText", "Apartment"),
        "other": translate("CloudText", "Other"),
    }.get(kind, kind)


def energy_text(kind: str) -> str:
    translate = QCoreApplication.translate
    return {
        "electricity": translate("CloudText", "Electricity"),
        "gas": translate("CloudText", "Gas"),
        "water": translate("CloudText", "Water"),
        "solar": translate("CloudText", "Solar power"),
        "battery": translate("CloudText", "Battery"),
        "fuel_cell": translate("CloudText", "Fuel cell"),
        "ev": translate("CloudText", "Electric car"),
        "heat_pump_water_heater": translate("CloudText", "Heat-pump water heater"),
    }.get(kind, kind)


def problem_text(problem: CloudProblem | None) -> str:
    """One sentence for the user: what happened and what to do."""
    translate = QCoreApplication.translate
    if problem is None:
        return ""
    by_code = {
        "terms_not_accepted": translate(
            "CloudText",
            "The terms have changed on the service. Read and accept the new terms to continue.",
        ),
        "already_registered": translate(
            "CloudText", "This panel is already registered with the service."
        ),
        "rate_limited": translate(
            "CloudText", "Too many attempts. Please wait a few minutes and try again."
        ),
        "too_many_attempts": translate(
            "CloudText", "Too many wrong codes. Please wait 15 minutes and try again."
        ),
        "wrong_code": translate(
            "CloudText",
            "The device code or the confirmation code is not right. Check both and try again.",
        ),
        "no_backup": translate("CloudText", "The previous panel has no backup on the service."),
        "same_device": translate(
            "CloudText",
            "That is this panel's own device code. Enter the code of the previous panel.",
        ),
        "insufficient_storage": translate(
            "CloudText", "The service is short of space. The panel will try again later."
        ),
        "city_required": translate(
            "CloudText",
            "The service needs the household's municipality chosen again, from its list.",
        ),
    }
    if problem.code in by_code:
        return by_code[problem.code]
    by_kind = {
        UNREACHABLE: translate(
            "CloudText",
            "The service cannot be reached. Check the panel's network connection and try again.",
        ),
        UNAUTHORIZED: translate(
            "CloudText", "The service no longer knows this panel. Register it again."
        ),
        REJECTED: translate("CloudText", "The service refused the request."),
        SERVER: translate(
            "CloudText", "The service has a problem right now. Please try again later."
        ),
        BAD_RESPONSE: translate(
            "CloudText", "The answer of the service was damaged. Please try again."
        ),
        LOCAL: translate(
            "CloudText",
            "The panel could not finish (storage full or data damaged). Please try again.",
        ),
    }
    return by_kind.get(problem.kind, problem.detail)


def when_text(at: float | None, lang: str) -> str:
    if at is None:
        return "—"
    return format_date_time(datetime.fromtimestamp(at, HOME_ZONE), lang)


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:,.1f} MB"
    return f"{max(size, 0) / 1024:,.0f} kB"
