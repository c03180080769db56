"""One AiSEG2 history CSV (from its SD card) -> imported totals, with every problem named.

The shapes covered (see README, "AiSEG2 SD-card import", for where they were described):

- `30minhistory_rc_YYYYMMDD.csv`: one day, a row per half hour, time `YYYYMMDDhhmm+0900`
  (the slot's start, with the UTC offset the AiSEG2 kept then);
- `dayhistory_rc_YYYYMM.csv`: one month, a row per day, time `YYYYMMDD`;
- `monthhistory_rc_YYYY.csv`: one year, a row per month, time `YYYYMM`.

Every file has the same columns: `計測日時`, the whole-home energies (`主幹買電`, `主幹売電`,
`太陽光発電(PV1)`, …), then one column per circuit slot of the AiSEG2 (the name its installer
typed, `無効N` for an unused slot), then `使用電力量` and the gas and water meters. Values are
Wh, `-` where nothing was measured. Files are UTF-8 (with or without BOM) or Shift_JIS.

Circuit values come out under `source_series_key(slot)` until the installer's matching says
which commissioned circuit each slot is (`aiseg2_card.resolve_totals`).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.domain import series as s
from app.domain.imported_history import ImportedTotal, Resolution, SourceCircuit

TIME_COLUMN = "計測日時"
SOURCE_PREFIX = "aiseg2."  # circuit slot values before matching: "aiseg2.12"

# Whole-home columns -> series. The three PV columns (two strings and a hybrid inverter)
# add up to the one `pv` series.
HOME_COLUMNS: dict[str, str] = {
    "太陽光発電(創蓄パワコン)": s.PV,
    "太陽光発電(PV1)": s.PV,
    "太陽光発電(PV2)": s.PV,
    "蓄電池充電": s.BATTERY_CHARGE,
    "蓄電池放電": s.BATTERY_DISCHARGE,
    "主幹買電": s.GRID_BUY,
    "主幹売電": s.GRID_SELL,
    "燃料電池発電電力量": s.FUEL_CELL,
    "EV充電電力量": s.EV_CHARGE,
    "使用電力量": s.CONSUMPTION,
}
# Known columns the panel has no series for, or whose unit no public description gives.
SKIPPED_COLUMNS = frozenset({
    "HP消費電力量", "EV放電電力量", "ガス使用量", "水使用量", "お湯使用量", "燃料電池ガス使用量",
    "補助熱源ガス使用量", "燃料電池お湯使用量", "補助熱源お湯使用量", "燃料電池排熱回収量",
})
_TAIL_START = "使用電力量"  # the first column after the circuit slots
_HOME = {unicodedata.normalize("NFKC", k): v for k, v in HOME_COLUMNS.items()}
_SKIPPED = frozenset(unicodedata.normalize("NFKC", k) for k in SKIPPED_COLUMNS)
_UNUSED_SLOT = re.compile(r"^無効\d+$")
_FILE_NAMES = {
    Resolution.HALF_HOUR: re.compile(r"^30minhistory_rc_(\d{8})\.csv$", re.IGNORECASE),
    Resolution.DAY: re.compile(r"^dayhistory_rc_(\d{6})\.csv$", re.IGNORECASE),
    Resolution.MONTH: re.compile(r"^monthhistory_rc_(\d{4})\.csv$", re.IGNORECASE),
}
# AiSEG2 files the import reads no totals from, and why: hourly and yearly files hold what
# the 30-minute and monthly ones do; costs are priced again with the panel's own rate plan.
NOT_IMPORTED_HOURLY, NOT_IMPORTED_YEARLY, NOT_IMPORTED_COSTS = "hourly", "yearly", "costs"
_NOT_IMPORTED = (
    (re.compile(r"^hourhistory_rc_\d{8}\.csv$", re.IGNORECASE), NOT_IMPORTED_HOURLY),
    (re.compile(r"^yearhistory_total_rc\.csv$", re.IGNORECASE), NOT_IMPORTED_YEARLY),
    (re.compile(r"^\w*cost\w*\.csv$", re.IGNORECASE), NOT_IMPORTED_COSTS),
)
_SLOT = timedelta(minutes=30)


class ProblemKind(StrEnum):
    UNREADABLE = "unreadable"  # neither UTF-8 nor Shift_JIS: file refused
    NOT_HISTORY = "not_history"  # no 計測日時 column: file refused
    NOT_IMPORTED = "not_imported"  # a known AiSEG2 file with nothing to import (detail: why)
    UNKNOWN_FILE = "unknown_file"  # a CSV that is not an AiSEG2 history file
    UNKNOWN_COLUMN = "unknown_column"  # ignored column (detail: its name)
    SKIPPED_COLUMN = "skipped_column"  # known column without a series here (detail: its name)
    TRUNCATED = "truncated"  # the file ends inside a row: that row refused
    BAD_ROW = "bad_row"  # wrong number of fields: row refused
    BAD_TIME = "bad_time"  # time unreadable, or not of this file's period: row refused
    BAD_VALUE = "bad_value"  # a cell that is not a number of Wh: that cell refused
    DUPLICATE = "duplicate"  # the same bucket again, same values: ignored (detail: first line)
    CONFLICT = "conflict"  # the same bucket again, other values: row refused (detail: first line)
    CLOCK_CHANGE = "clock_change"  # the row's UTC offset changed (detail: "+1000")
    CLOCK_BACK = "clock_back"  # the time went back (detail: the row's time)
    GAP = "gap"  # buckets missing inside the file (detail: which)


REFUSING = frozenset({ProblemKind.UNREADABLE, ProblemKind.NOT_HISTORY, ProblemKind.TRUNCATED,
                      ProblemKind.BAD_ROW, ProblemKind.BAD_TIME, ProblemKind.BAD_VALUE,
                      ProblemKind.CONFLICT})


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """Something in a file the import handled or refused; `line` is 1-based, 0 = the file."""

    file: str
    line: int
    kind: ProblemKind
    detail: str = ""

    @property
    def refused(self) -> bool:
        return self.kind in REFUSING

    def describe(self) -> str:
        where = self.file if self.line == 0 else f"{self.file}:{self.line}"
        return f"{where}: {self.kind.value}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class ParsedFile:
    name: str
    resolution: Resolution | None  # None: nothing imported from this file
    period: str  # the date token of the file name ("20260412", "202507", "2025")
    circuits: tuple[SourceCircuit, ...]
    totals: list[ImportedTotal] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def source_series_key(slot: int) -> str:
    return f"{SOURCE_PREFIX}{slot}"


def classify(name: str) -> tuple[Resolution | None, str, str]:
    """(resolution, period token, why not imported) of a file name."""
    for resolution, pattern in _FILE_NAMES.items():
        if m := pattern.match(name):
            return resolution, m.group(1), ""
    for pattern, why in _NOT_IMPORTED:
        if pattern.match(name):
            return None, "", why
    return None, "", ""


def decode(data: bytes) -> tuple[str, bool] | None:
    """Text of a file and whether it ends inside a character; None if no encoding fits."""
    for encoding in ("utf-8-sig", "cp932"):  # cp932: Windows' Shift_JIS, as Japanese devices write
        try:
            return data.decode(encoding), False
        except UnicodeDecodeError as exc:
            if exc.end >= len(data) and exc.start >= len(data) - 3:  # cut in the last character
                try:
                    return data[:exc.start].decode(encoding), True
                except UnicodeDecodeError:
                    pass
    return None


def parse_file(name: str, data: bytes | None, zone: ZoneInfo) -> ParsedFile:
    """Parse one file of the card (`name` is its base name, used in every problem);
    `data` None: a file that could not be read at all."""
    if data is None:
        return ParsedFile(name, None, "", (),
                          problems=[ImportProblem(name, 0, ProblemKind.UNREADABLE)])
    resolution, period, why = classify(name)
    if resolution is None:
        kind = ProblemKind.NOT_IMPORTED if why else ProblemKind.UNKNOWN_FILE
        return ParsedFile(name, None, "", (), problems=[ImportProblem(name, 0, kind, why)])
    decoded = decode(data)
    if decoded is None:
        return ParsedFile(name, None, period, (),
                          problems=[ImportProblem(name, 0, ProblemKind.UNREADABLE)])
    text, cut_in_char = decoded
    return _Parser(name, resolution, period, zone).run(text, cut_in_char)


def _number(cell: str) -> float | None:
    """Wh of a cell; None for '-' or empty; ValueError if not a non-negative number."""
    if cell == "-":
        return None
    if cell.isascii() and cell.isdigit():  # the usual cell: whole Wh
        return float(cell)
    cell = unicodedata.normalize("NFKC", cell).strip().replace(",", "")
    if cell in ("", "-"):
        return None
    value = float(cell)
    if not value >= 0 or value == float("inf"):
        raise ValueError(cell)
    return value


class _Parser:
    def __init__(self, name: str, resolution: Resolution, period: str, zone: ZoneInfo) -> None:
        self.name, self.resolution, self.period, self.zone = name, resolution, period, zone
        self.problems: list[ImportProblem] = []

    def problem(self, line: int, kind: ProblemKind, detail: str = "") -> None:
        self.problems.append(ImportProblem(self.name, line, kind, detail))

    def run(self, text: str, cut_in_char: bool) -> ParsedFile:
        lines = text.splitlines()
        ends_in_row = cut_in_char or (bool(text) and not text.endswith(("\n", "\r")))
        header = next(csv.reader([lines[0]])) if lines else []
        header = [unicodedata.normalize("NFC", h).strip() for h in header]
        if TIME_COLUMN not in header[:1]:
            self.problem(1, ProblemKind.NOT_HISTORY, header[0] if header else "")
            return ParsedFile(self.name, None, self.period, (), problems=self.problems)
        homes, circuits, slots = self.columns(header)
        slot_keys = {i: source_series_key(slot) for i, slot in slots.items()}
        totals: list[ImportedTotal] = []
        seen: dict[datetime, tuple[int, tuple[str, ...]]] = {}
        last_offset: timedelta | None = None
        last_start: datetime | None = None
        for number, row in enumerate(csv.reader(lines[1:]), start=2):
            if not row or not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                truncated = ends_in_row and number == len(lines)
                self.problem(number, ProblemKind.TRUNCATED if truncated else ProblemKind.BAD_ROW,
                             f"{len(row)}/{len(header)}")
                continue
            when = self.start_of(row[0])
            if when is None:
                self.problem(number, ProblemKind.BAD_TIME, row[0].strip())
                continue
            start, offset = when
            if offset is not None and last_offset is not None and offset != last_offset:
                self.problem(number, ProblemKind.CLOCK_CHANGE, _hhmm(offset))
            elif last_start is not None and start < last_start:
                self.problem(number, ProblemKind.CLOCK_BACK, row[0].strip())
            last_offset, last_start = offset or last_offset, start
            values = tuple(row[1:])
            if start in seen:
                first_line, first_values = seen[start]
                kind = ProblemKind.DUPLICATE if first_values == values else ProblemKind.CONFLICT
                self.problem(number, kind, str(first_line))
                continue
            seen[start] = (number, values)
            origin = f"{self.name}:{number}"
            totals.extend(self.row_totals(number, row, start, origin, homes, slot_keys))
        self.report_gaps(sorted(seen))
        return ParsedFile(self.name, self.resolution, self.period, circuits, totals,
                          self.problems)

    def columns(self, header: list[str]
                ) -> tuple[dict[str, list[int]], tuple[SourceCircuit, ...], dict[int, int]]:
        """Home series -> column indexes; circuits; column index -> slot number.

        Known columns are recognised whatever their width (（PV1） or (PV1))."""
        norm = [unicodedata.normalize("NFKC", h) for h in header]
        tail = norm.index(_TAIL_START) if _TAIL_START in norm else len(norm)
        # The slots follow the last whole-home column (names are the installer's: anything).
        known = [i for i, h in enumerate(norm[:tail]) if h in _HOME or h in _SKIPPED]
        first_slot = (known[-1] + 1) if known else 1
        homes: dict[str, list[int]] = {}
        circuits: list[SourceCircuit] = []
        slots: dict[int, int] = {}
        for i, h in enumerate(norm[1:], start=1):
            if first_slot <= i < tail:
                if not _UNUSED_SLOT.match(h):
                    slot = i - first_slot + 1
                    circuits.append(SourceCircuit(slot, header[i]))
                    slots[i] = slot
            elif h in _HOME:
                homes.setdefault(_HOME[h], []).append(i)
            elif h in _SKIPPED:
                self.problem(1, ProblemKind.SKIPPED_COLUMN, header[i])
            else:
                self.problem(1, ProblemKind.UNKNOWN_COLUMN, header[i])
        return homes, tuple(circuits), slots

    def start_of(self, cell: str) -> tuple[datetime, timedelta | None] | None:
        """The bucket's local wall-time start and the offset the row gave, if it is this file's."""
        text = unicodedata.normalize("NFKC", cell).strip()
        try:
            if self.resolution is Resolution.HALF_HOUR:
                m = re.fullmatch(r"(\d{12})([+-]\d{4})?", text)
                if m is None or text[:8] != self.period:
                    return None
                naive = datetime.strptime(m.group(1), "%Y%m%d%H%M")
                offset = None
                if m.group(2):
                    sign = 1 if m.group(2)[0] == "+" else -1
                    offset = sign * timedelta(hours=int(m.group(2)[1:3]),
                                              minutes=int(m.group(2)[3:]))
                    naive = (naive - offset).replace(tzinfo=UTC).astimezone(
                        self.zone).replace(tzinfo=None)
                if naive.minute % 30:  # an offset of +0930 or the like: no slot of ours
                    return None
                return naive, offset
            if self.resolution is Resolution.DAY:
                if not re.fullmatch(r"\d{8}", text) or text[:6] != self.period:
                    return None
                d = datetime.strptime(text, "%Y%m%d")
            else:
                if not re.fullmatch(r"\d{6}", text) or text[:4] != self.period:
                    return None
                d = datetime.strptime(text, "%Y%m")
        except ValueError:
            return None
        return d, None

    def row_totals(self, number: int, row: list[str], start: datetime, origin: str,
                   homes: dict[str, list[int]], slots: dict[int, str]) -> Iterable[ImportedTotal]:
        def value(i: int) -> float | None:
            try:
                return _number(row[i])
            except ValueError:
                self.problem(number, ProblemKind.BAD_VALUE, row[i].strip())
                return None

        for key, indexes in homes.items():
            present = [v for v in map(value, indexes) if v is not None]
            if present:
                yield ImportedTotal(key, self.resolution, start, sum(present), origin)
        for i, key in slots.items():
            v = value(i)
            if v is not None:
                yield ImportedTotal(key, self.resolution, start, v, origin)

    def report_gaps(self, starts: list[datetime]) -> None:
        """Name the buckets missing inside the file's period (before the last one present)."""
        if not starts:
            return
        expected = list(_buckets(self.resolution, self.period, starts[-1]))
        missing = sorted(set(expected) - set(starts))
        if missing:
            fmt = {Resolution.HALF_HOUR: "%H:%M", Resolution.DAY: "%d",
                   Resolution.MONTH: "%m"}[self.resolution]
            runs = _runs(missing, expected)
            self.problem(0, ProblemKind.GAP, ", ".join(
                a.strftime(fmt) if a == b else f"{a.strftime(fmt)}–{b.strftime(fmt)}"
                for a, b in runs))


