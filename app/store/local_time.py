"""Local calendar of the store: UTC epoch minutes <-> local days, 30-minute slots, months.

Rollup buckets follow the household's wall clock (local midnight, first of
the month) in the store's time zone. Days are numbered as local dates counted
from 1970-01-01, months as (year - 1970) * 12 + month - 1. A 30-minute slot is
counted from local midnight, so a day has 48 slots except on days when a
daylight-saving zone shifts its clock (Japan has none, but the store does not
assume that).

A calendar is made by every `open_store`, on the panel's start-up path, which
must not import numpy (~140 ms, see store.py): only the vectorized functions
below import it, when called.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import numpy as np

_EPOCH = date(1970, 1, 1)
_EPOCH_ORDINAL = _EPOCH.toordinal()
SLOT_MINUTES = 30
SLOTS_STRIDE = 64  # > the 50 slots of the longest possible day


def month_of_day(day: np.ndarray | int) -> np.ndarray:
    """Month index of local day numbers (vectorized)."""
    import numpy as np

    d = np.asarray(day, dtype="int64").astype("datetime64[D]")
    return d.astype("datetime64[M]").astype(np.int64)


def first_day_of_month(month: int) -> int:
    import numpy as np

    return int(np.datetime64(int(month), "M").astype("datetime64[D]").astype(np.int64))


def day_of_date(d: date) -> int:
    return d.toordinal() - _EPOCH_ORDINAL


def date_of_day(day: int) -> date:
    return date.fromordinal(day + _EPOCH_ORDINAL)


class LocalCalendar:
    """Maps UTC minutes to local days and slots for one IANA time zone."""

    def __init__(self, timezone: str) -> None:
        self.timezone = timezone
        self.tz = ZoneInfo(timezone)
        # Cached per instance; a panel works on a few thousand distinct days.
        self.day_start = lru_cache(maxsize=None)(self._day_start)

    def _day_start(self, day: int) -> int:
        """UTC epoch minute of local midnight at the start of local day `day`."""
        d = date_of_day(day)
        return int(datetime(d.year, d.month, d.day, tzinfo=self.tz).timestamp()) // 60

    def slots_in_day(self, day: int) -> int:
        return -(-(self.day_start(day + 1) - self.day_start(day)) // SLOT_MINUTES)

    def day_of_minute(self, minute: int) -> int:
        guess = minute // 1440
        for day in (guess - 1, guess, guess + 1):
            if self.day_start(day) <= minute < self.day_start(day + 1):
                return day
        raise AssertionError("time zone offset beyond ±24 h")

    def locate(self, minutes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(local day, 30-minute slot within that day) of each UTC minute."""
        import numpy as np

        minutes = np.asarray(minutes, dtype=np.int64)
        if minutes.size == 0:
            return minutes.copy(), minutes.copy()
        first = self.day_of_minute(int(minutes.min()))
        last = self.day_of_minute(int(minutes.max()))
        starts = np.array([self.day_start(d) for d in range(first, last + 2)], dtype=np.int64)
        idx = np.searchsorted(starts, minutes, side="right") - 1
        return idx + first, (minutes - starts[idx]) // SLOT_MINUTES

    def bucket_starts(self, interval: str, start: datetime, end: datetime
                      ) -> tuple[np.ndarray, np.ndarray]:
        """Buckets of `interval` starting in [start, end): (bucket ids, UTC start minutes).

        Bucket ids are local day numbers for "day", month indexes for "month" and
        day * 64 + slot for "30min" (the packing the rollup tables are read with).
        """
        import numpy as np

        lo, hi = epoch_minute_ceil(start), epoch_minute_ceil(end)
        if hi <= lo:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        first, last = self.day_of_minute(lo), self.day_of_minute(hi - 1)
        ids: list[int] = []
        mins: list[int] = []
        if interval == "month":
            for month in range(int(month_of_day(first)), int(month_of_day(last)) + 1):
                ids.append(month)
                mins.append(self.day_start(first_day_of_month(month)))
        elif interval == "day":
            for day in range(first, last + 1):
                ids.append(day)
                mins.append(self.day_start(day))
        else:
            for day in range(first, last + 1):
                begin = self.day_start(day)
                for slot in range(self.slots_in_day(day)):
                    ids.append(day * SLOTS_STRIDE + slot)
                    mins.append(begin + slot * SLOT_MINUTES)
        id_arr, min_arr = np.array(ids, np.int64), np.array(mins, np.int64)
        keep = (min_arr >= lo) & (min_arr < hi)
        return id_arr[keep], min_arr[keep]


def epoch_minute_ceil(when: datetime) -> int:
    """First whole UTC minute at or after an aware datetime."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("datetimes given to the store must be timezone-aware")
    return -int(-when.timestamp() // 60)
