"""The synthetic provider: the simulated home's own weather, as a seeded forecast.

The default of the embedded server and the demo. The panel's simulated home draws its
weather from app/sources/simulator (seeded, per day and minute); this provider serves
that weather at the municipality's point as a forecast made at the start of the
current hour, with an error that grows with lead time
(`app.sources.simulator.forecast.simulated_forecast`). So the demo's forecast and what
then happens in the demo home come from one model, and a seed gives the same answers
every time.

This is the one place the server imports from app/ (besides app/resource_files.py, the
locator of resources/): the simulator is the truth this provider forecasts, and a second
copy of it here would drift from the first. The import is lazy (only this provider loads
it) and reaches app/sources and app/domain only, which import no Qt. Warnings of the
synthetic world are injected by an administrator (`hems-center warn`), see warning_log.
"""

from __future__ import annotations

from datetime import UTC, datetime

from server.municipalities import Municipality
from server.weather.model import AreaForecast, Day, Hour
from server.weather.provider import NotCovered

HOURS = 96  # more than the 72 served, so that last hour's forecast still fills them


class SyntheticForecast:
    name = "synthetic"

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def area_key(self, town: Municipality) -> str:
        if town.lat is None or town.lon is None:
            raise NotCovered(f"municipality {town.code} has no point")
        return f"synthetic:{self.seed}:{town.lat:.4f},{town.lon:.4f}"

    def fetch(self, area_key: str, town: Municipality, now: datetime) -> tuple[dict, datetime]:
        from app.sources.simulator.forecast import simulated_forecast  # see the module doc

        issued = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        hourly, daily = simulated_forecast(self.seed, town.lat, town.lon, issued, hours=HOURS)
        forecast = AreaForecast(
            issued=issued,
            hours=tuple(Hour(h.at, float(h.temp_c), float(h.cloud_pct), float(h.precip_mm),
                             float(h.ghi_wm2), None if h.pop_pct is None else float(h.pop_pct))
                        for h in hourly),
            days=tuple(Day(d.day, d.sky.value, d.max_c, d.min_c, d.pop_pct) for d in daily),
        ).checked()
        return forecast.to_json(), issued

    def forecast(self, payload: dict, town: Municipality) -> AreaForecast:
        return AreaForecast.from_json(payload)
