"""The municipality list (JIS X 0402) households choose their city from."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Municipality:
    code: str  # JIS X 0402, 5 digits
    prefecture: str  # JIS X 0401, 2 digits
    name: str
    kana: str
    lat: float | None
    lon: float | None

    def json(self) -> dict:
        return {"code": self.code, "prefecture": self.prefecture, "name": self.name,
                "kana": self.kana, "lat": self.lat, "lon": self.lon}


class Municipalities:
    def __init__(self, path: Path) -> None:
        self._by_code: dict[str, Municipality] = {}
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                m = Municipality(row["code"], row["prefecture"], row["name"], row["kana"],
                                 float(row["lat"]) if row["lat"] else None,
                                 float(row["lon"]) if row["lon"] else None)
                if len(m.code) != 5 or not m.code.isdigit() or m.code[:2] != m.prefecture:
                    raise ValueError(f"{path}: bad municipality row {row}")
                self._by_code[m.code] = m

    def get(self, code: str) -> Municipality | None:
        return self._by_code.get(code)

    def of_prefecture(self, prefecture: str) -> list[Municipality]:
        return [m for m in self._by_code.values() if m.prefecture == prefecture]

    def __len__(self) -> int:
        return len(self._by_code)
