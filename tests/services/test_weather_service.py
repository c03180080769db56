"""The weather service: the stored forecast, fetching, notices, energy forecasts, accuracy."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.home_clock import HomeClock
from app.domain.weather_json import forecast_to_json
from app.services.cloud_wiring import NO_SERVER, build_weather
from app.store import forecasts as forecast_store
from app.store import open_store
from tests.services.weather_helpers import forecast

ZONE = "Asia/Tokyo"
NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # 12:00 in Japan


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_service(data: Path):
    made = []

    def make(now: float = NOW.timestamp(), url: str = NO_SERVER):
        service = build_weather(url, data, lambda: open_store(data, ZONE), None,
                                HomeClock.of(lambda: now, ZONE))
        made.append(service)
        return service

    yield make
    for service in made:
        service.shutdown()


def test_the_stored_forecast_is_shown_at_start(qtbot, make_service, data: Path) -> None:
    kept = forecast(NOW.replace(hour=0))
    with open_store(data, ZONE) as store, store.write_sql() as conn:
        forecast_store.save_weather(conn, json.dumps(forecast_to_json(kept)), NOW.timestamp())
    service = make_service()
    with qtbot.waitSignal(service.view_changed, timeout=10_000) as got:
        service.start()
    assert got.args[0].forecast == kept
    assert service.view == got.args[0]
