"""The AiSEG2 screens the mirror reads, and one pure parser per page shape.

The shapes come from public descriptions of the AiSEG2's web UI (open-source readers
of it; see README.md), not from a device. Every parser refuses a page that does not
have its shape with a `PageError` naming the page, so that an error page served with
status 200 (the AiSEG2 does that while it restarts) never becomes a reading.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app.domain import series
from app.domain.imported_history import SourceCircuit
from app.sources.aiseg2.html_text import PageText

FLOW_PAGE = "/data/electricflow/111/update"  # POST data={} -> JSON
CIRCUIT_POWER_PAGE = "/page/electricflow/1113"  # GET ?id=1,2,... -> HTML, 10 circuits a page
CIRCUIT_NAMES_PAGE = "/page/setting/installation/734"  # GET -> HTML with init({...})
CIRCUIT_GRAPH = 584  # a circuit's day total: /page/graph/584?data=<base64 JSON>
# The whole-home day totals: graph page id -> series key.
HOME_GRAPHS: dict[int, str] = {51111: series.PV, 52111: series.CONSUMPTION,
                               53111: series.GRID_BUY, 54111: series.GRID_SELL}
CIRCUITS_PER_PAGE = 10

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_BUY, _SELL, _NEITHER = 0, 1, 2  # lo_buy_sell
_FUEL_CELL_TITLES = ("燃料電池", "エネファーム")


class PageError(ValueError):
    """A page that is not in the shape the mirror reads (named in the message)."""

    def __init__(self, page: str, problem: str) -> None:
        super().__init__(f"{page}: {problem}")
        self.page = page


class OtherDayShown(PageError):
    """A graph page for another day than the one asked (the AiSEG2 keeps no such day)."""


def number(text: object, page: str, what: str) -> float | None:
    """A reading as the AiSEG2 writes it (" 224W", "2.1", full-width digits, "1,234");
    None for its "no value" ("-" or blank)."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise PageError(page, f"{what} is not a number: {text!r}")
    if isinstance(text, int | float):
        return float(text)
    cleaned = unicodedata.normalize("NFKC", str(text)).replace(",", "").strip()
    if cleaned in ("", "-"):
        return None
    match = _NUMBER.search(cleaned)
    if match is None:
        raise PageError(page, f"{what} is not a number: {text!r}")
    return float(match.group())


