"""The result record every benchmark returns, and the table/JSON writers."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    unit: str
    target: str  # e.g. "<= 2.0" (a comparison against value or ratio, stated in words)
    baseline: float | None = None  # same measurement of the comparison point, same run
    ratio: float | None = None  # value / baseline

    @staticmethod
    def compared(name: str, value: float, unit: str, target: str, baseline: float) -> Result:
        ratio = value / baseline if baseline else None
        return Result(name, value, unit, target, baseline, ratio)


def print_table(results: list[Result]) -> None:
    header = (f"{'benchmark':<34} {'value':>14} {'unit':<10} {'target':<16} "
              f"{'baseline':>12} {'ratio':>8}")
    print(header)
    print("-" * len(header))
    for r in results:
        baseline = "" if r.baseline is None else f"{r.baseline:,.4g}"
        ratio = "" if r.ratio is None else f"{r.ratio:.3f}"
        print(f"{r.name:<34} {r.value:>14,.4g} {r.unit:<10} {r.target:<16} "
              f"{baseline:>12} {ratio:>8}")


def write_json(results: list[Result], path: Path) -> None:
    path.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
