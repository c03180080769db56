"""Reading a rate plan file for the plan commands."""

from __future__ import annotations

from app.domain.tariff import RatePlan
from app.domain.tariff_json import PlanError, load_plan


def load_plan_file(text: str | bytes) -> RatePlan:
    """`load_plan`, with a plan nested too deeply for the JSON parser as one more PlanError."""
    try:
        return load_plan(text)
    except RecursionError:
        raise PlanError(["the JSON is nested too deeply to be a rate plan"]) from None
