"""Warnings: stable ids while in force, lift times, 24 h of lifted ones; from JMA or from
an administrator's `hems-center warn`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.main import main
from tests.server.weather.conftest import (
    JMA_FORECAST,
    JMA_WARNINGS,
    TOKYO,
    Clock,
    at,
    fixture,
    forecast,
    panel,
    weather_center,
)

HOUR = 3600.0
FORECAST = JMA_FORECAST.format(office="130000")
WARNINGS = JMA_WARNINGS.format(office="130000")


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def warnings_file(reported: str, statuses: dict[str, str | None]) -> list:
    """The r8 fixture re-issued at `reported`: 千代田区's codes set to the given status
    (None: no longer listed)."""
    raw = fixture("jma_warning_130000_r8.json")
    for report in raw:
        report["reportDatetime"] = reported
        for item in report["warning"]["class20Items"]:
            if item["areaCode"] != "1310100":
                continue
            kinds = []
            for kind in item["kinds"]:
                status = statuses.get(kind["code"], kind["status"])
                if status is not None:
                    kinds.append(kind | {"status": status})
            item["kinds"] = kinds or [{"status": "発表警報・注意報はなし"}]
    return raw


def listed(f) -> dict[str, tuple]:
    return {w.kind: (w.id, w.level, w.issued, w.lifted) for w in f.warnings}


def test_jma_warnings_keep_their_id_until_lifted(tmp_path, upstream):
    upstream.serve_json(FORECAST, fixture("jma_forecast_130000.json"))
    upstream.serve_json(WARNINGS, fixture("jma_warning_130000_r8.json"))
    clock = Clock(at("2026-12-05T11:05:00+09:00"))
    with weather_center(tmp_path, upstream, clock, "jma") as api:
        chiyoda, chuo = panel(api), panel(api, TOKYO | {"city_code": "13102"})
        f = forecast(api, chiyoda)
        issued = _utc("2026-12-05T10:42:00+09:00")
        assert listed(f) == {
            "heavy_rain": ("13101-heavy_rain-warning-20261205T0142", "warning", issued, None),
            "landslide": ("13101-landslide-advisory-20261205T0142", "advisory", issued, None),
            "thunder": ("13101-thunder-advisory-20261205T0142", "advisory", issued, None)}
        assert [w.kind for w in forecast(api, chuo).warnings] == ["heavy_rain", "thunder"]
        assert upstream.count(WARNINGS) == 1  # one office, one request, for both wards

        # Next hour: 継続. Same warnings, same ids.
        upstream.serve_json(WARNINGS, warnings_file("2026-12-05T11:50:00+09:00",
                                                    {"03": "継続", "29": "継続", "14": "継続"}))
        clock.t += HOUR
        assert listed(forecast(api, chiyoda)) == listed(f)

        # 大雨警報 lifted (解除), 土砂災害注意報 no longer listed: both lifted, with when.
        upstream.serve_json(WARNINGS, warnings_file("2026-12-05T12:58:00+09:00",
                                                    {"03": "解除", "29": None, "14": "継続"}))
        clock.t += HOUR
        later = listed(forecast(api, chiyoda))
        lifted = _utc("2026-12-05T12:58:00+09:00")
        assert later["heavy_rain"] == (*listed(f)["heavy_rain"][:3], lifted)
        assert later["landslide"] == (*listed(f)["landslide"][:3], lifted)
        assert later["thunder"] == listed(f)["thunder"]
        assert [w.kind for w in forecast(api, chiyoda).active_warnings] == ["thunder"]

        # Raised again later: a new warning, a new id.
        upstream.serve_json(WARNINGS, warnings_file("2026-12-05T15:00:00+09:00",
                                                    {"03": "発表", "29": None, "14": "継続"}))
        clock.t += 2 * HOUR
        again = [w for w in forecast(api, chiyoda).warnings if w.kind == "heavy_rain"]
        assert [(w.id, w.lifted) for w in again] == [
            ("13101-heavy_rain-warning-20261205T0142", lifted),
            ("13101-heavy_rain-warning-20261205T0600", None)]

        # Lifted ones are listed for 24 hours.
        clock.t = lifted.timestamp() + 24 * HOUR + 60
        kinds = sorted((w.kind, w.lifted is None) for w in forecast(api, chiyoda).warnings)
        assert kinds == [("heavy_rain", True), ("thunder", True)]


def test_warnings_upstream_failing_marks_the_answer_stale(tmp_path, upstream):
    upstream.serve_json(FORECAST, fixture("jma_forecast_130000.json"))
    upstream.serve_json(WARNINGS, fixture("jma_warning_130000_r8.json"))
    clock = Clock(at("2026-12-05T11:05:00+09:00"))
    with weather_center(tmp_path, upstream, clock, "jma") as api:
        device = panel(api)
        before = forecast(api, device)
        upstream.routes[WARNINGS] = (200, b"[{\"reportDatetime\": \"soon\"}]")
        clock.t += HOUR
        after = forecast(api, device)
        # The forecast is this hour's, the warnings are the last known: stale, not dropped.
        assert after.stale and after.issued == before.issued
        assert after.warnings == before.warnings


def test_warnings_of_the_earlier_jma_files(tmp_path, upstream):
    legacy = "/bosai/warning/data/warning/130000.json"
    upstream.serve_json(FORECAST, fixture("jma_forecast_130000.json"))
    upstream.serve_json(legacy, fixture("jma_warning_130000_legacy.json"))
    clock = Clock(at("2026-12-05T11:05:00+09:00"))
    with weather_center(tmp_path, upstream, clock, "jma",
                        jma_warning_path="warning/data/warning/{office}.json") as api:
        f = forecast(api, panel(api))
        assert sorted((w.kind, w.level) for w in f.warnings) == [
            ("heavy_rain", "warning"), ("thunder", "advisory")]


def test_open_meteo_forecast_with_jma_warnings(tmp_path, upstream):
    upstream.serve_json("/v1/forecast", fixture("open_meteo_13101.json"))
    upstream.serve_json(WARNINGS, fixture("jma_warning_130000_r8.json"))
    with weather_center(tmp_path, upstream, Clock(at("2026-12-05T11:05:00+09:00")),
                        "open-meteo+jma") as api:
        f = forecast(api, panel(api))
        assert f.provider == "open-meteo+jma" and not f.stale
        assert len(f.hourly) == 72 and len(f.warnings) == 3
        assert upstream.count(FORECAST) == 0


def _warn(capsys, *args, clock=None) -> tuple[int, str, str]:
    code = main(["warn", *args], clock) if clock else main(["warn", *args])
    out, err = capsys.readouterr()
    return code, out.strip(), err


def test_an_injected_warning_is_listed_and_lifted(tmp_path, capsys, server_db):
    issued = datetime(2026, 12, 5, 6, 0, tzinfo=UTC).timestamp()
    clock = Clock(issued)
    data = str(tmp_path / "data")
    db = server_db.cli_args()
    with weather_center(tmp_path, None, clock) as api:  # the server runs meanwhile
        device = panel(api)
        code, warning_id, _ = _warn(capsys, "--data", data, *db, "--city", "13101",
                                    "--kind", "heavy_rain", "--level", "warning", clock=clock)
        assert code == 0 and warning_id.startswith("13101-heavy_rain-warning-")
        clock.t = issued + 60
        [w] = forecast(api, device).warnings
        assert (w.id, w.kind, w.level, w.lifted) == (warning_id, "heavy_rain", "warning", None)
        assert w.issued.timestamp() == issued
        assert w.is_warning  # what the panel's weather-warning linkage acts on
        assert forecast(api, panel(api, TOKYO | {"city_code": "13102"})).warnings == ()

        code, out, _ = _warn(capsys, "--data", data, *db, "--lift", warning_id, clock=clock)
        assert (code, out) == (0, f"lifted {warning_id}")
        clock.t = issued + 120
        [w] = forecast(api, device).warnings
        assert w.id == warning_id and w.lifted.timestamp() == issued + 60 and not w.active
        code, out, _ = _warn(capsys, "--data", data, *db, "--list")
        assert out.startswith(f"{warning_id}\tadmin\theavy_rain\twarning\t")
        clock.t = w.lifted.timestamp() + 24 * HOUR + 1
        assert forecast(api, device).warnings == ()


@pytest.mark.parametrize(("args", "code", "says"), [
    (["--city", "13999", "--kind", "storm"], 2, "13999 is not a municipality code"),
    (["--kind", "storm"], 2, "--kind needs --city"),
    (["--lift", "13101-storm-warning-20261205T0100"], 1, "no injected warning"),
])
def test_the_warn_command_refuses_clearly(tmp_path, capsys, args, code, says):
    got, _, err = _warn(capsys, "--data", str(tmp_path / "data"), *args)
    assert got == code and says in err


def test_the_warn_command_knows_the_kinds_and_levels(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["warn", "--data", str(tmp_path), "--city", "13101", "--kind", "tsunami"])
    with pytest.raises(SystemExit):
        main(["warn", "--data", str(tmp_path), "--city", "13101", "--kind", "storm",
              "--level", "level5"])
    capsys.readouterr()


def test_the_weather_flags_reach_the_settings(tmp_path):
    from server.main import _settings, build_parser

    args = build_parser().parse_args(["--data", str(tmp_path), "--weather", "open-meteo+jma",
                                      "--weather-seed", "5", "--jma-url", "http://127.0.0.1:1/b",
                                      "--weather-upstream-per-minute", "60"])
    settings = _settings(args)
    assert (settings.weather, settings.weather_seed, settings.jma_url,
            settings.weather_upstream_per_minute) == ("open-meteo+jma", 5,
                                                      "http://127.0.0.1:1/b", 60)
    default = _settings(build_parser().parse_args(["--data", str(tmp_path)]))
    assert (default.weather, default.weather_seed) == ("synthetic", 1)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--weather", "yahoo"])
