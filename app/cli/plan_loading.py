"""Reading a rate plan file for the plan commands."""

from __future__ import annotations

from typing import TextIO

from app.domain.tariff import RatePlan
from app.domain.tariff_json import PlanError, load_plan


def load_plan_file(text: str | bytes) -> RatePlan:
    """`load_plan`, with a plan nested too deeply for the JSON parser as one more PlanError."""
    try:
        return load_plan(text)
    except RecursionError:
        raise PlanError(["the JSON is nested too deeply to be a rate plan"]) from None


def report_invalid_plan(path: str, error: PlanError, err: TextIO, outcome: str = "") -> int:
    """The one wording of "this file is not a plan" for every plan command; exit code 1.
    `outcome` says what did not happen because of it ("nothing was saved")."""
    print(f"hems-panel: {path} is not a valid plan{'; ' + outcome if outcome else ''}:",
          file=err)
    for problem in error.errors:
        print(f"  {problem}", file=err)
    return 1
