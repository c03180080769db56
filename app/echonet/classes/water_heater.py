"""Electric water heater class 0x026B (EcoCute; Appendix Release R): tank, heating,
bath, and the energy-shift properties a HEMS uses to move heating into the day."""

from __future__ import annotations

from typing import NamedTuple

from app.echonet.classes._types import (
    ON_OFF_30,
    ON_OFF_41,
    PropDef,
    enum,
    expect_len,
    hh_mm,
    int_field,
    level,
    number,
    numbers,
    raw_hex,
)

CLASS_CODE = 0x026B

AUTO_HEATING = {0x41: "auto", 0x42: "manual_heating", 0x43: "manual_stop"}
HEATING_STATUS = {0x41: "heating", 0x42: "not_heating"}
SUPPLY_STATUS = {0x41: "supplying", 0x42: "not_supplying"}
AUTO_BATH = {0x41: "auto", 0x42: "non_auto"}
BATH_STATUS = {0x41: "filling", 0x42: "stopped", 0x43: "keeping_warm"}
TANK_MODE = {0x41: "standard", 0x42: "saving", 0x43: "extra"}
SHIFT_PARTICIPATION = {0x01: "participating", 0x00: "not_participating"}
# 0xCA / 0xCD: the hour the day-time heating shifts to (0x09 = 9:00 .. 0x11 = 17:00).
SHIFT_TIMES_1 = {0x00: "cleared", **{h: f"{h:02d}:00" for h in range(9, 18)}}
SHIFT_TIMES_2 = {0x00: "cleared", **{h: f"{h:02d}:00" for h in range(10, 18)}}
STANDARD_START_HOURS = (1, 20, 21, 22, 23, 24)  # 0xC8: when night heating normally starts
U16 = 65533
U32 = 4_294_967_293


def _start_hour(edt: bytes) -> int | None:
    expect_len(edt, 1, "standard time to start heating")
    return edt[0] if edt[0] in STANDARD_START_HOURS else None


def _pack_start_hour(hour: int) -> bytes:
    if hour not in STANDARD_START_HOURS:
        raise ValueError(f"standard start hour must be one of {STANDARD_START_HOURS}")
    return bytes((hour,))


class SurplusPrediction(NamedTuple):
    """0xD9: from month/day/hour on, the predicted PV surplus per hour (Wh, 24 values)."""

    month: int
    day: int
    hour: int
    wh: tuple[int | None, ...]


def _prediction(edt: bytes) -> SurplusPrediction | None:
    expect_len(edt, 3 + 48, "surplus power prediction")
    if not (1 <= edt[0] <= 12 and 1 <= edt[1] <= 31 and edt[2] <= 23):
        return None
    wh = tuple(None if v is None else int(v) * 10
               for v in (int_field(edt[i : i + 2], True, -32767, 32765, 1)
                         for i in range(3, 51, 2)))
    return SurplusPrediction(edt[0], edt[1], edt[2], wh)


def _celsius(name: str, settable: bool = True) -> PropDef:
    return number(name, 1, 0, 100, settable=settable)  # 0xFD "undefined" -> None


PROPERTIES: dict[int, PropDef] = {
    0x90: enum("on_timer_reservation", ON_OFF_41, settable=True),
    0x91: hh_mm("on_timer_time", settable=True),
    0xB0: enum("automatic_heating", AUTO_HEATING, settable=True),
    0xB1: enum("automatic_temperature_control", ON_OFF_41, settable=True),
    0xB2: enum("heating_status", HEATING_STATUS),
    0xB3: _celsius("heating_temperature_c"),
    0xB4: number("heating_stop_days", 1, 0, 252, settable=True),  # 0xFD = infinite -> None
    0xB5: hh_mm("relative_heating_off_time", settable=True),
    0xB6: enum("tank_mode", TANK_MODE, settable=True),
    0xC0: enum("daytime_reheating_permission", ON_OFF_41, settable=True),
    0xC1: _celsius("tank_temperature_c", settable=False),
    0xC2: raw_hex("alarm_status"),  # 4-byte bitmap: out of hot water, leak, freezing
    0xC3: enum("hot_water_supply_status", SUPPLY_STATUS),
    0xC4: hh_mm("relative_keep_warm_time", settable=True),
    0xC7: enum("energy_shift_participation", SHIFT_PARTICIPATION, settable=True),
    0xC8: PropDef("standard_start_hour", _start_hour, pack=_pack_start_hour),
    0xC9: number("energy_shift_count", 1, 1, 2),
    0xCA: enum("shift_time_1", SHIFT_TIMES_1, settable=True),
    # Energy expected to be used when heating at 10:00, 13:00, 15:00, 17:00 (Wh).
    0xCB: numbers("shift_1_energy_wh", 4, 4, 0, U32),
    0xCC: numbers("shift_1_rate_wh", 4, 2, 0, U16),
    0xCD: enum("shift_time_2", SHIFT_TIMES_2, settable=True),
    0xCE: numbers("shift_2_energy_wh", 3, 4, 0, U32),
    0xCF: numbers("shift_2_rate_wh", 3, 2, 0, U16),
    0xD1: _celsius("hot_water_temperature_c"),
    0xD3: _celsius("bath_temperature_c"),
    0xD4: number("bath_volume_level_4", 1, 1, 255, settable=True),
    0xD5: number("bath_volume_level_4_max", 1, 1, 255),
    0xD6: number("sound_volume_percent", 1, 0, 100, settable=True),
    0xD7: enum("mute", ON_OFF_30, settable=True),
    0xD8: number("remaining_water_volume_l", 2, 0, U16),
    0xD9: PropDef("surplus_prediction", _prediction),
    0xDB: number("rated_power_winter_w", 2, 0, U16),
    0xDC: number("rated_power_between_seasons_w", 2, 0, U16),
    0xDD: number("rated_power_summer_w", 2, 0, U16),
    0xE0: number("heating_volume_percent", 1, 0, 100, settable=True),
    0xE1: number("remaining_hot_water_l", 2, 0, U16),
    0xE2: number("tank_capacity_l", 2, 0, U16),
    0xE3: enum("automatic_bath_mode", AUTO_BATH, settable=True),
    0xE4: enum("bath_reheating", ON_OFF_41, settable=True),
    0xE5: enum("bath_hot_water_adding", ON_OFF_41, settable=True),
    0xE6: enum("bath_temperature_lowering", ON_OFF_41, settable=True),
    0xE7: number("bath_volume_l", 1, 0, 253, settable=True),
    0xE8: level("bath_volume_level", settable=True),
    0xE9: enum("bathroom_priority", ON_OFF_41),
    0xEA: enum("bath_status", BATH_STATUS),
    0xEE: number("bath_volume_3_l", 2, 0, U16, settable=True),
}

# Mandatory Gets beyond the super class (MRA Release R): heating setting and status,
# day-time reheating, supply status, the energy-shift properties, automatic bath.
MANDATORY_GET: frozenset[int] = frozenset({
    0xB0, 0xB2, 0xC0, 0xC3, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xE3,
})
