"""CSV export of the appliance history (no Qt: the event service runs it on a worker).

UTF-8 with a byte-order mark, so that Excel (the household's usual tool) opens
the Japanese text correctly; every other reader ignores the mark. Times are
the home's local time in ISO 8601. The file appears only when complete (written
beside it, then renamed).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app.domain.events import EventFilter, EventRecord, eoj_of
from app.domain.fault_codes import MakerTable, describe
from app.store import Store
from app.store import events as event_store

HEADER = ("kind", "at", "device", "property", "old", "new", "cause", "action", "saving_wh",
          "code", "fault_class", "meaning", "recovered_at")
Progress = Callable[[int, int], None]  # (rows written, rows in total)


def _time(at: float | None, zone: ZoneInfo) -> str:
    return "" if at is None else datetime.fromtimestamp(at, zone).isoformat(timespec="seconds")


def csv_row(r: EventRecord, zone: ZoneInfo, makers: MakerTable | None,
            language: str = "ja") -> list[str]:
    meaning = ""
    if r.fault_class is not None:
        m = describe(r.code, r.maker, eoj_of(r.device) >> 8, makers)
        meaning = m.label(language) or m.category
    return [r.kind.value, _time(r.at, zone), r.device,
            "" if r.epc is None else f"0x{r.epc:02X}", r.old or "", r.new or "",
            "" if r.cause is None else r.cause.value, r.action or "",
            "" if r.saving_wh is None else f"{r.saving_wh:g}",
            "" if r.code is None else f"0x{r.code:04X}", r.fault_class or "", meaning,
            _time(r.recovered_at, zone)]


def export_csv(store: Store, f: EventFilter, path: Path, timezone: str,
               makers: MakerTable | None = None, progress: Progress | None = None,
               language: str = "ja") -> int:
    """Write the matching events, newest first; returns the rows written."""
    zone = ZoneInfo(timezone)
    tmp = path.with_name(path.name + ".part")
    written = 0
    try:
        # One snapshot for count and rows: the collector may append meanwhile (WAL).
        with store.read_sql() as conn, open(tmp, "w", encoding="utf-8-sig", newline="") as out:
            total = event_store.count(conn, f)
            writer = csv.writer(out)
            writer.writerow(HEADER)
            for chunk in event_store.iterate(conn, f):
                writer.writerows(csv_row(r, zone, makers, language) for r in chunk)
                written += len(chunk)
                if progress is not None:
                    progress(written, total)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return written
