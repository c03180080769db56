"""Importing a full AiSEG2 SD card: 11 years monthly, 1.3 years daily, 94 days of 30 minutes.

The card is made from the simulated home (40 measured circuits: the specials it has and
35 branches): 14 days of
it are backfilled once, their 30-minute energies read from the store's rollups, and the
card's days cycle through those 14 with a seasonal factor (more in winter and summer).
Daily and monthly totals are the sums of those days, so the card is consistent as an
AiSEG2's is. Not timed: making the card. Timed: reading and parsing every file,
matching the circuits, and importing into a fresh store (the panel's own steps); then
the same card once more (idempotent: everything "already imported").
"""

from __future__ import annotations

import math
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from app.domain.aiseg2_card_writer import card_csv, file_name
from app.domain.circuits import MAX_SPECIAL, CircuitKind
from app.domain.imported_history import Resolution
from app.services.aiseg2_import import import_card, mapping_of, read_card
from app.sources.collector import backfill
from app.sources.simulator import HomeConfig, SimulatedHome
from app.store import open_store
from tests.bench.results import Result

TZ = "Asia/Tokyo"
ZONE = ZoneInfo(TZ)
LAST_DAY = date(2026, 11, 30)  # the card's newest day (fixed: the same card on every run)
SIM_DAYS = 14
HALF_HOUR_DAYS, DAILY_DAYS, MONTHS = 94, 475, 132  # ~94 days, ~1.3 years, 11 years
HOME_KEYS = ("pv", "grid_buy", "grid_sell", "battery_charge", "battery_discharge",
             "ev_charge", "consumption")


def _profiles(workdir: Path) -> tuple[dict[int, str], dict[str | int, np.ndarray]]:
    """Circuit slot -> name, and series (or slot) -> (SIM_DAYS, 48) Wh of the simulated home."""
    home = SimulatedHome(HomeConfig(seed=1, branch_count=35))
    store = open_store(workdir / "simulated", TZ)
    try:
        store.define_series(home.series)
        store.save_circuits(home.circuits)
        first = datetime(2026, 1, 10, tzinfo=ZONE)
        start = int(first.timestamp()) // 60
        backfill(store, home, start, start + SIM_DAYS * 1440)
        circuits = [c for c in store.circuits() if c.kind is not CircuitKind.MAIN and c.measured]
        keys = [*HOME_KEYS, *(c.series_key for c in circuits)]
        frame = store.rollup(keys, "30min", first, first + timedelta(days=SIM_DAYS))
    finally:
        store.close()
    slot_of = {c.series_key: c.number + (MAX_SPECIAL if c.kind is CircuitKind.BRANCH else 0)
               for c in circuits}
    names = {slot_of[c.series_key]: c.name for c in circuits}
    profiles: dict[str | int, np.ndarray] = {}
    for key in keys:
        wh = np.nan_to_num(frame.values[key]).reshape(SIM_DAYS, 48)
        profiles[slot_of.get(key, key)] = wh
    return names, profiles


def _season(day: date) -> float:
    return 1.0 + 0.3 * math.cos(4 * math.pi * (day.timetuple().tm_yday - 20) / 365)


def _write_card(folder: Path, names: dict[int, str],
                profiles: dict[str | int, np.ndarray]) -> int:
    """Write the card; returns the number of files."""
    folder.mkdir(parents=True)
    daily = {k: p.sum(axis=1) for k, p in profiles.items()}

    def day_row(d: date) -> dict[str | int, float]:
        i, f = d.toordinal() % SIM_DAYS, _season(d)
        return {k: float(v[i] * f) for k, v in daily.items()}

    files = 0
    for n in range(HALF_HOUR_DAYS):
        d = LAST_DAY - timedelta(days=HALF_HOUR_DAYS - 1 - n)
        i, f = d.toordinal() % SIM_DAYS, _season(d)
        t0 = datetime(d.year, d.month, d.day)
        rows = [(t0 + timedelta(minutes=30 * s), {k: float(p[i, s] * f)
                                                  for k, p in profiles.items()})
                for s in range(48)]
        (folder / file_name(Resolution.HALF_HOUR, t0)).write_text(
            card_csv(Resolution.HALF_HOUR, names, rows), encoding="cp932")
        files += 1
    by_month: dict[tuple[int, int], list[tuple[datetime, dict[str | int, float]]]] = {}
    for n in range(DAILY_DAYS):
        d = LAST_DAY - timedelta(days=DAILY_DAYS - 1 - n)
        by_month.setdefault((d.year, d.month), []).append(
            (datetime(d.year, d.month, d.day), day_row(d)))
    for (y, m), rows in by_month.items():
        (folder / file_name(Resolution.DAY, datetime(y, m, 1))).write_text(
            card_csv(Resolution.DAY, names, rows), encoding="cp932")
        files += 1
    by_year: dict[int, list[tuple[datetime, dict[str | int, float]]]] = {}
    y, m = LAST_DAY.year, LAST_DAY.month
    for _ in range(MONTHS):
        first = date(y, m, 1)
        days = [first + timedelta(days=k) for k in range(31)
                if (first + timedelta(days=k)).month == m]
        total: dict[str | int, float] = {}
        for d in days:
            for k, v in day_row(d).items():
                total[k] = total.get(k, 0.0) + v
        by_year.setdefault(y, []).append((datetime(y, m, 1), total))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    for y, rows in by_year.items():
        (folder / file_name(Resolution.MONTH, datetime(y, 1, 1))).write_text(
            card_csv(Resolution.MONTH, names, sorted(rows, key=lambda r: r[0])),
            encoding="cp932")
        files += 1
    return files


def run(workdir: Path) -> list[Result]:
    workdir.mkdir(parents=True, exist_ok=True)
    names, profiles = _profiles(workdir)
    card = workdir / "card"
    files = _write_card(card, names, profiles)
    print(f"card: {files} files, {len(names)} circuits", file=sys.stderr, flush=True)
    store = open_store(workdir / "panel", TZ)
    try:
        store.save_circuits(SimulatedHome(HomeConfig(seed=1, branch_count=35)).circuits)
        t0 = time.perf_counter()
        preview = read_card(store, card)
        mapping = mapping_of(preview.matches, {})
        t1 = time.perf_counter()
        report = import_card(store, preview, mapping)
        t2 = time.perf_counter()
        assert len(mapping) == len(names) == 40, "every circuit of the card matches by name"
        assert report.imported[Resolution.HALF_HOUR] == HALF_HOUR_DAYS * 48 * len(profiles)
        again = import_card(store, read_card(store, card), mapping)
        t3 = time.perf_counter()
        assert again.already_imported
    finally:
        store.close()
    print(f"read and matched {t1 - t0:.2f} s, imported {t2 - t1:.2f} s: "
          + "; ".join(report.lines()), file=sys.stderr, flush=True)
    return [
        Result("aiseg2 import: full card", t2 - t0, "s", "<= 10"),
        Result("aiseg2 import: of it parsing", t1 - t0, "s", "(part of the above)"),
        Result("aiseg2 import: same card again", t3 - t2, "s", "<= 10 (changes nothing)"),
    ]
