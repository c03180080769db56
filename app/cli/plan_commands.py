"""`hems-panel plan check|use|bill`: rate plans for scripting and checks.

`plan check PLAN.json`: is the plan valid, and which charging rules pass?
`plan check` alone checks every plan of the catalog the panel offers (resources/),
as {"catalog": folder, "plans": [{"file", ...the report}]}.

Prints one JSON object: {"valid", "errors", "date", "battery_surplus",
"ev_surplus", "ai_solar_charge"}, each rule as {"available", "reasons", "codes"}.
Exit status: 0 valid, 1 invalid (the JSON still says why), 2 bad arguments or a
file or data directory that cannot be read.

The home's settings come from the data directory's settings table where they
are stored (keys: the HomeSettings field names, like `full_feed_in_pv` and
`registered`; values "true"/"false", and the mode for `battery_mode`), else
from the HomeSettings defaults (a home that meets every condition outside the
plan); flags override both. Whether a weather-warning charge is in force is the
panel's linkage state there (no flag). No database is created when there is none.

`plan use PLAN.json --amperes 30` makes it the household's plan (the graphs then
show yen); `plan bill PLAN.json --usage USAGE.csv` prints the monthly bills for
30-minute usage (columns start, buy_wh, sell_wh), as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from app.cli import DEFAULT_TIMEZONE
from app.cli.plan_loading import load_plan_file, report_invalid_plan
from app.domain.charging_rules import (
    HomeSettings,
    RuleResult,
    ai_solar_charge,
    battery_surplus,
    ev_surplus,
)
from app.domain.tariff_json import PlanError
from app.services.plan_query import CATALOG_DIR, PlanQuery
from app.store import DataDirMissing, StoreError, open_store
from app.store.database import DB_NAME
from app.store.linkage_settings import linkage_state

RULES = (("battery_surplus", battery_surplus), ("ev_surplus", ev_surplus),
         ("ai_solar_charge", ai_solar_charge))  # fmt: skip


def cmd_plan(args: argparse.Namespace, out: TextIO | None = None,
             err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.plan_command == "use":
        return cmd_use(args, out, err)
    if args.plan_command == "bill":
        from app.cli.plan_billing import cmd_bill  # numpy: only for this command

        return cmd_bill(args, out, err)
    paths = [Path(args.plan)] if args.plan is not None else sorted(CATALOG_DIR.glob("*.json"))
    if not paths:
        print(f"hems-panel: no plans in the catalog at {CATALOG_DIR}", file=err)
        return 2
    texts = []
    for path in paths:
        try:
            texts.append(path.read_bytes())
        except OSError as exc:
            print(f"hems-panel: cannot read {path}: {exc.strerror or exc}", file=err)
            return 2
    try:
        stored = stored_settings(args.data_dir, required=getattr(args, "data_dir_given", True))
    except StoreError as exc:
        print(f"hems-panel: cannot read the settings in {args.data_dir}: {exc}", file=err)
        return 2
    settings = home_settings(stored, args, err)
    day: date = args.date or datetime.now(ZoneInfo(DEFAULT_TIMEZONE)).date()
    reports = [check_report(text, settings, day) for text in texts]
    if args.plan is not None:
        result: dict[str, Any] = reports[0]
    else:  # the shipped catalog: one report per file
        result = {"catalog": str(CATALOG_DIR),
                  "plans": [{"file": path.name, **report}
                            for path, report in zip(paths, reports, strict=True)]}
    json.dump(result, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0 if all(report["valid"] for report in reports) else 1


def check_report(text: str | bytes, settings: HomeSettings, day: date) -> dict[str, Any]:
    try:
        plan = load_plan_file(text)
    except PlanError as exc:
        unusable = {"available": False, "reasons": ["the plan is not valid"],
                    "codes": ["plan_invalid"]}
        return {"valid": False, "errors": exc.errors, "date": day.isoformat(),
                **{name: unusable for name, _ in RULES}}
    return {"valid": True, "errors": [], "date": day.isoformat(),
            **{name: _rule_json(rule(plan, settings, day)) for name, rule in RULES}}


def _rule_json(result: RuleResult) -> dict[str, Any]:
    return {"available": result.available, "reasons": list(result.messages),
            "codes": [reason.code for reason in result.reasons]}


def stored_settings(data_dir: Path | None, required: bool = False) -> dict[str, str]:
    """The HomeSettings keys the data directory holds (none if it has no database).

    Read only: never creates the folder or the database. `required` (the folder
    was named on the command line): a folder that does not exist is an error
    (DataDirMissing), most likely a typo.
    """
    if data_dir is None:
        return {}
    if required and not Path(data_dir).is_dir():
        raise DataDirMissing.at(Path(data_dir), "the folder does not exist")
    if not (Path(data_dir) / DB_NAME).exists():
        return {}
    store = open_store(data_dir, DEFAULT_TIMEZONE, read_only=True)
    try:
        values = {f.name: store.get_setting(f.name) for f in fields(HomeSettings)}
        # A weather-warning charge is in force when the panel's linkage says so.
        values["weather_warning_linkage"] = str(linkage_state(store).in_force).lower()
    finally:
        store.close()
    return {key: value for key, value in values.items() if value is not None}


def home_settings(stored: dict[str, str], args: argparse.Namespace,
                  err: TextIO) -> HomeSettings:
    settings, warnings = HomeSettings.from_stored(stored)
    for warning in warnings:
        print(f"hems-panel: {warning}", file=err)
    overrides = {f.name: getattr(args, f.name) for f in fields(HomeSettings)
                 if getattr(args, f.name, None) is not None}
    return replace(settings, **overrides)


def cmd_use(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Validate, then store the plan and the contract; an invalid plan changes nothing."""
    try:
        plan = load_plan_file(Path(args.plan).read_bytes())
    except OSError as exc:
        print(f"hems-panel: cannot read {args.plan}: {exc.strerror or exc}", file=err)
        return 2
    except PlanError as exc:
        return report_invalid_plan(args.plan, exc, err, "nothing was saved")
    query = PlanQuery(lambda: open_store(args.data_dir, DEFAULT_TIMEZONE))
    try:
        query.use(plan, args.amperes, args.kva)
    except StoreError as exc:
        print(f"hems-panel: {exc}", file=err)
        return 2
    finally:
        query.close()
    print(f"{plan.company.ja} {plan.name.ja} ({plan.id}) is now the household's plan.",
          file=out)
    return 0