def same_name(name: str) -> str:
    """A circuit name as compared between screens: NFKC (full-width ＬＤ = LD), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


@dataclass(frozen=True, slots=True)
class LiveFlow:
    """The power flow screen: what the house generates and uses, and the grid's direction.

    The screen gives generation (solar, and a fuel cell's apart when its source list says
    so) and consumption; the grid's power is their difference in the direction it shows.
    With a storage battery the difference is not the grid's, so the grid is left out
    (None) rather than guessed.
    """

    pv_w: float
    fuel_cell_w: float
    consumption_w: float
    grid_buy_w: float | None
    grid_sell_w: float | None

    @property
    def generation_w(self) -> float:
        return self.pv_w + self.fuel_cell_w

    def values(self) -> dict[str, float]:
        out = {series.PV: self.pv_w, series.FUEL_CELL: self.fuel_cell_w,
               series.CONSUMPTION: self.consumption_w}
        if self.grid_buy_w is not None and self.grid_sell_w is not None:
            out[series.GRID_BUY] = self.grid_buy_w
            out[series.GRID_SELL] = self.grid_sell_w
        return out


def parse_power_flow(text: str, page: str = FLOW_PAGE) -> LiveFlow:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise PageError(page, "not JSON (an error page?)") from exc
    if not isinstance(data, dict):
        raise PageError(page, "not a JSON object")
    if data.get("measReg") == 0:
        raise PageError(page, "no measuring unit is registered (measReg 0)")
    if "g_capacity" not in data or "u_capacity" not in data:
        raise PageError(page, "g_capacity or u_capacity missing")
    generation_kw = number(data["g_capacity"], page, "g_capacity")
    consumption_kw = number(data["u_capacity"], page, "u_capacity")
    if generation_kw is None or consumption_kw is None:
        raise PageError(page, "no generation or consumption value")
    # The per-source generation figures are whole watts (the totals only 0.1 kW): use them,
    # a fuel cell's apart from the solar.
    pv = fuel_cell = 0.0
    listed = False
    for i in (1, 2, 3):
        title = unicodedata.normalize("NFKC", str(data.get(f"g_d_{i}_title") or "")).strip()
        if not title:
            continue
        watts = number(data.get(f"g_d_{i}_capacity"), page, f"g_d_{i}_capacity")
        if watts is None:
            continue
        listed = True
        if any(word in title for word in _FUEL_CELL_TITLES):
            fuel_cell += watts
        else:
            pv += watts
    if not listed:
        pv = generation_kw * 1000.0
    generation, consumption = pv + fuel_cell, consumption_kw * 1000.0
    if min(pv, fuel_cell, consumption) < 0:
        raise PageError(page, "negative power")
    direction = data.get("lo_buy_sell")
    if data.get("connSb") or direction not in (_BUY, _SELL, _NEITHER):
        buy = sell = None  # a battery in the flow, or a direction not described
    else:
        net = consumption - generation
        buy = max(net, 0.0) if direction == _BUY else 0.0
        sell = max(-net, 0.0) if direction == _SELL else 0.0
    return LiveFlow(pv, fuel_cell, consumption, buy, sell)


def circuit_power_page(page_id: int) -> str:
    return f"{CIRCUIT_POWER_PAGE}?id={page_id}"


def parse_circuit_power(html: str, page: str) -> list[tuple[str, float]]:
    """One page of the per-circuit screen: (name as shown, W) in the screen's order.

    A blank value is 0 W (the screen leaves idle circuits blank); a "-" name is an empty
    place. The AiSEG2 serves its last page again for ids past the end.
    """
    doc = PageText(html)
    if "m_capacity" not in doc.by_id:
        raise PageError(page, "no circuit list (m_capacity)")
    rows = []
    for slot in range(1, CIRCUITS_PER_PAGE + 1):
        stage = doc.by_id.get(f"stage_{slot}")
        if stage is None:
            continue
        device, value = doc.within(stage, "c_device"), doc.within(stage, "c_value")
        if device is None or value is None:
            raise PageError(page, f"stage_{slot} has no c_device or c_value")
        name = device.text
        if name in ("", "-"):
            continue
        watts = number(value.text, page, f"stage_{slot} value")
        rows.append((name, 0.0 if watts is None else watts))
    return rows


def parse_circuit_names(html: str, page: str = CIRCUIT_NAMES_PAGE) -> list[SourceCircuit]:
    """The circuit-name setup screen: the measured circuits' numbers and names.

    The names come as the JSON argument of the page's ``init(...)``; only entries with
    button type "1" are measured circuits (the mains and unused places are not).
    """
    doc = PageText(html)
    script = next((s for s in doc.scripts if "arrayCircuitNameList" in s), None)
    if script is None:
        raise PageError(page, "no arrayCircuitNameList in the page's scripts")
    start, end = script.find("init("), script.rfind(")")
    if start < 0 or end <= start:
        raise PageError(page, "no init(...) call")
    try:
        payload = json.loads(script[start + len("init("):end])
        entries = payload["arrayCircuitNameList"]
    except (ValueError, KeyError, TypeError) as exc:
        raise PageError(page, f"init(...) is not the circuit list: {exc}") from exc
    circuits = []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("strBtnType") != "1":
            continue
        try:
            circuit_number = int(entry["strId"])
        except (KeyError, ValueError, TypeError) as exc:
            raise PageError(page, f"a circuit without a number: {entry!r}") from exc
        name = str(entry.get("strCircuit") or "").strip()
        if name and name != "-":
            circuits.append(SourceCircuit(circuit_number, name))
    return circuits


GRAPH_ORIGIN = "/page/graph/"  # where graph pages live: the origin of backfilled totals


def graph_page(graph: int, day: date, circuit: int | None = None) -> str:
    """The graph screen of one day: a whole-home graph, or graph 584 for one circuit."""
    if circuit is None:
        query = {"day": [day.year, day.month, day.day], "month_compare": "mon",
                 "day_compare": "day"}
    else:
        query = {"day": [day.year, day.month, day.day], "term": day.strftime("%Y/%m/%d"),
                 "termStr": "day", "id": "1", "circuitid": str(circuit)}
    data = base64.b64encode(json.dumps(query, separators=(",", ":")).encode()).decode()
    return f"{GRAPH_ORIGIN}{graph}?data={data}"


def graph_query(path: str) -> tuple[int, dict]:
    """(graph id, query) of a graph page's path: the fake AiSEG2 reads what it is asked."""
    head, _, data = path.partition("?data=")
    graph = int(head.rsplit("/", 1)[1])
    return graph, json.loads(base64.b64decode(data)) if data else {}


def parse_graph_day(html: str, page: str, day: date) -> float | None:
    """A graph screen's total for ``day`` in Wh; None when the AiSEG2 has none ("-").

    The screen names its day (val_current): a page for another day (the AiSEG2 shows
    today for a day it does not keep) is refused, never filed under the day asked.
    """
    doc = PageText(html)
    shown, total = doc.by_id.get("val_current"), doc.by_id.get("val_kwh")
    if shown is None or total is None:
        raise PageError(page, "no val_current or val_kwh")
    if shown.text != day.strftime("%Y/%m/%d"):
        raise OtherDayShown(page, f"shows {shown.text!r}, not {day:%Y/%m/%d}")
    kwh = number(total.text, page, "val_kwh")
    if kwh is not None and kwh < 0:
        raise PageError(page, f"negative total {kwh}")
    return None if kwh is None else kwh * 1000.0
