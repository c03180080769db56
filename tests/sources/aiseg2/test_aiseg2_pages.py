"""One parser per AiSEG2 page shape: the shapes as publicly described, and malformed pages
refused with the page named."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.domain import series as s
from app.domain.imported_history import SourceCircuit
from app.sources.aiseg2 import pages
from app.sources.aiseg2.fake import ERROR_HTML

FLOW = {"g_capacity": "2.1", "u_capacity": "1.2", "lo_buy_sell": 1, "connSb": 0,
        "measReg": 1, "g_d_1_title": "太陽光発電", "g_d_1_capacity": 2130,
        "g_d_2_title": "", "g_d_2_capacity": "-"}

CIRCUITS = """<html><body><div id="m_capacity" class="graph_contents">
<div class="row r-1">
 <div id="stage_1" class="column c-1"><div class="c_bar"></div>
  <div class="c_value"> 1,224W</div><div class="c_device">ＬＤＫ・エア<br />コン</div></div>
 <div id="stage_2" class="column c-2"><div class="c_bar"></div>
  <div class="c_value"> ７７W</div><div class="c_device">洋室３<br /></div></div>
 <div id="stage_3" class="column c-3"><div class="c_bar"></div>
  <div class="c_value"></div><div class="c_device">階段<br /></div></div>
 <div id="stage_4" class="column c-4"><div class="c_bar"></div>
  <div class="c_value"></div><div class="c_device">-</div></div>
