"""Shared pieces of the rate-plan catalog tests: a month of usage, a plan changed upstream."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from app.domain import series as s
from app.services.plan_query import CATALOG_DIR
from app.store import open_store

ZONE = "Asia/Tokyo"
TEPCO = "tepco-juryo-dento-b"


def new_version(valid_from: str) -> dict:
    """What the utility publishes from `valid_from` (made up for the tests): 30 A 960 yen,
    tiers 31 / 37 / 41 yen (now 935.25 yen and 29.80 / 36.40 / 40.49)."""
    return {"valid_from": valid_from,
            "basic": {"kind": "per_ampere", "yen": {"30": 960.0, "40": 1280.0}},
            "energy": {"kind": "tiered", "tiers": [
                {"up_to_kwh": 120, "yen_per_kwh": 31.0},
                {"up_to_kwh": 300, "yen_per_kwh": 37.0},
                {"up_to_kwh": None, "yen_per_kwh": 41.0}]},
            "fuel_adjustment_yen_per_kwh": 0.0, "renewable_surcharge_yen_per_kwh": None}


def changed_tepco(valid_from: str) -> bytes:
    """The bundled TEPCO plan with a new version appended, as a server would send it."""
    plan = json.loads((CATALOG_DIR / f"{TEPCO}.json").read_text(encoding="utf-8"))
    plan["versions"].append(new_version(valid_from))
    return json.dumps(plan, ensure_ascii=False, indent=2).encode()


def listing(*plans: bytes, version: str = "v1") -> dict:
    """GET /v1/rate-plans for these plan files."""
    entries = []
    for body in plans:
        plan = json.loads(body)
        entries.append({"id": plan["id"], "name": plan["name"], "company": plan["company"],
                        "sha256": hashlib.sha256(body).hexdigest()})
    return {"version": version, "plans": entries}


def month_of_usage(data: Path, first: date, now: float, watts: float) -> None:
    """The month from `first` bought at a steady `watts`, and from its end to `now` at twice
    that (which must not count as that month's)."""
    zone = ZoneInfo(ZONE)
    end = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    store = open_store(data, ZONE)
    try:
        store.define_series([spec for spec in s.HOME_SERIES
                             if spec.key in (s.GRID_BUY, s.GRID_SELL)])
        start = int(datetime(first.year, first.month, 1, tzinfo=zone).timestamp() // 60)
        after = int(datetime(end.year, end.month, 1, tzinfo=zone).timestamp() // 60)
        last = int(now // 60)
        store.append(start, {s.GRID_BUY: np.full(after - start, watts),
                             s.GRID_SELL: np.zeros(after - start)})
        store.append(after, {s.GRID_BUY: np.full(last - after, 2 * watts),
                             s.GRID_SELL: np.zeros(last - after)})
        store.flush()
    finally:
        store.close()
