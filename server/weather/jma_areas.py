"""Where JMA forecasts a municipality: its office, forecast area and stations.

From resources/weather/jma_areas.csv (JMA's own area tables, see the README there):
the office (府県予報区) whose files carry the municipality, its first-level area
(一次細分区域, class10) for the weather of the next days, the AMeDAS station whose
temperatures stand for that area, and the candidate weekly-forecast areas (they change
with the season) with their stations.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class JmaArea:
    office: str  # e.g. "130000"; 014030 and 460040 are offices of their own
    class10: str  # e.g. "130010"
    amedas: str  # station of the short-range temperatures, "" if none
    week: tuple[tuple[str, str], ...]  # (weekly area, its station or ""), in JMA's order


class JmaAreas:
    def __init__(self, path: Path) -> None:
        self._by_code: dict[str, JmaArea] = {}
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                week = tuple(tuple(pair.split(":", 1)) for pair in row["week"].split())
                if len(row["office"]) != 6 or len(row["class10"]) != 6 or any(
                        len(p) != 2 for p in week):
                    raise ValueError(f"{path}: bad row {row}")
                self._by_code[row["code"]] = JmaArea(row["office"], row["class10"],
                                                     row["amedas"], week)  # type: ignore[arg-type]

    def get(self, code: str) -> JmaArea | None:
        return self._by_code.get(code)

    def __len__(self) -> int:
        return len(self._by_code)
