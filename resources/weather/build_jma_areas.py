"""Rebuild jma_areas.csv from JMA's area tables (see README.md in this folder).

    python resources/weather/build_jma_areas.py DIR > resources/weather/jma_areas.csv

DIR holds JMA's area.json, forecast_area.json, week_area.json and week_area05.json
(https://www.jma.go.jp/bosai/common/const/area.json and
https://www.jma.go.jp/bosai/forecast/const/{forecast_area,week_area,week_area05}.json).
Every municipality of ../municipalities/municipalities.csv must be found, else it stops.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MUNICIPALITIES = HERE.parent / "municipalities" / "municipalities.csv"


def build(src: Path, out) -> None:
    area = json.loads((src / "area.json").read_text(encoding="utf-8"))
    forecast_area = json.loads((src / "forecast_area.json").read_text(encoding="utf-8"))
    week_area = json.loads((src / "week_area.json").read_text(encoding="utf-8"))
    week_area05 = json.loads((src / "week_area05.json").read_text(encoding="utf-8"))
    class20s, class15s, class10s = area["class20s"], area["class15s"], area["class10s"]

    def class10_of(class20: str) -> str:
        parent = class20s[class20]["parent"]
        return class15s[parent]["parent"] if parent in class15s else parent

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "office", "class10", "amedas", "week"])
    with open(MUNICIPALITIES, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["code"]
            # A class20 is the municipality code + 2 digits: "00", or 01.. for the
            # parts of a municipality JMA forecasts for separately (e.g. 0120801).
            parts = sorted(c for c in class20s if c[:5] == code)
            if not parts:
                raise SystemExit(f"{code} {row['name']}: not in area.json")
            class10 = class10_of(parts[0])
            office = class10s[class10]["parent"]
            amedas = next((e["amedas"][0] for e in forecast_area.get(office, ())
                           if e["class10"] == class10 and e["amedas"]), "")
            # The weekly forecast's area depends on the season (e.g. 210010 is in
            # 210000 or 210010): every candidate, with its temperature station.
            stations = {e["week"]: e["amedas"] for e in week_area.get(office, ())}
            week = " ".join(f"{w}:{stations.get(w, '')}" for w in week_area05.get(class10, ()))
            writer.writerow([code, office, class10, amedas, week])


if __name__ == "__main__":
    build(Path(sys.argv[1]), sys.stdout)
