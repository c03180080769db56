"""One upstream request per area and hour, whoever asks; the last good forecast when
upstream fails; never a made-up one."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime

from app.domain.weather_json import forecast_from_json
from server.errors import ApiError
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

T10 = at("2026-12-05T10:05:00+09:00")
MINUTE = 60.0
CHUO = TOKYO | {"city_code": "13102"}  # 中央区: another point, another request


def test_many_panels_in_an_hour_cost_one_request_per_area(tmp_path, upstream):
    upstream.serve_json(OPEN_METEO, fixture("open_meteo_13101.json"))
    clock = Clock(T10)
    with weather_center(tmp_path, upstream, clock, "open-meteo") as api:
        chiyoda = [panel(api) for _ in range(5)]
        chuo = [panel(api, CHUO) for _ in range(2)]
        for minute in (0, 25, 54):  # 10:05, 10:30, 10:59
            clock.t = T10 + minute * MINUTE
            for device in chiyoda + chuo:
                forecast(api, device)
        points = sorted((q["latitude"], q["longitude"]) for _, q in upstream.hits)
        assert len(upstream.hits) == 2 and points[0] != points[1]
        clock.t = T10 + 60 * MINUTE  # 11:05: a new hour, one more request per area
        for device in chiyoda + chuo:
            assert not forecast(api, device).stale
        assert upstream.count(OPEN_METEO) == 4


def test_two_servers_on_one_database_ask_upstream_once(tmp_path, upstream):
    upstream.serve_json(OPEN_METEO, fixture("open_meteo_13101.json"))
    clock = Clock(T10)
    with weather_center(tmp_path, upstream, clock, "open-meteo") as one, \
            weather_center(tmp_path, upstream, clock, "open-meteo") as two:
        device = panel(one)
        for api in (one, two, two, one):
            forecast(api, device)
            clock.t += 5 * MINUTE
        assert upstream.count(OPEN_METEO) == 1
        assert forecast(two, device).fetched == datetime.fromtimestamp(T10, UTC)


def test_many_threads_over_two_workers_make_one_request(tmp_path, upstream):
    """32 requests from 16 threads over two apps on one database, all at one instant:
    one upstream request; every answer is the forecast or 'pending' (never two fetches)."""
    from concurrent.futures import ThreadPoolExecutor

    upstream.serve_json(OPEN_METEO, fixture("open_meteo_13101.json"))
    clock = Clock(T10)
    with weather_center(tmp_path, upstream, clock, "open-meteo") as one, \
            weather_center(tmp_path, upstream, clock, "open-meteo") as two:
        device = panel(one)

        def ask(i: int) -> tuple[int, str]:
            r = (one, two)[i % 2].get("/v1/weather", headers=device["auth"])
            return r.status_code, r.json().get("error", {}).get("code", "")

        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(ask, range(32)))
    assert set(answers) <= {(200, ""), (503, "weather_pending")} and (200, "") in answers
    assert upstream.count(OPEN_METEO) == 1


def test_concurrent_requests_at_the_top_of_the_hour_make_one_request(tmp_path, upstream):
    """Many workers find the area due at once: one claims it, the others do not wait
    on upstream (nothing to serve yet: 503 weather_pending, with Retry-After)."""
    arrived, release = threading.Event(), threading.Event()
    body = fixture("open_meteo_13101.json")

    def slow(_query):
        arrived.set()
        release.wait(10)
        return 200, json.dumps(body).encode()

    upstream.routes[OPEN_METEO] = slow
    with weather_center(tmp_path, upstream, Clock(T10), "open-meteo") as api:
        device = panel(api)
        service = api.app.state.center.weather
        results: list[object] = []

        def ask() -> None:
            try:
                results.append(service.answer(device_city(api, device), T10))
            except ApiError as exc:
                results.append(exc)

        first = threading.Thread(target=ask)
        first.start()
        assert arrived.wait(10)
        others = [threading.Thread(target=ask) for _ in range(6)]
        for t in others:
            t.start()
        for t in others:
            t.join(10)
        assert [(r.status, r.code) for r in results] == [(503, "weather_pending")] * 6
        assert results[0].headers == {"Retry-After": "30"}
        release.set()
        first.join(10)
        assert not forecast_from_json(results[-1]).stale
        assert upstream.count(OPEN_METEO) == 1


def device_city(api, device) -> str:
    return api.get("/v1/devices/me", headers=device["auth"]).json()["household"]["city_code"]


def test_requests_toward_an_upstream_are_rationed_per_minute(tmp_path, upstream):
    upstream.serve_json(OPEN_METEO, fixture("open_meteo_13101.json"))
    clock = Clock(T10)
    with weather_center(tmp_path, upstream, clock, "open-meteo",
                        weather_upstream_per_minute=2) as api:
        devices = [panel(api, TOKYO | {"city_code": code}) for code in ("13101", "13102",
                                                                          "13103")]
        for device in devices[:2]:
            forecast(api, device)
        r = api.get("/v1/weather", headers=devices[2]["auth"])
        assert r.status_code == 503 and r.json()["error"]["code"] == "weather_pending"
        assert "rationed" in r.json()["error"]["message"] and r.headers["Retry-After"] == "30"
        assert upstream.count(OPEN_METEO) == 2
        clock.t += MINUTE
        assert not forecast(api, devices[2]).stale
        assert upstream.count(OPEN_METEO) == 3


def test_upstream_down_serves_the_last_good_forecast_with_its_age(tmp_path, upstream):
    upstream.serve_json(OPEN_METEO, fixture("open_meteo_13101.json"))
    clock = Clock(T10)
    with weather_center(tmp_path, upstream, clock, "open-meteo") as api:
        device = panel(api)
        good = forecast(api, device)
        upstream.routes[OPEN_METEO] = (500, b"Internal Server Error")
        clock.t = T10 + 57 * MINUTE  # 11:02: due, and upstream fails
        f = forecast(api, device)
        assert f.stale and (f.issued, f.fetched) == (good.issued, good.fetched)
        assert f.age_s(clock.t) == 57 * MINUTE
        assert f.hourly[0].at == datetime(2026, 12, 5, 2, tzinfo=UTC)  # 11:00 JST on
        assert f.hourly == good.hourly[1:] + f.hourly[-1:]
        assert upstream.count(OPEN_METEO) == 2
        clock.t += 5 * MINUTE  # 11:07: upstream is not asked again within 10 minutes
        assert forecast(api, device).stale and upstream.count(OPEN_METEO) == 2
        clock.t += 5 * MINUTE  # 11:12
        assert forecast(api, device).stale and upstream.count(OPEN_METEO) == 3
        upstream.serve_json(OPEN_METEO, fixture("open_meteo_13101.json"))
        clock.t += 5 * MINUTE  # 11:17: back, but the last try was 5 minutes ago
        assert forecast(api, device).stale and upstream.count(OPEN_METEO) == 3
        clock.t += 5 * MINUTE  # 11:22
        f = forecast(api, device)
        assert not f.stale and f.fetched == datetime.fromtimestamp(clock.t, UTC)
        clock.t += 20 * MINUTE  # 11:42: this hour's forecast is there
        assert not forecast(api, device).stale and upstream.count(OPEN_METEO) == 4


def test_garbage_from_upstream_is_a_failure_too(tmp_path, upstream):
    upstream.serve_json(OPEN_METEO, fixture("open_meteo_13101.json"))
    clock = Clock(T10)
    with weather_center(tmp_path, upstream, clock, "open-meteo", weather_max_bytes=200_000) as api:
        device = panel(api)
        good = forecast(api, device)
        broken = fixture("open_meteo_13101.json")
        broken["hourly"]["shortwave_radiation"][20] = -5
        for answer in [(200, b"<html>maintenance</html>"), (200, b'{"hourly": '),
                       (200, b'{"error": true, "reason": "Parameter not known"}'),
                       (200, b"[" + b"0," * 200_000 + b"0]"),  # bigger than allowed
                       (200, json.dumps(broken).encode()),
                       (302, b"")]:
            upstream.routes[OPEN_METEO] = answer
            clock.t += 60 * MINUTE
            f = forecast(api, device)
            assert f.stale and f.issued == good.issued, answer[1][:30]
        service = api.app.state.center.weather
        row = service.cache._read(service.forecast.area_key(service.municipalities.get("13101")))
        assert row.failures == 6 and "HTTP 302" in row.error


def test_no_good_forecast_ever_is_503_never_a_made_up_one(tmp_path, upstream):
    upstream.routes[OPEN_METEO] = (503, b"busy")
    clock = Clock(T10)
    with weather_center(tmp_path, upstream, clock, "open-meteo") as api:
        device = panel(api)
        r = api.get("/v1/weather", headers=device["auth"])
        assert r.status_code == 503 and r.headers["Retry-After"] == "600"
        error = r.json()["error"]
        assert error["code"] == "weather_unavailable"
        assert "千代田区" in error["message"] and "HTTP 503" in error["message"]
        clock.t += 9 * MINUTE
        assert api.get("/v1/weather", headers=device["auth"]).status_code == 503
        assert upstream.count(OPEN_METEO) == 1


def test_an_unreachable_upstream_is_a_failure(tmp_path, upstream):
    closed = upstream.url  # nothing listens there once it is closed
    upstream.close()
    with weather_center(tmp_path, None, Clock(T10), "jma", jma_url=closed + "/bosai",
                        weather_timeout_s=2.0) as api:
        r = api.get("/v1/weather", headers=panel(api)["auth"])
        assert r.status_code == 503
        assert "unreachable" in r.json()["error"]["message"]


def test_the_synthetic_forecast_is_made_once_an_hour_too(tmp_path):
    clock = Clock(T10)
    with weather_center(tmp_path, None, clock) as api:
        device = panel(api)
        cache = api.app.state.center.weather.cache
        first = forecast(api, device)
        clock.t += 50 * MINUTE
        assert forecast(api, device) == first
        clock.t += 10 * MINUTE
        later = forecast(api, device)
        assert later.issued.hour == first.issued.hour + 1
        assert list(cache.upstream_calls.values()) == [2]
