"""What the forecasts give the planner and the pages: 30-minute energy ahead, and how good
the forecasts were. Values only; the models are in `solar_forecast` and `load_forecast`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

SLOT = timedelta(minutes=30)
SLOTS_PER_DAY = 48


@dataclass(frozen=True, slots=True)
class SlotForecast:
    """Energy per 30-minute slot from `start` (aware, on a local half-hour boundary)."""

    start: datetime
    wh: tuple[float, ...]

    def slot_start(self, i: int) -> datetime:
        return self.start + i * SLOT

    def day_totals_kwh(self, timezone: str) -> dict[date, float]:
        """kWh per local date, over the slots the forecast covers (partial days too)."""
        zone = ZoneInfo(timezone)
        totals: dict[date, float] = {}
        for i, wh in enumerate(self.wh):
            day = self.slot_start(i).astimezone(zone).date()
            totals[day] = totals.get(day, 0.0) + wh / 1000.0
        return totals


@dataclass(frozen=True, slots=True)
class PvInstallation:
    """The PV array as the installer describes it; the forecast learns the rest."""

    capacity_w: float  # the power conditioner's rating (AC)
    tilt_deg: float = 30.0
    azimuth_deg: float = 180.0  # clockwise from north: 180 = facing south


class DayType(StrEnum):
    WEEKDAY = "weekday"
    HOLIDAY = "holiday"  # Saturday, Sunday or a national holiday (祝日)


@dataclass(frozen=True, slots=True)
class LearningShortage:
    """Too few days of history to forecast a day type (the seed's 学習データ不足)."""

    day_type: DayType
    days: int  # days of that type in the history
    needed: int  # 5


@dataclass(frozen=True, slots=True)
class LoadOutlook:
    """The load forecast, or why there is none: `forecast` is None when any day it would
    cover lacks data (the planner then has "not enough data")."""

    forecast: SlotForecast | None
    shortages: tuple[LearningShortage, ...] = ()


class ForecastKind(StrEnum):
    SOLAR = "solar"
    LOAD = "load"


@dataclass(frozen=True, slots=True)
class DayAccuracy:
    """How a day-ahead forecast of one local day compared with what then happened."""

    kind: ForecastKind
    day: date
    mae_wh: float  # mean absolute error per 30-minute slot
    bias_wh: float  # mean (forecast - actual) per slot: > 0 forecast too high
    forecast_kwh: float
    actual_kwh: float