def _buckets(resolution: Resolution, period: str, last: datetime) -> Iterable[datetime]:
    if resolution is Resolution.HALF_HOUR:
        t = datetime.strptime(period, "%Y%m%d")
        while t <= last:
            yield t
            t += _SLOT
    elif resolution is Resolution.DAY:
        d = datetime.strptime(period + "01", "%Y%m%d")
        while d <= last:
            yield d
            d += timedelta(days=1)
    else:
        for m in range(1, last.month + 1):
            yield datetime(last.year, m, 1)


def _runs(missing: list[datetime], expected: list[datetime]) -> list[tuple[datetime, datetime]]:
    position = {t: i for i, t in enumerate(expected)}
    runs: list[tuple[datetime, datetime]] = []
    for t in missing:
        if runs and position[t] == position[runs[-1][1]] + 1:
            runs[-1] = (runs[-1][0], t)
        else:
            runs.append((t, t))
    return runs


def _hhmm(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def period_date(resolution: Resolution, period: str) -> date:
    """First day a file's period covers (for ordering the files of a card)."""
    fmt = {Resolution.HALF_HOUR: "%Y%m%d", Resolution.DAY: "%Y%m", Resolution.MONTH: "%Y"}
    return datetime.strptime(period, fmt[resolution]).date()
