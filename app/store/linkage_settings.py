"""The weather-warning linkage in the settings table: the household's on/off, and the
linkage's state (what is in force, the modes to restore), so that both survive a
restart and travel with the backup like every other household setting."""

from __future__ import annotations

from app.domain.warning_linkage import LinkageState

from .store import Store

LINKAGE_SETTING = "weather_warning_linkage_on"  # "true" / "false"; not set: off
LINKAGE_STATE_SETTING = "weather_warning_linkage_state"  # LinkageState JSON


def linkage_enabled(store: Store) -> bool:
    return (store.get_setting(LINKAGE_SETTING) or "").strip().lower() in ("1", "true", "on")


def set_linkage_enabled(store: Store, on: bool) -> None:
    store.set_setting(LINKAGE_SETTING, "true" if on else "false")


def linkage_state(store: Store) -> LinkageState:
    return LinkageState.from_json(store.get_setting(LINKAGE_STATE_SETTING))


def save_linkage_state(store: Store, state: LinkageState) -> None:
    store.set_setting(LINKAGE_STATE_SETTING, state.to_json())
