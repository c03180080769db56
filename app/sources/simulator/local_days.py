"""Local days: where each local day starts in UTC minutes, and whether it is a day off.

The simulator works in whole local days (identified by their proleptic
Gregorian ordinal, ``date.toordinal()``), so that every minute's value depends
only on its day and never on how a caller chunks its requests. On a
daylight-saving change (not in Japan) a day has 1380 or 1500 minutes and the
family's clock after the change is off by that hour; the balance still holds.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

# Company holidays that keep a Japanese family at home although they are not
# national holidays: お盆 (mid-August) and 年末年始 (New Year period).
_OBON = ((8, 13), (8, 14), (8, 15), (8, 16))
_NEW_YEAR = ((12, 29), (12, 30), (12, 31), (1, 2), (1, 3))


class LocalCalendar:
    """Day boundaries in a time zone and the Japanese day-off calendar."""

    def __init__(self, timezone: str) -> None:
        self._tz = ZoneInfo(timezone)
        self._holidays = holidays.Japan()
        self._lock = threading.Lock()  # holidays.Japan fills in years lazily
        self.midnight = lru_cache(maxsize=4096)(self._midnight)

    def _midnight(self, ordinal: int) -> int:
        """UTC epoch minute at which local day ``ordinal`` starts."""
        start = datetime.combine(date.fromordinal(ordinal), time(0), tzinfo=self._tz)
        return int(start.timestamp() // 60)

    def day_of_minute(self, minute: int) -> int:
        """Ordinal of the local day that contains UTC epoch ``minute``."""
        ordinal = datetime.fromtimestamp(minute * 60, self._tz).date().toordinal()
        # Settle on the midnight table, so both directions always agree.
        while minute < self.midnight(ordinal):
            ordinal -= 1
        while minute >= self.midnight(ordinal + 1):
            ordinal += 1
        return ordinal

    def day_length(self, ordinal: int) -> int:
        """Minutes in the local day (1440 except on daylight-saving changes)."""
        return self.midnight(ordinal + 1) - self.midnight(ordinal)

    def is_national_holiday(self, ordinal: int) -> bool:
        with self._lock:
            return date.fromordinal(ordinal) in self._holidays

    def is_day_off(self, ordinal: int) -> bool:
        """Sat, Sun, national holidays (振替休日 included), お盆 and 年末年始."""
        day = date.fromordinal(ordinal)
        if day.weekday() >= 5 or (day.month, day.day) in _OBON + _NEW_YEAR:
            return True
        return self.is_national_holiday(ordinal)
