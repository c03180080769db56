"""What a graph gets: one immutable result per request (see `app.domain.periods`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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


OTHERS = "others"  # the key of the folded rest in `top_keys_with_others`


def top_keys_with_others(result: HistoryResult, keep: int,
                         skip: int = 0) -> tuple[HistoryResult, tuple[str, ...]]:
    """The keys ranked by their energy over the period, most first: after the first
    ``skip`` (left out: a view of "the rest"), the next ``keep`` bucket by bucket as
    they were and every later key summed into one ``OTHERS`` series (compare likewise,
    by the same split). Returns the folded result and the keys folded into ``OTHERS``.

    A key without data ranks last (ties keep the request's order); OTHERS is a gap (NaN)
    where none of its keys has data. Nothing is folded when a single key would be (an
    OTHERS series of one key says less than the key's own name).
    """
    keys = [k for k in result.request.keys if k in result.values]
    totals = {k: result.total(k) for k in keys}
    ranked = sorted(keys, key=lambda k: -(totals[k] if totals[k] is not None else -1.0))
    shown = ranked[skip:]
    top, rest = (shown, []) if len(shown) <= keep + 1 else (shown[:keep], shown[keep:])

    def fold(group: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        out = {k: group[k] for k in top if k in group}
        if rest:
            stack = np.vstack([group[k] for k in rest if k in group] or
                              [np.full(len(result.x), np.nan)])
            known = np.isfinite(stack).any(axis=0)
            out[OTHERS] = np.where(known, np.nansum(stack, axis=0), np.nan)
        return out

    request = replace(result.request, keys=tuple(top) + ((OTHERS,) if rest else ()))
    folded = replace(result, request=request, values=fold(result.values),
                     compare=None if result.compare is None else fold(result.compare))
    return folded, tuple(rest)
