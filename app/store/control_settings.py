"""The control loop in the settings table: the household's ControlSettings, what the loop
has done (ControlState), its last round and the savings of days gone by, so that all of
it survives a restart and travels with the backup like every other household setting."""

from __future__ import annotations

from datetime import date

from app.domain.control_json import (
    ControlState,
    KeptRound,
    round_from_json,
    round_to_json,
    savings_from_json,
    savings_to_json,
    settings_from_json,
    settings_to_json,
)
from app.domain.control_view import ControlSettings, DaySaving

from .store import Store

SETTINGS_KEY = "control_settings"  # ControlSettings JSON; not set: the defaults
STATE_KEY = "control_state"  # ControlState JSON
ROUND_KEY = "control_last_round"  # KeptRound JSON
SAVINGS_KEY = "control_savings"  # {day: [actual yen, baseline yen]} of whole days


def control_settings(store: Store) -> ControlSettings:
    return settings_from_json(store.get_setting(SETTINGS_KEY))


def save_control_settings(store: Store, settings: ControlSettings) -> None:
    store.set_setting(SETTINGS_KEY, settings_to_json(settings))


def control_state(store: Store) -> ControlState:
    return ControlState.from_json(store.get_setting(STATE_KEY))


def save_control_state(store: Store, state: ControlState) -> None:
    store.set_setting(STATE_KEY, state.to_json())


def last_round(store: Store) -> KeptRound | None:
    return round_from_json(store.get_setting(ROUND_KEY))


def save_round(store: Store, kept: KeptRound) -> None:
    store.set_setting(ROUND_KEY, round_to_json(kept))


def kept_savings(store: Store) -> dict[date, DaySaving]:
    return savings_from_json(store.get_setting(SAVINGS_KEY))


def save_savings(store: Store, days: dict[date, DaySaving]) -> None:
    store.set_setting(SAVINGS_KEY, savings_to_json(days))
