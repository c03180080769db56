"""History taken over from another HEMS (an AiSEG2): totals per bucket, not minute samples.

The one shape both ways in produce: the SD-card CSV import and the live mirror's
backfill from the AiSEG2's graph pages. The store keeps these totals in its rollup
tables, flagged as imported, and never writes them over measured data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Resolution(StrEnum):
    HALF_HOUR = "30min"
    DAY = "day"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class SourceCircuit:
    """A circuit as the other HEMS names it: its own number and the name the installer typed."""

    number: int
    name: str


class MatchConfidence(StrEnum):
    EXACT = "exact"  # same name (after normalising width and spaces) and same number
    PROBABLE = "probable"  # same name, other number; or same number and a similar name
    DOUBTFUL = "doubtful"  # only a weak likeness: the installer must confirm
    NONE = "none"  # nothing alike: not imported unless the installer picks a circuit


@dataclass(frozen=True, slots=True)
class CircuitMatch:
    source: SourceCircuit
    circuit_key: str | None  # the commissioned circuit's key ("br12"), None when unmatched
    confidence: MatchConfidence


@dataclass(frozen=True, slots=True)
class ImportedTotal:
    """One bucket of one series.

    `series_key` is a whole-home key of `app.domain.series` (pv, grid_buy, consumption, …)
    or a circuit's `circuit_series(key).key`. `start` is the bucket's first instant in the
    home's local wall time (naive): a half-hour slot's start, a day's or month's midnight.
    `value` is in the series' bucket unit: Wh for power series, L for gas and water.
    `origin` names where it came from for the import report ("30minhistory_rc_01.csv:12").
    """

    series_key: str
    resolution: Resolution
    start: datetime
    value: float
    origin: str