</div></div></body></html>"""

NAMES = """<html><head><title>計測回路名称設定</title></head><body><table></table>
<script type="text/javascript">window.onload = init({"pageno":1,"arrayCircuitNameList":[
{"strLabel":"主幹","strId":"-","strCircuit":"主幹L1","strBtnType":"-"},
{"strId":"0","strCircuit":"","strLabel":"特1","strBtnType":"-"},
{"strId":"8","strCircuit":"キッチン　パントリー","strLabel":"分1","strBtnType":"1"},
{"strId":"9","strCircuit":"ＬＤ","strLabel":"分2","strBtnType":"1"},
{"strId":"37","strCircuit":"-","strLabel":"分30","strBtnType":"1"},
{"strId":"40","strCircuit":"太陽光発電","strLabel":"分33","strBtnType":"-"}]});</script>
</body></html>"""

GRAPH = """<html><body><div id="txt_val_inner"><div id="val_current">2026/07/14</div>
<div id="txt_graph_kwh"><span id="val_kwh">6.118</span><span id="unit_kwh">kWh</span></div>
</div></body></html>"""


def test_power_flow_selling() -> None:
    flow = pages.parse_power_flow(json.dumps(FLOW))
    # Generation from the per-source watts (the total is only to 0.1 kW).
    assert flow.values() == {s.PV: 2130.0, s.FUEL_CELL: 0.0, s.CONSUMPTION: 1200.0,
                             s.GRID_BUY: 0.0, s.GRID_SELL: 930.0}


def test_power_flow_tells_a_fuel_cell_from_the_solar() -> None:
    both = {**FLOW, "lo_buy_sell": 0, "g_d_1_capacity": 300, "g_d_2_title": "燃料電池",
            "g_d_2_capacity": 700, "u_capacity": "1.5"}
    flow = pages.parse_power_flow(json.dumps(both))
    assert (flow.pv_w, flow.fuel_cell_w, flow.grid_buy_w) == (300.0, 700.0, 500.0)
    only_totals = {k: v for k, v in FLOW.items() if not k.startswith("g_d_")}
    assert pages.parse_power_flow(json.dumps(only_totals)).pv_w == 2100.0


def test_power_flow_buying_and_with_a_battery() -> None:
    buying = pages.parse_power_flow(json.dumps({**FLOW, "lo_buy_sell": 0, "g_d_1_capacity": 300}))
    assert (buying.grid_buy_w, buying.grid_sell_w) == (900.0, 0.0)
    battery = pages.parse_power_flow(json.dumps({**FLOW, "connSb": 1}))
    assert s.GRID_BUY not in battery.values() and battery.values()[s.PV] == 2130.0


@pytest.mark.parametrize("text, problem", [
    (ERROR_HTML, "not JSON"),
    ("[1, 2]", "not a JSON object"),
    (json.dumps({**FLOW, "measReg": 0}), "measReg"),
    (json.dumps({"u_capacity": "1.2"}), "g_capacity"),
    (json.dumps({**FLOW, "u_capacity": "abc"}), "u_capacity is not a number"),
])
def test_power_flow_refuses_other_shapes(text: str, problem: str) -> None:
    with pytest.raises(pages.PageError, match=problem) as caught:
        pages.parse_power_flow(text)
    assert caught.value.page == pages.FLOW_PAGE and pages.FLOW_PAGE in str(caught.value)


def test_circuit_power_page() -> None:
    rows = pages.parse_circuit_power(CIRCUITS, "/page/electricflow/1113?id=1")
    # Full-width digits and commas read; a wrapped name joins; a blank value is 0 W;
    # an empty place ("-") is no circuit.
    assert rows == [("ＬＤＫ・エアコン", 1224.0), ("洋室３", 77.0), ("階段", 0.0)]


def test_circuit_power_refuses_other_pages() -> None:
    page = "/page/electricflow/1113?id=2"
    with pytest.raises(pages.PageError, match=r"1113\?id=2: no circuit list"):
        pages.parse_circuit_power(ERROR_HTML, page)
    broken = CIRCUITS.replace('<div class="c_value"> ７７W</div>', "")
    with pytest.raises(pages.PageError, match="stage_2 has no c_device or c_value"):
        pages.parse_circuit_power(broken, page)
    with pytest.raises(pages.PageError, match="stage_1 value is not a number"):
        pages.parse_circuit_power(CIRCUITS.replace("1,224W", "エラー"), page)


def test_circuit_names() -> None:
    assert pages.parse_circuit_names(NAMES) == [SourceCircuit(8, "キッチン　パントリー"),
                                                SourceCircuit(9, "ＬＤ")]


@pytest.mark.parametrize("html, problem", [
    (ERROR_HTML, "no arrayCircuitNameList"),
    (NAMES.replace("init(", "start("), "no init"),
    (NAMES.replace('"strCircuit":"ＬＤ",', '"strCircuit":"ＬＤ"'), "not the circuit list"),
    (NAMES.replace('"strId":"9"', '"strId":"x"'), "without a number"),
])
def test_circuit_names_refuses_other_pages(html: str, problem: str) -> None:
    with pytest.raises(pages.PageError, match=f"installation/734: .*{problem}"):
        pages.parse_circuit_names(html)


def test_graph_day_total() -> None:
    path = pages.graph_page(52111, date(2026, 7, 14))
    assert pages.parse_graph_day(GRAPH, path, date(2026, 7, 14)) == pytest.approx(6118.0)
    assert pages.parse_graph_day(GRAPH.replace("6.118", "-"), path, date(2026, 7, 14)) is None


def test_graph_page_of_another_day_or_shape_is_refused() -> None:
    path = pages.graph_page(584, date(2026, 7, 13), circuit=30)
    with pytest.raises(pages.OtherDayShown, match="shows '2026/07/14', not 2026/07/13"):
        pages.parse_graph_day(GRAPH, path, date(2026, 7, 13))
    with pytest.raises(pages.PageError, match=r"/page/graph/584.*no val_current"):
        pages.parse_graph_day(ERROR_HTML, path, date(2026, 7, 13))


def test_graph_query_round_trips() -> None:
    graph, query = pages.graph_query(pages.graph_page(584, date(2026, 2, 3), circuit=27))
    assert graph == 584
    assert query == {"day": [2026, 2, 3], "term": "2026/02/03", "termStr": "day", "id": "1",
                     "circuitid": "27"}
    graph, query = pages.graph_query(pages.graph_page(51111, date(2026, 2, 3)))
    assert graph == 51111 and query["day"] == [2026, 2, 3]


def test_names_compare_across_widths_and_spaces() -> None:
    assert pages.same_name("ＬＤＫ・エア コン") == pages.same_name("LDK・エアコン")
