"""The summary pushed for the phone page, from the home page's values (remote_summary)."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from app.domain.devices import DeviceEntry
from app.domain.home_snapshot import DayTotals, HomeSnapshot, LiveFlow
from app.domain.money_forecast import HomeMoney
from app.domain.notices import Importance, Notice, NoticeSource
from app.services.remote_summary import MAX_NOTICES, summary_of
from server.schemas import Summary

ZONE = "Asia/Tokyo"
NOW = datetime(2026, 12, 5, 18, 0, tzinfo=ZoneInfo(ZONE)).timestamp()


def _flow(**values) -> LiveFlow:
    base = dict.fromkeys(("pv_w", "fuel_cell_w", "grid_buy_w", "grid_sell_w",
                          "battery_charge_w", "battery_discharge_w", "battery_soc_pct",
                          "consumption_w", "ev_w"))
    return LiveFlow(at=None, stale=False, **(base | values))


def _notice(key: str, ja: str, importance=Importance.NORMAL, at: float = NOW) -> Notice:
    return Notice(NoticeSource.SERVER, importance, at, key, title={"ja": ja, "en": ja + " (en)"})


def _device(address: str, stale: bool) -> DeviceEntry:
    return DeviceEntry(address, 0x0279, 1, None, NOW, stale, "", "")


def test_the_summary_is_what_the_home_page_shows_in_the_servers_schema():
    snapshot = HomeSnapshot(
        flow=_flow(pv_w=1500.0, fuel_cell_w=700.0, grid_buy_w=-3.2, grid_sell_w=410.0,
                   battery_soc_pct=100.4, consumption_w=1790.0),
        today=DayTotals(used_kwh=12.34567, generated_kwh=8.0, bought_kwh=6.0, sold_kwh=1.5),
        money=HomeMoney(today_yen=187.456, month_so_far_yen=4100, month_forecast_yen=9000,
                        month=12))
    notices = [_notice("a", "バックアップに失敗しました", at=NOW - 10),
               _notice("b", "バックアップに失敗しました", at=NOW - 20),
               _notice("c", "大雨警報", Importance.IMPORTANT, at=NOW - 30)]
    notices += [_notice(f"n{i}", f"お知らせ{i}", at=NOW - 100 - i) for i in range(6)]
    devices = [_device("192.168.1.2", False), _device("192.168.1.3", True)]
    summary = summary_of(snapshot, devices, notices, NOW, ZONE)
    assert Summary.model_validate_json(json.dumps(summary))  # the server takes it as it is
    flow = summary["flow"]
    assert flow["generation_w"] == 2200.0  # solar and fuel cell
    assert flow["buy_w"] == 0.0  # meter noise below zero is no purchase
    assert flow["battery_soc_pct"] == 100.0 and flow["ev_w"] is None
    assert summary["today"]["used_kwh"] == 12.346
    assert summary["cost_today_yen"] == 187.46  # the home page's money, not priced again
    titles = [n["title"]["ja"] for n in summary["notices"]]
    assert titles[:2] == ["大雨警報", "バックアップに失敗しました"]  # important first, once
    assert len(titles) == MAX_NOTICES and summary["notices"][0]["importance"] == "important"
    assert summary["device_count"] == 1
    assert summary["taken_at"] == "2026-12-05T18:00:00+09:00"


def test_without_a_plan_or_readings_the_summary_says_so():
    snapshot = HomeSnapshot(flow=_flow(), today=DayTotals(0.0, 0.0, 0.0, 0.0))
    summary = summary_of(snapshot, [], [], NOW, ZONE)
    assert Summary.model_validate_json(json.dumps(summary))
    assert summary["cost_today_yen"] is None and summary["notices"] == []
    assert set(summary["flow"].values()) == {None, False}
