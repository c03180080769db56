"""GET /v1/weather: the forecast parsed by the one parser; a malformed one refused by field."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.cloud.client import CenterClient
from app.cloud.errors import BadResponse, Unauthorized
from app.cloud.token_store import StoredRegistration, TokenStore
from app.domain.weather_json import forecast_to_json
from tests.cloud.conftest import FAST, fake_server, json_answer
from tests.current_documents import PRIVACY, TERMS
from tests.services.weather_helpers import forecast, warning

ISSUED = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)


def _client(url, tmp_path, registered: bool = True) -> CenterClient:
    tokens = TokenStore(tmp_path / "panel")
    if registered:
        tokens.save(StoredRegistration("t0k3n", "dev", TERMS, PRIVACY))
    return CenterClient(url, tokens, retry=FAST)


def test_the_forecast_and_the_answer_as_received(tmp_path) -> None:
    sent = forecast(ISSUED, warnings=(warning("27205-heavy_rain-1", ISSUED),))
    body = json.dumps(forecast_to_json(sent), ensure_ascii=False, indent=1).encode()
    answer = (200, {"Content-Type": "application/json"}, body)  # no charset: still UTF-8
    with fake_server([answer, answer]) as (url, seen):
        client = _client(url, tmp_path)
        assert client.weather() == sent
        got, text = client.weather_answer()
        client.close()
    assert seen == ["GET /v1/weather"] * 2
    assert got == sent and text.encode() == body and "吹田市" in text


@pytest.mark.parametrize(("field", "breaks"), [
    ("hourly[2].cloud_pct", lambda d: d["hourly"][2].update(cloud_pct=140)),
    ("area.code", lambda d: d["area"].update(code="1310")),
    ("warnings[0].level", lambda d: d["warnings"][0].update(level="severe")),
    ("daily", lambda d: d.update(daily="sunny")),
])
def test_a_malformed_forecast_is_refused_naming_the_field(tmp_path, field, breaks) -> None:
    wire = forecast_to_json(forecast(ISSUED, warnings=(warning("w", ISSUED),)))
    breaks(wire)
    with fake_server([json_answer(wire)]) as (url, _):
        client = _client(url, tmp_path)
        with pytest.raises(BadResponse, match=field.replace("[", r"\[").replace("]", r"\]")):
            client.weather()
        client.close()


def test_an_answer_that_is_not_json_is_a_bad_response(tmp_path) -> None:
    with fake_server([(200, {"Content-Type": "application/json"}, b"\xff<html>")]) as (url, _):
        client = _client(url, tmp_path)
        with pytest.raises(BadResponse, match="not JSON"):
            client.weather()
        client.close()


def test_an_unregistered_panel_asks_nothing(tmp_path) -> None:
    with fake_server([]) as (url, seen):
        client = _client(url, tmp_path, registered=False)
        with pytest.raises(Unauthorized):
            client.weather()
        client.close()
    assert seen == []
