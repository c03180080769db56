"""What every weather provider offers (Open-Meteo, JMA, synthetic).

A forecast provider names the upstream request a municipality needs (`area_key`),
makes it (`fetch`, at most once per area and hour: the cache decides) and derives a
municipality's forecast from what it stored (`forecast`, cheap, no network). A
warning provider does the same for warnings; its answers are tracked by
`warning_log`, which gives warnings stable ids and lift times.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from server.municipalities import Municipality
from server.weather.model import AreaForecast, WarningReport


class ForecastProvider(Protocol):
    name: str

    def area_key(self, town: Municipality) -> str:
        """The cache key: one per upstream request (many municipalities may share it)."""
        ...

    def fetch(self, area_key: str, town: Municipality, now: datetime) -> tuple[dict, datetime]:
        """(payload to store, when upstream made it); UpstreamError on failure or garbage.

        `town` is the municipality whose request found the cache due, one of the
        area's. The payload must be checked here: what is stored is served."""
        ...

    def forecast(self, payload: dict, town: Municipality) -> AreaForecast:
        """The municipality's forecast from a stored payload of its area."""
        ...


class WarningProvider(Protocol):
    name: str

    def area_key(self, town: Municipality) -> str: ...

    def fetch(self, area_key: str) -> WarningReport:
        """The area's warnings as upstream has them now; UpstreamError on failure or garbage."""
        ...


class NotCovered(Exception):
    """The provider cannot serve this municipality (no point, not in its area tables)."""
