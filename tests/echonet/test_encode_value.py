"""encode_value: publishing read-only values; decode(encode_value(x)) == x."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.echonet.classes import (
    air_conditioner,
    ev_charger_discharger,
    fuel_cell,
    gas_meter,
    general_lighting,
    water_flow_meter,
    water_heater,
)
from app.echonet.classes._types import SYSTEM_INTERCONNECTION, scaled
from app.echonet.classes.distribution_board import ChannelList, ChannelReading
from app.echonet.codec import EOJ
from app.echonet.properties import UnknownProperty, decode, encode, encode_value
from tests.echonet.strategies import eojs

BOARD, METER, PV, BATTERY, NODE = 0x0287, 0x0288, 0x0279, 0x027D, 0x0EF0


@pytest.mark.parametrize(
    ("class_code", "epc", "value", "edt"),
    [
        (METER, 0xE7, -500, "FFFFFE0C"),
        (METER, 0xE1, 0.1, "01"),
        (METER, 0xE1, 1000, "0C"),
        (METER, 0xE8, (5.0, None), "00327FFE"),
        (PV, 0xE1, 1.234, "000004D2"),
        (BATTERY, 0xCF, "charging", "42"),  # read-only enum
        (BATTERY, 0xE4, 50, "32"),
        (PV, 0x88, "no_fault", "42"),
        (PV, 0x82, "J rev.1", "00004A01"),
        (PV, 0x8A, 0x00000B, "00000B"),
        (PV, 0x83, "FE00000B01", "FE00000B01"),
        (PV, 0x9F, frozenset({0x80, 0xE0}), "0280E0"),
        (NODE, 0x82, "1.13", "010D0100"),
        (NODE, 0xD3, 2, "000002"),
        (NODE, 0xD6, (EOJ(2, 0x7D, 1),), "01027D01"),
        (NODE, 0xD7, (0x0287, 0x0279), "0202870279"),
    ],
)
def test_encode_value_known(class_code: int, epc: int, value: object, edt: str) -> None:
    assert encode_value(class_code, epc, value) == bytes.fromhex(edt)
    assert decode(class_code, epc, bytes.fromhex(edt)) == value


@pytest.mark.parametrize(
    ("class_code", "epc", "value"),
    [
        (BATTERY, 0xE4, 101),  # > 100 %
        (METER, 0xE7, 2**31),
        (PV, 0xE0, -1),
        (PV, 0xE0, "5"),
        (PV, 0xE0, True),
        (METER, 0xE1, 0.5),  # not a power of ten
        (BATTERY, 0xCF, "flying"),
        (BOARD, 0xB3, None),  # a list is published as a ChannelList
    ],
)
def test_encode_value_rejects(class_code: int, epc: int, value: object) -> None:
    with pytest.raises(ValueError):
        encode_value(class_code, epc, value)


def test_encode_value_unknown_epc_and_encode_still_read_only() -> None:
    with pytest.raises(UnknownProperty):
        encode_value(PV, 0xF0, 1)
    with pytest.raises(UnknownProperty):  # the client's Set encoder is unchanged
        encode(BATTERY, 0xCF, "charging")


@given(st.integers(0, 999_999_999))
def test_kwh_round_trip(raw: int) -> None:
    kwh = raw / 1000 if raw % 1000 else raw // 1000
    assert decode(PV, 0xE1, encode_value(PV, 0xE1, kwh)) == kwh


@given(st.integers(-2_147_483_647, 2_147_483_645))
def test_signed_watts_round_trip(watts: int) -> None:
    assert decode(METER, 0xE7, encode_value(METER, 0xE7, watts)) == watts


@given(st.tuples(*[st.none() | st.integers(-32767, 32765).map(lambda r: r / 10)] * 2))
def test_currents_round_trip(currents: tuple[float | None, float | None]) -> None:
    assert tuple(decode(METER, 0xE8, encode_value(METER, 0xE8, currents))) == currents


@given(st.lists(eojs, max_size=84).map(tuple))
def test_instance_list_round_trip(instances: tuple[EOJ, ...]) -> None:
    assert decode(NODE, 0xD6, encode_value(NODE, 0xD6, instances)) == instances


@given(st.frozensets(st.integers(0x80, 0xFF)))
def test_property_map_round_trip(epcs: frozenset[int]) -> None:
    assert decode(PV, 0x9F, encode_value(PV, 0x9F, epcs)) == epcs


# --- distribution board lists and channels -------------------------------------------

_board_starts = st.integers(1, 252)
_currents = st.tuples(*[st.none() | st.integers(-32767, 32765).map(lambda r: r / 10)] * 2)


def _listed(values: st.SearchStrategy[object]) -> st.SearchStrategy[ChannelList]:
    """ChannelList with 1..60 values that stays within channel 252."""
    return _board_starts.flatmap(
        lambda start: st.lists(values, min_size=1, max_size=min(60, 253 - start)).map(
            lambda vs: ChannelList(start, tuple(vs))
        )
    )


@pytest.mark.parametrize(
    ("epc", "values"),
    [
        (0xB3, st.none() | st.integers(0, 99_999_999)),
        (0xB5, _currents),
        (0xB7, st.none() | st.integers(-2_147_483_647, 2_147_483_645)),
    ],
)
@given(data=st.data())
def test_board_list_round_trip(epc: int, values: st.SearchStrategy[object],
                               data: st.DataObject) -> None:  # fmt: skip
    listed = data.draw(_listed(values))
    edt = encode_value(BOARD, epc, listed)
    assert edt[:2] == bytes((listed.start, len(listed.values)))
    assert len(edt) == 2 + 4 * len(listed.values)
    assert decode(BOARD, epc, edt) == listed


@given(st.integers(0xD0, 0xEF), st.none() | st.integers(0, 99_999_999), _currents)
def test_board_channel_round_trip(epc: int, raw: int | None, currents: tuple) -> None:
    reading = ChannelReading(raw, currents)
    assert decode(BOARD, epc, encode_value(BOARD, epc, reading)) == reading


@pytest.mark.parametrize(
    ("epc", "value", "edt"),
    [
        (0xB7, ChannelList(1, (-100, None)), "0102FFFFFF9C7FFFFFFE"),
        (0xB3, ChannelList(3, (1, None)), "030200000001FFFFFFFE"),
        (0xB5, ChannelList(2, ((2.0, None),)), "020100147FFE"),
        (0xD0, ChannelReading(None, (2.0, -2.0)), "FFFFFFFE0014FFEC"),
    ],
)
def test_board_pack_known(epc: int, value: object, edt: str) -> None:
    assert encode_value(BOARD, epc, value) == bytes.fromhex(edt)


@pytest.mark.parametrize(
    ("epc", "value"),
    [
        (0xB7, ChannelList(1, tuple(range(61)))),  # more than one list may carry
        (0xB7, ChannelList(250, (1, 2, 3, 4))),  # runs past channel 252
        (0xB7, ChannelList(0, (1,))),
        (0xB7, ChannelList(1, ())),
        (0xB7, ChannelList(1, (2**31,))),
        (0xB3, ChannelList(1, (-1,))),
        (0xB3, ChannelList(1, (100_000_000,))),
        (0xB7, (1, 2, 3)),
        (0xD0, ChannelReading(-1, (None, None))),
        (0xD0, 5),
    ],
)
def test_board_pack_rejects(epc: int, value: object) -> None:
    with pytest.raises(ValueError):
        encode_value(BOARD, epc, value)


# --- the newer class tables: every packable EPC round-trips -----------------------


def _num(lo: int, hi: int, divisor: int = 1) -> st.SearchStrategy[int | float]:
    return st.integers(lo, hi).map(lambda raw: scaled(raw, divisor))


def _names(codes: dict[int, str]) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(codes.values()))


_U16, _U32 = 0xFFFD, 999_999_999
_HISTORY = st.lists(st.none() | _num(0, _U32, 1000), min_size=48, max_size=48).map(tuple)

ROUND_TRIP: dict[tuple[int, int], st.SearchStrategy[object]] = {
    # fuel cell
    (0x027C, 0xC1): _num(0, 100),
    (0x027C, 0xC2): _num(0, _U16),
    (0x027C, 0xC3): _num(0, _U16),
    (0x027C, 0xC4): _num(0, _U16),
    (0x027C, 0xC5): _num(0, _U32, 1000),
    (0x027C, 0xC7): _num(0, _U16, 1000),
    (0x027C, 0xC8): _num(0, _U32, 1000),
    (0x027C, 0xCA): _names(fuel_cell.GENERATION_SETTING),
    (0x027C, 0xCB): _names(fuel_cell.GENERATION_STATUS),
    (0x027C, 0xCC): _num(0, _U16),
    (0x027C, 0xCD): _num(0, _U32, 1000),
    (0x027C, 0xD0): _names(SYSTEM_INTERCONNECTION),
    (0x027C, 0xE1): _num(0, _U16),
    (0x027C, 0xE2): _num(0, _U16),
    # EV charger/discharger
    **{(0x027E, epc): _num(0, _U32) for epc in (0xC0, 0xC2, 0xC5, 0xC6, 0xCE, 0xCF, 0xE2)},
    (0x027E, 0xC4): _num(0, 100),
    (0x027E, 0xC7): _names(ev_charger_discharger.VEHICLE_CONNECTION),
    (0x027E, 0xD3): _num(-_U32, _U32),
    (0x027E, 0xD6): _num(0, _U32, 1000),
    (0x027E, 0xD8): _num(0, _U32, 1000),
    (0x027E, 0xDA): _names(ev_charger_discharger.OPERATION_MODES),
    (0x027E, 0xDB): _names(SYSTEM_INTERCONNECTION),
    (0x027E, 0xE4): _num(0, 100),
    # home air conditioner
    (0x0130, 0xA0): st.just("auto") | st.integers(1, 8),
    (0x0130, 0xB0): _names(air_conditioner.OPERATION_MODES),
    (0x0130, 0xB3): _num(0, 50),
    (0x0130, 0xBA): _num(0, 100),
    (0x0130, 0xBB): _num(-127, 125),
    (0x0130, 0xBE): _num(-127, 125),
    # electric water heater
    (0x026B, 0xB0): _names(water_heater.AUTO_HEATING),
    (0x026B, 0xB2): _names(water_heater.HEATING_STATUS),
    (0x026B, 0xC3): _names(water_heater.SUPPLY_STATUS),
    (0x026B, 0xE1): _num(0, _U16),
    (0x026B, 0xE2): _num(0, _U16),
    (0x026B, 0xE3): _names(water_heater.AUTO_BATH),
    (0x026B, 0xEA): _names(water_heater.BATH_STATUS),
    # gas meter
    (0x0282, 0xE0): _num(0, _U32, 1000),
    (0x0282, 0xE2): _HISTORY,
    # water flow meter
    (0x0281, 0xD0): _names(water_flow_meter.CLASSIFICATION),
    (0x0281, 0xE0): _num(0, _U32),
    (0x0281, 0xE1): st.sampled_from([1, 0.1, 0.01, 0.001, 0.0001, 0.00001, 0.000001]),
    (0x0281, 0xE2): st.lists(st.none() | _num(0, _U32), min_size=48, max_size=48).map(tuple),
    # general lighting
    (0x0290, 0xB0): _num(0, 100),
    (0x0290, 0xB6): _names(general_lighting.LIGHTING_MODES),
}

NEW_TABLES = (
    fuel_cell,
    ev_charger_discharger,
    air_conditioner,
    water_heater,
    gas_meter,
    water_flow_meter,
    general_lighting,
)


def test_every_packable_epc_of_the_new_tables_has_a_round_trip() -> None:
    packable = {
        (module.CLASS_CODE, epc)
        for module in NEW_TABLES
        for epc, entry in module.PROPERTIES.items()
        if entry.pack or entry.encode
    }
    # Every EPC listed here has a strategy; the Appendix tables' completeness is checked
    # by test_class_appendix.test_every_packable_entry_round_trips_a_real_looking_edt.
    assert set(ROUND_TRIP) <= packable


@pytest.mark.parametrize("key", sorted(ROUND_TRIP), ids=lambda k: f"{k[0]:04X}-{k[1]:02X}")
@given(data=st.data())
def test_new_tables_round_trip(key: tuple[int, int], data: st.DataObject) -> None:
    value = data.draw(ROUND_TRIP[key])
    assert decode(*key, encode_value(*key, value)) == value
