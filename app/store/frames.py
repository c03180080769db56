"""What queries return: a frame of aligned buckets per series."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: `import app.store` must not load numpy (see store.py)
    import numpy as np


class Interval(StrEnum):
    """Rollup bucket sizes, in the store's local time zone."""

    MIN30 = "30min"
    DAY = "day"
    MONTH = "month"


@dataclass(frozen=True)
class SeriesFrame:
    """Buckets (or minutes) shared by every series in the frame.

    `values` are NaN where a bucket has no sample (gaps stay gaps). `counts`
    tell how many 1-minute samples a bucket holds (0/1 for raw minutes), so a
    partial bucket (e.g. today so far, or a day with an outage) can be shown
    as such.
    """

    starts: np.ndarray  # int64 unix seconds of each bucket start
    values: dict[str, np.ndarray]  # float64 per key
    counts: dict[str, np.ndarray]  # int64 per key

    def __len__(self) -> int:
        return len(self.starts)
