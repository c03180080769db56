"""The compact live summary the panel pushes for the phone page (server/schemas.py Summary).

Built on the remote-view worker from the same queries the pages use: the home page's
snapshot (flows, today's kWh, today's cost from the billing engine), the devices page's
list and the notices inbox, so the phone never shows another number than the panel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from app.domain.devices import DeviceEntry
from app.domain.home_snapshot import HomeSnapshot
from app.domain.notices import Importance, Notice
from app.services.devices_query import DevicesQuery
from app.services.home_query import HomeQuery
from app.services.store_query import StoreQuery
from app.store import Store
from app.store import notices as notice_store

MAX_NOTICES = 5  # the server takes at most 5 (schemas.SUMMARY_MAX_NOTICES)
TITLE_MAX = 120
MAX_W = 1_000_000.0

# A notice's title in Japanese and English ({"ja": …, "en": …}); the UI's words for home
# notices, the server's own texts for its notices (the composition root passes it).
Titles = Callable[[Notice], dict[str, str]]


def _watts(value: float | None) -> float | None:
    """A reading as the server takes it: never below 0 (meter noise), never absurd."""
    return None if value is None else round(min(max(value, 0.0), MAX_W), 1)


def _sum(*values: float | None) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def default_titles(notice: Notice) -> dict[str, str]:
    """Server and weather notices carry both languages; a home notice, its template id."""
    ja = notice.title.get("ja") or notice.title.get("en") or notice.template or "—"
    return {"ja": ja, "en": notice.title.get("en") or ja}


def summary_of(snapshot: HomeSnapshot, devices: Sequence[DeviceEntry],
               notices: Sequence[Notice], now: float, timezone: str,
               titles: Titles = default_titles) -> dict:
    flow, today = snapshot.flow, snapshot.today
    shown: list[dict] = []
    # Important ones first, else newest first (the inbox's order).
    for notice in sorted(notices, key=lambda n: n.importance, reverse=True):
        words = titles(notice)
        title = {lang: (words.get(lang) or "—")[:TITLE_MAX] for lang in ("ja", "en")}
        if any(item["title"] == title for item in shown):
            continue  # two notices of one kind (e.g. per device) read the same on a phone
        shown.append({"title": title, "importance": "important"
                      if notice.importance >= Importance.IMPORTANT else "normal"})
        if len(shown) == MAX_NOTICES:
            break
    return {
        "taken_at": datetime.fromtimestamp(now, ZoneInfo(timezone)).isoformat(),
        "flow": {"buy_w": _watts(flow.grid_buy_w), "sell_w": _watts(flow.grid_sell_w),
                 "generation_w": _watts(_sum(flow.pv_w, flow.fuel_cell_w)),
                 "consumption_w": _watts(flow.consumption_w),
                 "battery_charge_w": _watts(flow.battery_charge_w),
                 "battery_discharge_w": _watts(flow.battery_discharge_w),
                 "battery_soc_pct": None if flow.battery_soc_pct is None
                 else round(min(max(flow.battery_soc_pct, 0.0), 100.0), 1),
                 "ev_w": _watts(flow.ev_w), "stale": flow.stale},
        "today": {"bought_kwh": round(max(today.bought_kwh, 0.0), 3),
                  "sold_kwh": round(max(today.sold_kwh, 0.0), 3),
                  "generated_kwh": round(max(today.generated_kwh, 0.0), 3),
                  "used_kwh": round(max(today.used_kwh, 0.0), 3)},
        # The home page's figure (cost_query through HomeQuery), not priced again here.
        "cost_today_yen": None if snapshot.money is None
        else round(max(snapshot.money.today_yen, 0.0), 2),
        "notices": shown,
        "device_count": sum(1 for d in devices if not d.stale),
    }


class SummaryQuery:
    """Builds the summary on the worker thread that calls it (its own store connections)."""

    def __init__(self, open_store: Callable[[], Store], clock_now: Callable[[], float],
                 live_interval_s: float, timezone: str, titles: Titles = default_titles
                 ) -> None:
        self._now = clock_now
        self._timezone = timezone
        self._titles = titles
        self._home = HomeQuery(open_store, clock_now, live_interval_s, timezone)
        self._devices = DevicesQuery(open_store, clock_now, live_interval_s)
        self._inbox = StoreQuery(open_store)

    def __call__(self) -> dict | None:
        """The summary, or None while the panel is starting (no reading of this run yet,
        for at most home_query.STARTUP_GRACE_S)."""
        snapshot = self._home()
        if snapshot.flow.starting:
            return None
        now = self._now()
        with self._inbox.store.read_sql() as conn:
            unread = notice_store.listing(conn, now, unread_only=True, limit=4 * MAX_NOTICES)
        return summary_of(snapshot, self._devices(), unread, now, self._timezone, self._titles)

    def close(self) -> None:
        for query in (self._home, self._devices, self._inbox):
            query.close()
