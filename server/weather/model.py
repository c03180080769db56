"""The server's own forecast values (the server does not import app/, see README).

The names and ranges are those of the wire format (app/domain/weather_json.py);
tests/server/weather/test_model.py checks that the vocabularies agree with app.domain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime

from server.weather.upstream import UpstreamError

SKIES = ("clear", "partly_cloudy", "cloudy", "rain", "snow")
LEVELS = ("advisory", "warning", "emergency")
KINDS = ("heavy_rain", "flood", "landslide", "storm", "snowstorm", "heavy_snow", "high_waves",
         "storm_surge", "thunder", "snowmelt", "dense_fog", "dry_air", "avalanche",
         "low_temperature", "frost", "icing", "snow_accretion", "other")

# The wire format's ranges: a value outside is upstream garbage, never clamped into range.
_RANGES = {"temp_c": (-60.0, 60.0), "cloud_pct": (0.0, 100.0), "precip_mm": (0.0, 500.0),
           "ghi_wm2": (0.0, 1500.0), "pop_pct": (0.0, 100.0)}


@dataclass(frozen=True, slots=True)
class Hour:
    at: datetime  # start of the hour (UTC); the values are the hour that follows
    temp_c: float
    cloud_pct: float
    precip_mm: float  # in the hour
    ghi_wm2: float  # mean over the hour
    pop_pct: float | None


@dataclass(frozen=True, slots=True)
class Day:
    day: date  # local date
    sky: str  # one of SKIES
    max_c: float | None
    min_c: float | None
    pop_pct: float | None


@dataclass(frozen=True, slots=True)
class AreaForecast:
    """One municipality's forecast as its provider made it."""

    issued: datetime  # when it was made upstream
    hours: tuple[Hour, ...]
    days: tuple[Day, ...]

    def checked(self) -> AreaForecast:
        """Self, after refusing what the wire format could not carry (UpstreamError)."""
        if not self.hours:
            raise UpstreamError("the forecast has no hours")
        for i, h in enumerate(self.hours):
            if h.at.tzinfo is None or (h.at.minute, h.at.second, h.at.microsecond) != (0, 0, 0):
                raise UpstreamError(f"hour {i} does not start an hour: {h.at}")
            if i and h.at <= self.hours[i - 1].at:
                raise UpstreamError(f"hour {i} is not after the hour before it")
            for name, (lo, hi) in _RANGES.items():
                value = getattr(h, name)
                if value is None and name == "pop_pct":
                    continue
                if (not isinstance(value, float) or not math.isfinite(value)
                        or not lo <= value <= hi):
                    raise UpstreamError(f"hour {h.at:%Y-%m-%dT%H:%M}Z: {name} {value!r} is "
                                        f"outside {lo:g}..{hi:g}")
        for d in self.days:
            if d.sky not in SKIES:
                raise UpstreamError(f"day {d.day}: sky {d.sky!r}")
            for name in ("max_c", "min_c", "pop_pct"):
                value = getattr(d, name)
                lo, hi = _RANGES["pop_pct" if name == "pop_pct" else "temp_c"]
                if value is not None and (not math.isfinite(value) or not lo <= value <= hi):
                    raise UpstreamError(f"day {d.day}: {name} {value!r} is outside {lo:g}..{hi:g}")
        return self

    def to_json(self) -> dict:
        return {"issued": self.issued.timestamp(),
                "hours": [[h.at.timestamp(), h.temp_c, h.cloud_pct, h.precip_mm, h.ghi_wm2,
                           h.pop_pct] for h in self.hours],
                "days": [[d.day.isoformat(), d.sky, d.max_c, d.min_c, d.pop_pct]
                         for d in self.days]}

    @staticmethod
    def from_json(obj: dict) -> AreaForecast:
        """What to_json wrote (our own cache, already checked when it was stored)."""
        return AreaForecast(
            issued=datetime.fromtimestamp(obj["issued"], UTC),
            hours=tuple(Hour(datetime.fromtimestamp(at, UTC), t, c, p, g, pop)
                        for at, t, c, p, g, pop in obj["hours"]),
            days=tuple(Day(date.fromisoformat(d), sky, hi, lo, pop)
                       for d, sky, hi, lo, pop in obj["days"]))


@dataclass(frozen=True, slots=True)
class ObservedWarning:
    """One warning code for one municipality in an upstream answer."""

    city_code: str  # JIS X 0402
    code: str  # the upstream's own code (JMA "03"): what identifies it between answers
    kind: str  # one of KINDS
    level: str  # one of LEVELS
    in_force: bool  # False: the answer says it was lifted (解除)
    reported: datetime  # the report that said so


@dataclass(frozen=True, slots=True)
class WarningReport:
    """An upstream answer about the warnings of an area (e.g. a JMA office)."""

    reported: datetime  # the newest report in the answer
    cities: frozenset[str]  # the municipalities the answer speaks about
    observed: tuple[ObservedWarning, ...]
