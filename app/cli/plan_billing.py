"""`hems-panel plan bill PLAN.json --usage USAGE.csv`: monthly bills for 30-minute usage.

USAGE.csv has a header and the columns ``start`` (ISO 8601 local time of a
30-minute slot, e.g. 2026-11-25T14:30 or with an offset), ``buy_wh`` and
``sell_wh`` (Wh bought and sold in that slot; empty = no data). Prints JSON:
{"plan", "months": [{"month", "buy_kwh", "sell_kwh", "basic_yen", "energy_yen",
"fuel_adjustment_yen", "renewable_surcharge_yen", "charge_yen", "total_yen",
"sell_revenue_yen", "net_yen", "co2_kg"}]}. Rounding: see app.domain.billing.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

import numpy as np

from app.cli import DEFAULT_TIMEZONE
from app.cli.plan_loading import load_plan_file, report_invalid_plan
from app.domain.billing import Contract, MonthBill, SlotUsage, bill
from app.domain.tariff_json import PlanError
from app.services.cost_query import national_surcharge

COLUMNS = ("start", "buy_wh", "sell_wh")


class UsageError(ValueError):
    """A usage file we cannot read, with the line and column that says why."""


def read_usage(path: Path, timezone: str) -> SlotUsage:
    zone = ZoneInfo(timezone)
    starts, buy, sell = [], [], []
    reader = csv.DictReader(io.StringIO(_usage_text(path), newline=""))
    line = 1
    try:
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise UsageError(f"{path}: missing column(s) {', '.join(missing)} "
                             f"(need {', '.join(COLUMNS)})")
        for line, row in enumerate(reader, start=2):
            if any(row.get(c) is None for c in COLUMNS):
                raise UsageError(f"{path}:{line}: fewer columns than the header "
                                 f"(need {', '.join(COLUMNS)})")
            try:
                moment = datetime.fromisoformat(row["start"].strip())
            except ValueError:
                raise UsageError(f"{path}:{line}: start {row['start']!r} is not an "
                                 "ISO 8601 date and time") from None
            moment = moment if moment.tzinfo else moment.replace(tzinfo=zone)
            if moment.minute % 30 or moment.second or moment.microsecond:
                raise UsageError(f"{path}:{line}: start {row['start']!r} is not on a "
                                 "30-minute boundary")
            starts.append(moment.timestamp())
            buy.append(_wh(row["buy_wh"], path, line, "buy_wh"))
            sell.append(_wh(row["sell_wh"], path, line, "sell_wh"))
    except csv.Error as exc:  # e.g. a field over the csv module's limit (128 KiB)
        raise UsageError(f"{path}:{max(reader.line_num, line + 1)}: not a usable CSV line "
                         f"({exc})") from None
    if not starts:
        raise UsageError(f"{path}: no usage rows")
    order = np.argsort(starts, kind="stable")  # tiers follow the month's running total
    stamps = np.array(starts)[order]
    if len(np.unique(stamps)) != len(stamps):
        raise UsageError(f"{path}: a slot appears twice")
    return SlotUsage(stamps, np.array(buy)[order], np.array(sell)[order], timezone)


def _usage_text(path: Path) -> str:
    """UTF-8 (with or without a BOM), else CP932: what Japanese spreadsheets save as CSV."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp932")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: neither UTF-8 nor Shift_JIS (CP932) text "
                         f"(byte {exc.start})") from None


def _wh(text: str | None, path: Path, line: int, column: str) -> float:
    if text is None or not text.strip():
        return math.nan  # no data for this slot
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{path}:{line}: {column} {text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise UsageError(f"{path}:{line}: {column} must be a non-negative number of Wh")
    return value


def month_json(month: MonthBill) -> dict[str, object]:
    return {"month": month.month.strftime("%Y-%m"), "buy_kwh": round(month.buy_kwh, 3),
            "sell_kwh": round(month.sell_kwh, 3), "basic_yen": month.basic_yen,
            "energy_yen": round(month.energy_yen, 2),
            "fuel_adjustment_yen": round(month.fuel_adjustment_yen, 2),
            "renewable_surcharge_yen": int(month.surcharge_yen),
            "charge_yen": month.charge_yen, "total_yen": month.total_yen,
            "sell_revenue_yen": month.sell_revenue_yen, "net_yen": month.net_yen,
            "co2_kg": round(month.co2_kg, 3)}


def cmd_bill(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        plan = load_plan_file(Path(args.plan).read_bytes())
        usage = read_usage(Path(args.usage), DEFAULT_TIMEZONE)
        months = bill(plan, Contract(args.amperes, args.kva), usage, national_surcharge())
    except OSError as exc:
        print(f"hems-panel: cannot read {exc.filename}: {exc.strerror or exc}", file=err)
        return 2
    except PlanError as exc:
        return report_invalid_plan(args.plan, exc, err)
    except (UsageError, LookupError, KeyError, ValueError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        print(f"hems-panel: {message}", file=err)
        return 2
    json.dump({"plan": plan.id, "months": [month_json(m) for m in months]}, out,
              ensure_ascii=False, indent=2)
    out.write("\n")
    return 0
