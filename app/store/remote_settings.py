"""The commands relay in the settings table: whether the household allows commands from a
smartphone or a smart speaker (off until it says so), and the last few run, so both
survive a restart and travel with the backup like every other household setting."""

from __future__ import annotations

from app.domain.remote_commands import RECENT_KEPT, RemoteRun, runs_from_json, runs_to_json

from .store import Store

REMOTE_COMMANDS_SETTING = "remote_commands_on"  # "true" / "false"; not set: off
REMOTE_RUNS_SETTING = "remote_commands_recent"  # RemoteRun JSON list, oldest first


def remote_commands_allowed(store: Store) -> bool:
    return (store.get_setting(REMOTE_COMMANDS_SETTING) or "").strip().lower() in (
        "1", "true", "on")


def set_remote_commands_allowed(store: Store, on: bool) -> None:
    store.set_setting(REMOTE_COMMANDS_SETTING, "true" if on else "false")


def recent_runs(store: Store) -> tuple[RemoteRun, ...]:
    return runs_from_json(store.get_setting(REMOTE_RUNS_SETTING))


def add_run(store: Store, run: RemoteRun) -> tuple[RemoteRun, ...]:
    runs = (*recent_runs(store), run)[-RECENT_KEPT:]
    store.set_setting(REMOTE_RUNS_SETTING, runs_to_json(runs))
    return runs
