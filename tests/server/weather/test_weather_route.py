"""GET /v1/weather: who may ask, what a municipality gets, in the panel's format."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.domain.weather_json import forecast_from_json
from server.config import RESOURCES_DIR
from server.municipalities import Municipalities
from tests.server.conftest import HOUSEHOLD, reg_body, register, upload
from tests.server.weather.conftest import (
    OPEN_METEO,
    TOKYO,
    Clock,
    at,
    fixture,
    forecast,
    panel,
    weather_center,
)

NOON = at("2026-12-05T12:20:00+09:00")


def test_only_a_registered_panel_gets_the_weather(tmp_path):
    with weather_center(tmp_path, None, Clock(NOON)) as api:
        assert api.get("/v1/weather").status_code == 401
        r = api.get("/v1/weather", headers={"Authorization": "Bearer nonsense"})
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
        device = panel(api)
        assert api.delete("/v1/devices/me", headers=device["auth"]).status_code == 204
        assert api.get("/v1/weather", headers=device["auth"]).status_code == 401


def test_a_taken_over_panel_gets_no_weather(tmp_path):
    with weather_center(tmp_path, None, Clock(NOON)) as api:
        old, new = panel(api), panel(api)
        assert upload(api, old, b"backup").status_code == 201
        r = api.post("/v1/restore", headers=new["auth"], json={
            "device_code": old["device_code"], "confirmation_code": old["confirmation_code"]})
        assert r.status_code == 200, r.text
        assert api.get("/v1/weather", headers=old["auth"]).status_code == 401
        assert forecast(api, new).area_code == "13101"


def test_the_synthetic_forecast_in_the_panels_format(tmp_path):
    clock = Clock(NOON)
    with weather_center(tmp_path, None, clock, weather_seed=7) as api:
        device = panel(api)
        f = forecast(api, device)
        assert (f.area_code, f.area_name, f.provider, f.stale) == ("13101", "千代田区",
                                                                   "synthetic", False)
        town = Municipalities(RESOURCES_DIR / "municipalities" / "municipalities.csv").get(
            "13101")
        assert (f.lat, f.lon) == (town.lat, town.lon)
        start = datetime(2026, 12, 5, 3, tzinfo=UTC)  # 12:00 JST
        assert [h.at for h in f.hourly] == [start + timedelta(hours=i) for i in range(72)]
        assert f.daily[0].day == date(2026, 12, 5)  # today, Japan's date
        assert f.issued == start and f.fetched == datetime.fromtimestamp(NOON, UTC)
        assert f.warnings == ()
        # A seed is a weather: the same seed the same forecast, another seed another.
        assert forecast(api, device) == f
    with weather_center(tmp_path / "other", None, Clock(NOON), weather_seed=8) as api:
        assert forecast(api, panel(api)).hourly != f.hourly


def test_the_window_moves_with_the_clock(tmp_path, upstream):
    upstream.serve_json(OPEN_METEO, fixture("open_meteo_13101.json"))
    clock = Clock(at("2026-12-05T23:40:00+09:00"))
    with weather_center(tmp_path, upstream, clock, "open-meteo") as api:
        device = panel(api)
        f = forecast(api, device)
        assert len(f.hourly) == 72  # 4 days of Open-Meteo fill 72 hours even at 23:xx
        assert f.hourly[0].at == datetime(2026, 12, 5, 14, tzinfo=UTC)
        assert f.daily[0].day == date(2026, 12, 5)
        clock.t += 25 * 60  # 00:05 the next day: a new clock hour and a new local date
        upstream.routes.clear()  # and upstream is down: the last forecast, from its hour on
        f = forecast(api, device)
        assert f.stale and f.hourly[0].at == datetime(2026, 12, 5, 15, tzinfo=UTC)
        assert len(f.hourly) == 71
        assert [d.day for d in f.daily] == [date(2026, 12, 6), date(2026, 12, 7),
                                            date(2026, 12, 8)]


def _execute(api, sql: str) -> None:
    """Change rows behind the server's back, on whichever engine it runs."""
    with api.app.state.center.engine.begin() as conn:
        conn.exec_driver_sql(sql)


def test_a_panel_registered_before_city_codes_is_asked_to_choose_again(tmp_path):
    with weather_center(tmp_path, None, Clock(NOON)) as api:
        device = panel(api)
        # As the start-up migration leaves old registrations.
        _execute(api, "UPDATE device SET city_code = NULL")
    with weather_center(tmp_path, None, Clock(NOON)) as api:
        r = api.get("/v1/weather", headers=device["auth"])
        assert r.status_code == 409
        error = r.json()["error"]
        assert error["code"] == "city_required" and "choose the city again" in error["message"]
        r = api.put("/v1/devices/me/city", headers=device["auth"],
                    json={"prefecture": "27", "city_code": "27100"})
        assert r.status_code == 200 and r.json()["household"]["city_name"] == "大阪市"
        f = forecast(api, device)
        assert (f.area_code, f.area_name) == ("27100", "大阪市")


def test_a_city_that_left_the_list_is_asked_for_again(tmp_path):
    """A municipality merged away after a device registered (the list was updated)."""
    with weather_center(tmp_path, None, Clock(NOON)) as api:
        device = panel(api)
        _execute(api, "UPDATE device SET city_code = '13999'")
        r = api.get("/v1/weather", headers=device["auth"])
        assert r.status_code == 409 and r.json()["error"]["code"] == "city_required"
        assert "13999" in r.json()["error"]["message"]


def test_choosing_a_city_is_checked_like_registration(tmp_path):
    with weather_center(tmp_path, None, Clock(NOON)) as api:
        device = panel(api)
        for body in ({"prefecture": "13", "city_code": "99999"},
                     {"prefecture": "13", "city_code": "27100"},
                     {"prefecture": "13", "city_code": "1310"},
                     {"prefecture": "13", "city_code": "13101", "address": "1-1"},
                     {"city_code": "13101"}):
            r = api.put("/v1/devices/me/city", headers=device["auth"], json=body)
            assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request", body
        assert api.put("/v1/devices/me/city", json={"prefecture": "13", "city_code": "13101"}
                       ).status_code == 401
        assert api.get("/v1/devices/me", headers=device["auth"]).json()["household"] == (
            TOKYO | {"city_name": "千代田区"})


def test_registration_refuses_a_municipality_not_in_the_table_clearly(tmp_path):
    with weather_center(tmp_path, None, Clock(NOON)) as api:
        r = api.post("/v1/devices", json=reg_body(household=HOUSEHOLD | {"city_code": "13999"}))
        assert r.status_code == 422
        message = r.json()["error"]["message"]
        assert "13999" in message and "/v1/municipalities" in message
        register(api)  # the list's own codes are fine


def test_answers_are_what_forecast_from_json_reads(tmp_path):
    """Every field of the answer as the contract writes it (no extra, none missing)."""
    with weather_center(tmp_path, None, Clock(NOON)) as api:
        body = api.get("/v1/weather", headers=panel(api)["auth"]).json()
        assert set(body) == {"area", "provider", "issued", "fetched", "stale", "hourly",
                             "daily", "warnings"}
        assert set(body["hourly"][0]) == {"time", "temp_c", "cloud_pct", "precip_mm",
                                          "ghi_wm2", "pop_pct"}
        assert set(body["daily"][0]) == {"date", "sky", "max_c", "min_c", "pop_pct"}
        assert body["issued"].endswith("Z") and body["hourly"][0]["time"].endswith("Z")
        forecast_from_json(body)
