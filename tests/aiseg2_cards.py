"""AiSEG2 SD-card files for tests, in the shape `app.domain.aiseg2_csv` documents.

Written from the public descriptions named in README (column names and time formats),
with our own numbers: never a copy of a real card.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

LEADING = ("太陽光発電(創蓄パワコン)", "蓄電池充電", "蓄電池放電", "主幹買電", "主幹売電",
           "太陽光発電(PV1)", "太陽光発電(PV2)", "HP消費電力量", "燃料電池発電電力量",
           "EV充電電力量", "EV放電電力量")
TAIL = ("使用電力量", "ガス使用量", "水使用量")
SLOTS = 51  # circuit slots of the AiSEG2's files: 8 special first, then branches

Row = Mapping[str, float | str]  # column name (leading/tail) or "slot N" -> Wh


def header(names: Mapping[int, str]) -> list[str]:
    cols = ["計測日時", *LEADING]
    unused = 0
    for slot in range(1, SLOTS + 1):
        if slot in names:
            cols.append(names[slot])
        else:
            unused += 1
            cols.append(f"無効{unused}")
    return [*cols, *TAIL]


def line(when: str, values: Row, names: Mapping[int, str]) -> str:
    cells = [when]
    for col in LEADING:
        cells.append(_cell(values.get(col)))
    for slot in range(1, SLOTS + 1):
        cells.append(_cell(values.get(f"slot {slot}")) if slot in names else "-")
    for col in TAIL:
        cells.append(_cell(values.get(col)))
    return ",".join(cells)


def _cell(v: float | str | None) -> str:
    """A value's cell; a string is written as it is (for bad cells)."""
    return "-" if v is None else v if isinstance(v, str) else f"{v:g}"


def text(names: Mapping[int, str], rows: Sequence[tuple[str, Row]]) -> str:
    return "\n".join([",".join(header(names)), *(line(w, v, names) for w, v in rows)]) + "\n"


def half_hour_stamps(day: date) -> list[str]:
    t0 = datetime(day.year, day.month, day.day)
    return [(t0 + timedelta(minutes=30 * i)).strftime("%Y%m%d%H%M") + "+0900" for i in range(48)]


def write(folder: Path, name: str, content: str, encoding: str = "utf-8-sig") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content.encode(encoding))
    return path


def half_hour_file(folder: Path, day: date, names: Mapping[int, str],
                   value: Row, encoding: str = "utf-8-sig") -> Path:
    """A day's 30-minute file with the same values in every slot."""
    rows = [(w, value) for w in half_hour_stamps(day)]
    return write(folder, f"30minhistory_rc_{day:%Y%m%d}.csv", text(names, rows), encoding)


def day_file(folder: Path, year: int, month: int, days: Mapping[int, Row],
             names: Mapping[int, str], encoding: str = "utf-8-sig") -> Path:
    rows = [(f"{year:04d}{month:02d}{d:02d}", v) for d, v in sorted(days.items())]
    return write(folder, f"dayhistory_rc_{year:04d}{month:02d}.csv", text(names, rows), encoding)


def month_file(folder: Path, year: int, months: Mapping[int, Row], names: Mapping[int, str],
               encoding: str = "utf-8-sig") -> Path:
    rows = [(f"{year:04d}{m:02d}", v) for m, v in sorted(months.items())]
    return write(folder, f"monthhistory_rc_{year:04d}.csv", text(names, rows), encoding)
