"""Write history in the AiSEG2 SD-card shape `aiseg2_csv` reads: for the demo card of the
screenshots and the import benchmark (never for users: the panel exports its own CSV)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from app.domain import series as s
from app.domain.aiseg2_csv import TIME_COLUMN
from app.domain.imported_history import Resolution

# The columns in the order the AiSEG2 writes them; slots sit between LEADING and TAIL.
LEADING = ("太陽光発電(創蓄パワコン)", "蓄電池充電", "蓄電池放電", "主幹買電", "主幹売電",
           "太陽光発電(PV1)", "太陽光発電(PV2)", "HP消費電力量", "燃料電池発電電力量",
           "EV充電電力量", "EV放電電力量")
TAIL = ("使用電力量", "ガス使用量", "水使用量")
SLOTS = 51
COLUMN_OF = {s.PV: "太陽光発電(PV1)", s.BATTERY_CHARGE: "蓄電池充電",
             s.BATTERY_DISCHARGE: "蓄電池放電", s.GRID_BUY: "主幹買電", s.GRID_SELL: "主幹売電",
             s.FUEL_CELL: "燃料電池発電電力量", s.EV_CHARGE: "EV充電電力量",
             s.CONSUMPTION: "使用電力量"}
_STAMP = {Resolution.HALF_HOUR: "%Y%m%d%H%M+0900", Resolution.DAY: "%Y%m%d",
          Resolution.MONTH: "%Y%m"}
_NAME = {Resolution.HALF_HOUR: "30minhistory_rc_%Y%m%d.csv",
         Resolution.DAY: "dayhistory_rc_%Y%m.csv", Resolution.MONTH: "monthhistory_rc_%Y.csv"}

Row = Mapping[str | int, float]  # home series key or slot number -> Wh


def file_name(resolution: Resolution, start: datetime) -> str:
    return start.strftime(_NAME[resolution])


def card_csv(resolution: Resolution, names: Mapping[int, str],
             rows: Iterable[tuple[datetime, Row]]) -> str:
    """One file's text: the header for these circuit slots, then a line per bucket."""
    header = [TIME_COLUMN, *LEADING]
    unused = 0
    for slot in range(1, SLOTS + 1):
        if slot in names:
            header.append(names[slot])
        else:
            unused += 1
            header.append(f"無効{unused}")
    header.extend(TAIL)
    lines = [",".join(header)]
    for start, row in rows:
        by_column = {COLUMN_OF[k]: v for k, v in row.items() if isinstance(k, str)}
        cells = [start.strftime(_STAMP[resolution])]
        cells += [_cell(by_column.get(c)) for c in LEADING]
        cells += [_cell(row.get(slot)) if slot in names else "-" for slot in range(1, SLOTS + 1)]
        cells += [_cell(by_column.get(c)) for c in TAIL]
        lines.append(",".join(cells))
    return "\r\n".join(lines) + "\r\n"


def _cell(value: float | None) -> str:
    return "-" if value is None else str(round(value))
