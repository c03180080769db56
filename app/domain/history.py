"""What a graph gets: one immutable result per request (see `app.domain.periods`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from app.domain.periods import HistoryRequest


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.asarray(array, dtype=np.float64)
    array.flags.writeable = False
    return array


@dataclass(frozen=True)
class HistoryResult:
    """One graph's data. Arrays are read-only; ``x`` are bucket starts in unix seconds.

    ``compare`` holds the comparison period's values aligned by bucket index (the
    1st of this month against the 1st of last month); buckets it lacks are NaN.
    ``live_tail`` (LIVE only) is the newest live reading per key, after the last
    minute: (unix seconds, W).
    """

    request: HistoryRequest
    start: datetime  # local, aware
    end: datetime
    unit: str  # "kWh", "L", "%"; LIVE: "W", "L/min", "%"
    x: np.ndarray
    width_s: np.ndarray  # each bucket's length (months and DST-free days differ)
    values: dict[str, np.ndarray]
    compare: dict[str, np.ndarray] | None = None
    live_tail: dict[str, tuple[float, float]] = field(default_factory=dict)
    # Why there are no values at all: "plan" (cost or CO2 without a rate plan),
    # "sell_price" (the sold energy's revenue, with a plan that has no selling price).
    missing: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "x", _frozen(self.x))
        object.__setattr__(self, "width_s", _frozen(self.width_s))
        object.__setattr__(self, "values", {k: _frozen(v) for k, v in self.values.items()})
        if self.compare is not None:
            object.__setattr__(self, "compare",
                               {k: _frozen(v) for k, v in self.compare.items()})

    @property
    def has_data(self) -> bool:
        return any(np.isfinite(v).any() for v in self.values.values())

    def total(self, key: str) -> float | None:
        """Sum over the period (energy, volume); None when there is no data at all."""
        values = self.values[key]
        return float(np.nansum(values)) if np.isfinite(values).any() else None
