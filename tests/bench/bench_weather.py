"""Weather for 10,000 panels: upstream requests per area and hour behind the server's cache.

10,000 registered panels in 20 municipalities (18 JMA offices) each ask GET /v1/weather
once, spread evenly over an hour of the server's pinned clock (10:30-11:30 JST, so two
clock hours), through the real route (FastAPI's TestClient, one process) with the
production setting "open-meteo+jma": one Open-Meteo request per municipality point
and one JMA warning file per office, served by a fake upstream on 127.0.0.1 that counts
what reaches it per (area, clock hour).

Reported: the most upstream requests any (area, hour) saw (target <= 1) against what
the busiest (area, hour) would have cost without the cache (one per request), the
total against two per request, the request rate and the errors (target 0).
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from collections import Counter
from pathlib import Path

from tests.bench.results import Result
from tests.current_documents import PRIVACY, TERMS

PANELS = 10_000
CITIES = ("13101", "13102", "13112", "14100", "11100", "27100", "28100", "26100", "23100",
          "22100", "04100", "01100", "01207", "15100", "17201", "34100", "37201", "40130",
          "46222", "47201")
START = "2026-12-05T10:30:00+09:00"


def _devices(engine, cities: list[str]) -> list[str]:
    """PANELS registered devices, straight into the database (registration itself, with
    its PBKDF2 per panel, is bench_server's business); their tokens."""
    from server.models import Device
    from server.security import token_hash

    tokens, rows = [], []
    for i in range(PANELS):
        token = secrets.token_urlsafe(32)
        city = cities[i % len(cities)]
        tokens.append(token)
        rows.append({"id": uuid.uuid4().hex, "device_code": f"BNCH-0000-{i:04d}",
                     "token_hash": token_hash(token), "confirmation_salt": "0" * 32,
                     "confirmation_hash": "0" * 64, "terms_version": TERMS,
                     "privacy_version": PRIVACY, "prefecture": city[:2], "city": "",
                     "city_code": city, "building_type": "detached", "energies": "[]"})
    with engine.begin() as conn:
        conn.execute(Device.__table__.insert(), rows)
    return tokens


def run(workdir: Path) -> list[Result]:
    from datetime import datetime

    from fastapi.testclient import TestClient

    from app.domain.weather_json import forecast_from_json
    from server.app import create_app
    from server.config import make_settings
    from server.weather.jma_areas import JmaAreas
    from tests.server.weather.conftest import FakeUpstream, fixture

    workdir.mkdir(parents=True, exist_ok=True)
    t0 = datetime.fromisoformat(START).timestamp()
    clock = [t0]
    seen: Counter[tuple[str, int]] = Counter()  # (area, clock hour) -> upstream requests
    asked: Counter[tuple[str, int]] = Counter()  # (city, clock hour) -> panels' requests

    def hour() -> int:
        return int(clock[0] // 3600)

    upstream = FakeUpstream()
    forecast_body = json.dumps(fixture("open_meteo_13101.json")).encode()
    warnings_body = json.dumps(fixture("jma_warning_130000_r8.json")).encode()

    def open_meteo(query: dict) -> tuple[int, bytes]:
        seen[(f"open-meteo:{query['latitude']},{query['longitude']}", hour())] += 1
        return 200, forecast_body

    def warnings(office: str):
        def answer(_query: dict) -> tuple[int, bytes]:
            seen[(f"jma-warnings:{office}", hour())] += 1
            return 200, warnings_body
        return answer

    settings = make_settings(workdir / "center", weather="open-meteo+jma",
                             open_meteo_url=upstream.url + "/v1/forecast",
                             jma_url=upstream.url + "/bosai")
    offices = {JmaAreas(settings.jma_areas_csv).get(c).office for c in CITIES}
    upstream.routes["/v1/forecast"] = open_meteo
    for office in offices:
        upstream.routes[f"/bosai/warning/data/r8/{office}.json"] = warnings(office)
    errors = 0
    try:
        app = create_app(settings)
        app.state.center.clock = lambda: clock[0]
        tokens = _devices(app.state.center.engine, list(CITIES))
        with TestClient(app) as api:
            began = time.perf_counter()
            for i, token in enumerate(tokens):
                clock[0] = t0 + i * 3600.0 / PANELS
                asked[(CITIES[i % len(CITIES)], hour())] += 1
                r = api.get("/v1/weather", headers={"Authorization": f"Bearer {token}"})
                if r.status_code != 200 or len(forecast_from_json(r.json()).hourly) != 72:
                    errors += 1
            elapsed = time.perf_counter() - began
    finally:
        upstream.close()
    worst = max(seen.values())
    busiest = max(asked.values())
    hours = {h for _, h in seen}
    return [
        Result.compared("weather_upstream_max_per_area_hour", worst, "requests", "<= 1",
                        busiest),
        Result.compared("weather_upstream_total", sum(seen.values()), "requests",
                        f"<= {(len(CITIES) + len(offices)) * len(hours)}", 2 * PANELS),
        Result("weather_requests_per_s", PANELS / elapsed, "req/s", "report"),
        Result("weather_errors", errors, "requests", "<= 0"),
    ]
