"""Commissioning checks: what may be saved, and the channel map the collector records by."""

from __future__ import annotations

from app.domain.circuits import CircuitKind, CircuitSpec
from app.domain.commissioning import (
    GridMeter,
    HomeFacts,
    channel_map,
    check_circuits,
    next_free_circuit,
)

BR = CircuitKind.BRANCH


def test_a_board_set_up_twice_on_one_channel_or_past_its_end_is_refused():
    circuits = [CircuitSpec(BR, 1, "キッチン", channel=1), CircuitSpec(BR, 2, "洗面所", channel=1),
                CircuitSpec(BR, 3, "", channel=40), CircuitSpec(CircuitKind.MAIN, 1, "L1",
                                                                 channel=2)]
    codes = {(p.code, p.where) for p in check_circuits(circuits, channel_count=37)}
    assert codes == {("duplicate_channel", "br2"), ("channel_out_of_range", "br3"),
                     ("empty_name", "br3"), ("main_on_channel", "main1")}
    assert check_circuits(circuits[:1], channel_count=None) == []


def test_the_channel_map_records_only_measured_assigned_circuits_and_the_chosen_grid():
    circuits = [CircuitSpec(CircuitKind.MAIN, 1, "L1"), CircuitSpec(BR, 1, "a", channel=3),
                CircuitSpec(BR, 2, "b", channel=4, measured=False), CircuitSpec(BR, 3, "c"),
                CircuitSpec(BR, 4, "d", channel=5, reversed=True)]
    mapped = channel_map(circuits, HomeFacts(GridMeter.BOARD_MAIN))
    assert dict(mapped.series) == {3: "circuit.br1", 5: "circuit.br4"}
    assert mapped.mains == ("circuit.main1",) and mapped.board_is_grid
    assert mapped.value(5, -120.0) == ("circuit.br4", 120.0)
    assert mapped.value(4, 50.0) is None  # unmeasured: not recorded
    assert not channel_map(circuits).board_is_grid  # the smart meter by default


def test_a_new_circuit_takes_the_first_free_number_of_its_kind():
    taken = [CircuitSpec(BR, 1, "a"), CircuitSpec(BR, 2, "b"), CircuitSpec(BR, 4, "d")]
    assert next_free_circuit(taken).number == 3
    full = [CircuitSpec(CircuitKind.SPECIAL, n, "x") for n in range(1, 9)]
    assert next_free_circuit(full, CircuitKind.SPECIAL) is None


def test_home_facts_of_an_older_panel_read_with_the_usual_array() -> None:
    from app.domain.commissioning import HomeFacts

    old = {"grid_meter": "board_main", "pv_full_feed_in": False, "ev_solar_charging": None}
    facts = HomeFacts.from_json(old)
    assert facts == HomeFacts(GridMeter.BOARD_MAIN, False, None)
    assert facts.pv_capacity_w is None and (facts.pv_tilt_deg, facts.pv_azimuth_deg) == (30, 180)
    answered = HomeFacts(pv_capacity_w=4800.0, pv_tilt_deg=20.0, pv_azimuth_deg=135.0)
    assert HomeFacts.from_json(answered.to_json()) == answered
    odd = HomeFacts.from_json({"pv_capacity_w": "5 kW", "pv_tilt_deg": 120, "pv_azimuth_deg": True})
    assert odd.pv_capacity_w is None and (odd.pv_tilt_deg, odd.pv_azimuth_deg) == (30, 180)


def test_every_pv_answer_the_installer_can_give_is_read_back() -> None:
    from app.domain.commissioning import (
        PV_CAPACITY_KW,
        PV_FACINGS_DEG,
        PV_TILT_UNKNOWN_DEG,
        PV_TILTS_DEG,
        HomeFacts,
    )

    for kw in PV_CAPACITY_KW:
        for tilt in (*PV_TILTS_DEG, PV_TILT_UNKNOWN_DEG):
            for azimuth in PV_FACINGS_DEG:
                facts = HomeFacts(pv_capacity_w=kw * 1000, pv_tilt_deg=tilt,
                                  pv_azimuth_deg=azimuth)
                assert HomeFacts.from_json(facts.to_json()) == facts
