"""`hems-panel plan check`, in-process: JSON out, exit status, settings from the data dir."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.main import main
from app.store import open_store

NIGHT_DAY = {
    "schema": "hems-rate-plan/1",
    "id": "night-day",
    "name": {"ja": "夜間お得", "en": "Night saver"},
    "company": {"ja": "テスト電力", "en": "Test Power"},
    "versions": [{
        "valid_from": "2024-01-01",
        "basic": {"kind": "fixed", "yen": 1000},
        "energy": {"kind": "time_of_use", "seasons": [{
            "name": {"ja": "通年", "en": "All year"}, "from": "01-01", "to": "12-31",
            "weekday": [{"from": "07:00", "to": "23:00", "yen_per_kwh": 30},
                        {"from": "23:00", "to": "07:00", "yen_per_kwh": 20}],
            "holiday": [{"from": "00:00", "to": "24:00", "yen_per_kwh": 25}]}]}}],
    "sell": [{"valid_from": "2024-01-01", "yen_per_kwh": 17}],
}


def write(tmp_path: Path, data: Any, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
                    encoding="utf-8")
    return path


def check(capsys, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["plan", "check", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_a_valid_plan(tmp_path: Path, capsys) -> None:
    code, report = check(capsys, str(write(tmp_path, NIGHT_DAY)), "--data-dir", str(tmp_path),
                         "--date", "2026-11-25")
    assert code == 0
    assert report == {
        "valid": True, "errors": [], "date": "2026-11-25",
        **{rule: {"available": True, "reasons": [], "codes": []}
           for rule in ("battery_surplus", "ev_surplus", "ai_solar_charge")}}
    assert not (tmp_path / "hems.sqlite3").exists()  # checking creates no database


def test_flags_fail_the_home_conditions(tmp_path: Path, capsys) -> None:
    code, report = check(capsys, str(write(tmp_path, NIGHT_DAY)), "--data-dir", str(tmp_path),
                         "--full-feed-in", "--not-registered", "--ev-solar-charging",
                         "--battery-mode", "economy")
    assert code == 0
    assert report["ai_solar_charge"]["codes"] == ["full_feed_in_pv", "not_registered",
                                                  "ev_solar_charging_on"]
    assert report["ai_solar_charge"]["reasons"][0] == ("the solar system sells all its output "
                                                       "(full feed-in)")
    assert report["battery_surplus"]["codes"] == ["battery_mode_not_allowed"]
    assert report["ev_surplus"]["available"]


def test_an_invalid_plan_exits_1_with_its_errors(tmp_path: Path, capsys) -> None:
    bad = json.loads(json.dumps(NIGHT_DAY))
    bad["versions"][0]["energy"]["seasons"][0]["weekday"][0]["to"] = "22:45"
    code, report = check(capsys, str(write(tmp_path, bad)), "--data-dir", str(tmp_path))
    assert code == 1
    assert report["valid"] is False
    assert report["errors"][0] == ("versions[0].energy.seasons[0].weekday[0]: 22:45 is not on "
                                   "a 30-minute boundary")
    assert report["battery_surplus"] == {"available": False, "reasons": ["the plan is not valid"],
                                         "codes": ["plan_invalid"]}


def test_malformed_json_is_an_invalid_plan(tmp_path: Path, capsys) -> None:
    code, report = check(capsys, str(write(tmp_path, "{not json")), "--data-dir", str(tmp_path))
    assert code == 1 and report["errors"][0].startswith("malformed JSON at line 1")


def test_settings_come_from_the_data_dir_and_flags_override(tmp_path: Path, capsys) -> None:
    store = open_store(tmp_path / "data")
    store.set_setting("full_feed_in_pv", "true")
    store.set_setting("registered", "false")
    store.set_setting("battery_mode", "custom")
    store.set_setting("other_controller", "maybe")
    store.close()
    plan = str(write(tmp_path, NIGHT_DAY))
    code = main(["plan", "check", plan, "--data-dir", str(tmp_path / "data")])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert code == 0
    assert report["ai_solar_charge"]["codes"] == ["full_feed_in_pv", "not_registered"]
    assert report["battery_surplus"]["available"]
    assert "ignoring the stored setting other_controller='maybe'" in captured.err
    code, report = check(capsys, plan, "--data-dir", str(tmp_path / "data"),
                         "--no-full-feed-in", "--registered")
    assert report["ai_solar_charge"]["available"]


def test_an_unreadable_file_exits_2(tmp_path: Path, capsys) -> None:
    code = main(["plan", "check", str(tmp_path / "missing.json"), "--data-dir", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "cannot read" in captured.err and "missing.json" in captured.err


@pytest.mark.parametrize("args", [
    ["plan", "check", "p.json", "--date", "tomorrow"],
    ["plan", "check", "p.json", "--registered", "--not-registered"],
    ["plan"],
])
def test_bad_arguments_exit_2(args: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_an_unreadable_data_dir_exits_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "hems.sqlite3").write_bytes(b"not a database at all" * 100)
    code = main(["plan", "check", str(write(tmp_path, NIGHT_DAY)), "--data-dir", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "cannot read the settings" in captured.err


def test_plan_use_stores_the_plan_and_an_invalid_one_changes_nothing(tmp_path: Path,
                                                                      capsys) -> None:
    from app.services.cost_query import PLAN_SETTING, household_plan

    data = tmp_path / "data"
    assert main(["plan", "use", str(write(tmp_path, NIGHT_DAY)), "--data-dir", str(data),
                 "--kva", "6"]) == 0
    assert "夜間お得" in capsys.readouterr().out
    broken = dict(NIGHT_DAY, versions=[])
    assert main(["plan", "use", str(write(tmp_path, broken, "bad.json")),
                 "--data-dir", str(data)]) == 1
    assert "nothing was saved" in capsys.readouterr().err
    store = open_store(data, "Asia/Tokyo")
    try:
        plan = household_plan(store)
        assert plan is not None and plan.id == "night-day"
        assert store.get_setting("contract_kva") == "6.0"
        assert store.get_setting(PLAN_SETTING).startswith("{")
    finally:
        store.close()


def test_plan_bill_prints_monthly_bills(tmp_path: Path, capsys) -> None:
    rows = ["start,buy_wh,sell_wh"]
    # 30 Nov and 1 Dec 2026 (Mon, Tue): 500 Wh bought and 100 Wh sold every half-hour.
    for day in ("2026-11-30", "2026-12-01"):
        rows += [f"{day}T{h:02d}:{m:02d},500,100" for h in range(24) for m in (0, 30)]
    usage = tmp_path / "usage.csv"
    usage.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["plan", "bill", str(write(tmp_path, NIGHT_DAY)), "--usage", str(usage)]) == 0
    report = json.loads(capsys.readouterr().out)
    november, december = report["months"]
    assert november["month"] == "2026-11" and december["month"] == "2026-12"
    # A weekday: 16 h at 30 yen and 8 h at 20 yen, 1 kWh an hour; basic 1000 yen.
    assert november["buy_kwh"] == 24.0
    assert november["charge_yen"] == 1000 + 16 * 30 + 8 * 20
    assert november["sell_revenue_yen"] == int(4.8 * 17)
    assert november["net_yen"] == november["total_yen"] - november["sell_revenue_yen"]


@pytest.mark.parametrize(("content", "message"), [
    ("when,buy_wh,sell_wh\n2026-11-30T00:00,1,1\n", "missing column(s) start"),
    ("start,buy_wh,sell_wh\n2026-11-30T00:15,1,1\n", ":2: start '2026-11-30T00:15' is not on"),
    ("start,buy_wh,sell_wh\nyesterday,1,1\n", "is not an ISO 8601"),
    ("start,buy_wh,sell_wh\n2026-11-30T00:00,lots,1\n", "buy_wh 'lots' is not a number"),
    ("start,buy_wh,sell_wh\n2026-11-30T00:00,-5,1\n", "buy_wh must be a non-negative"),
])
def test_plan_bill_names_the_bad_line(tmp_path: Path, capsys, content: str,
                                      message: str) -> None:
    usage = tmp_path / "usage.csv"
    usage.write_text(content, encoding="utf-8")
    code = main(["plan", "bill", str(write(tmp_path, NIGHT_DAY)), "--usage", str(usage)])
    assert code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("command", ["check", "use"])
def test_deeply_nested_json_is_an_invalid_plan_not_a_crash(tmp_path: Path, capsys,
                                                           command: str) -> None:
    plan = write(tmp_path, "[" * 100_000 + "]" * 100_000)
    (tmp_path / "data").mkdir()
    code = main(["plan", command, str(plan), "--data-dir", str(tmp_path / "data")])
    captured = capsys.readouterr()
    assert code == 1 and "nested too deeply" in captured.out + captured.err
    assert "Traceback" not in captured.err
    assert not list((tmp_path / "data").iterdir())  # plan use: nothing saved


@pytest.mark.parametrize(("content", "message"), [
    ("start,buy_wh,sell_wh\n2026-11-30T00:00,1\n", ":2: fewer columns than the header"),
    ("start,buy_wh,sell_wh\n2026-11-30T00:00,1,1\n2026-11-30T00:30\n",
     ":3: fewer columns than the header"),
    ("start,buy_wh,sell_wh\n2026-11-30T00:00,1," + "9" * 200_000 + "\n",
     ":2: not a usable CSV line (field larger than field limit"),
])
def test_plan_bill_names_a_short_or_huge_line(tmp_path: Path, capsys, content: str,
                                              message: str) -> None:
    usage = tmp_path / "usage.csv"
    usage.write_text(content, encoding="utf-8")
    code = main(["plan", "bill", str(write(tmp_path, NIGHT_DAY)), "--usage", str(usage)])
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_plan_bill_reads_utf8_with_or_without_bom_and_shift_jis(tmp_path: Path, capsys,
                                                                 encoding: str) -> None:
    rows = ["start,buy_wh,sell_wh,メモ"] + [f"2026-11-30T{h:02d}:00,1000,0,平日" for h in range(24)]
    usage = tmp_path / "usage.csv"
    usage.write_bytes(("\r\n".join(rows) + "\r\n").encode(encoding))
    assert main(["plan", "bill", str(write(tmp_path, NIGHT_DAY)), "--usage", str(usage)]) == 0
    assert json.loads(capsys.readouterr().out)["months"][0]["buy_kwh"] == 24.0


def test_plan_bill_says_when_a_file_is_no_text_it_knows(tmp_path: Path, capsys) -> None:
    usage = tmp_path / "usage.csv"
    usage.write_bytes(b"start,buy_wh,sell_wh\n\x81\x20\xff,1,1\n")
    assert main(["plan", "bill", str(write(tmp_path, NIGHT_DAY)), "--usage", str(usage)]) == 2
    assert "neither UTF-8 nor Shift_JIS" in capsys.readouterr().err


def test_plan_check_with_a_data_dir_that_does_not_exist_creates_nothing(tmp_path: Path,
                                                                        capsys) -> None:
    typo = tmp_path / "dtaa"
    code = main(["plan", "check", str(write(tmp_path, NIGHT_DAY)), "--data-dir", str(typo)])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "There is no panel data in" in captured.err and not typo.exists()


def test_plan_check_reads_the_settings_without_writing(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    with open_store(data, "Asia/Tokyo") as store:
        store.set_setting("registered", "false")
    db = data / "hems.sqlite3"
    before = (db.stat().st_mtime_ns, db.read_bytes())
    code, report = check(capsys, str(write(tmp_path, NIGHT_DAY)), "--data-dir", str(data))
    assert code == 0 and "not_registered" in report["ai_solar_charge"]["codes"]
    assert (db.stat().st_mtime_ns, db.read_bytes()) == before


def test_plan_bill_and_echonet_never_touch_a_data_dir(tmp_path: Path, capsys,
                                                      monkeypatch) -> None:
    from app.cli import parse_args

    monkeypatch.setenv("HEMS_DATA_DIR", str(tmp_path / "nowhere"))
    usage = tmp_path / "usage.csv"
    usage.write_text("start,buy_wh,sell_wh\n2026-11-30T00:00,1,1\n", encoding="utf-8")
    assert main(["plan", "bill", str(write(tmp_path, NIGHT_DAY)), "--usage", str(usage)]) == 0
    assert not (tmp_path / "nowhere").exists()
    assert not hasattr(parse_args(["echonet", "scan"]), "data_dir")


def test_a_weather_warning_charge_is_the_linkages_state_not_a_flag(tmp_path: Path,
                                                                   capsys) -> None:
    from app.cli import parse_args
    from app.domain.warning_linkage import LinkageState
    from app.store.linkage_settings import save_linkage_state

    store = open_store(tmp_path / "data")
    save_linkage_state(store, LinkageState(True, 1.0, ("w1",), {"battery": "auto"}))
    store.close()
    plan = str(write(tmp_path, NIGHT_DAY))
    code, report = check(capsys, plan, "--data-dir", str(tmp_path / "data"))
    assert code == 0
    assert "weather_warning_linkage" in report["battery_surplus"]["codes"]
    assert "weather_warning_linkage" in report["ai_solar_charge"]["codes"]
    assert report["ev_surplus"]["available"]
    with pytest.raises(SystemExit):  # the flag that set the state by hand is gone
        main(["plan", "check", plan, "--weather-warning"])
    capsys.readouterr()
    # The setting is switched when the panel starts (remembered).
    assert parse_args(["--weather-warning-linkage", "on"]).weather_warning_linkage == "on"


def test_plan_check_alone_checks_every_catalog_plan(tmp_path: Path, capsys) -> None:
    from app.services.plan_query import CATALOG_DIR

    code, result = check(capsys, "--data-dir", str(tmp_path), "--date", "2026-11-25")
    files = sorted(path.name for path in CATALOG_DIR.glob("*.json"))
    assert code == 0 and files
    assert result["catalog"] == str(CATALOG_DIR)
    assert [plan["file"] for plan in result["plans"]] == files
    assert all(plan["valid"] and plan["date"] == "2026-11-25" for plan in result["plans"])


def test_plan_check_of_an_empty_catalog_exits_2(tmp_path: Path, capsys, monkeypatch) -> None:
    from app.cli import plan_commands

    monkeypatch.setattr(plan_commands, "CATALOG_DIR", tmp_path / "catalog")
    assert main(["plan", "check", "--data-dir", str(tmp_path)]) == 2
    assert "no plans in the catalog" in capsys.readouterr().err


def test_plan_check_of_a_catalog_with_a_broken_plan_exits_1(tmp_path: Path, capsys,
                                                             monkeypatch) -> None:
    from app.cli import plan_commands

    catalog = tmp_path / "catalog"
    catalog.mkdir()
    write(catalog, NIGHT_DAY, "a.json")
    write(catalog, "{", "b.json")
    monkeypatch.setattr(plan_commands, "CATALOG_DIR", catalog)
    code, result = check(capsys, "--data-dir", str(tmp_path))
    assert code == 1
    assert [(p["file"], p["valid"]) for p in result["plans"]] == [("a.json", True),
                                                                 ("b.json", False)]
