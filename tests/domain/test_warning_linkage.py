"""気象警報連動: which Sets the linkage sends, and what it remembers (pure decisions)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.warning_linkage import (
    BATTERY,
    RETRY_S,
    V2H,
    LinkageInput,
    LinkageState,
    ModeChange,
    TargetSeen,
    decide,
    settle,
)
from app.domain.weather import WarningKind, WarningLevel, WeatherWarning

NOW = datetime(2026, 9, 1, 14, 0, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp()
ISSUED = datetime.fromtimestamp(NOW - 600, ZoneInfo("Asia/Tokyo"))
RAIN = WeatherWarning("w-rain", WarningKind.HEAVY_RAIN, WarningLevel.WARNING, ISSUED)
STORM = WeatherWarning("w-storm", WarningKind.STORM, WarningLevel.EMERGENCY, ISSUED)
ADVISORY = WeatherWarning("a-thunder", WarningKind.THUNDER, WarningLevel.ADVISORY, ISSUED)
BAT = "127.0.0.5/027D01"
CAR = "192.168.1.30/027E01"
IN_FORCE = LinkageState(True, NOW - 3600, ("w-rain",), {BATTERY: "auto"})


def seen(*warnings, mode: str | None = "auto", enabled: bool = True, car: str | None = None,
         battery: bool = True) -> LinkageInput:
    targets = {BATTERY: TargetSeen(BAT, mode)} if battery else {}
    if car is not None:
        targets[V2H] = TargetSeen(CAR, car)
    return LinkageInput(enabled, tuple(warnings), targets)


def step(state: LinkageState, now_seen: LinkageInput, accept: bool = True
         ) -> tuple[tuple[ModeChange, ...], LinkageState]:
    changes = decide(state, now_seen, NOW)
    return changes, settle(state, now_seen, [(c, accept) for c in changes], NOW)


def sets(changes) -> list[tuple[str, str]]:
    return [(c.device, c.mode) for c in changes]


@pytest.mark.parametrize("name, state, now_seen, expected_sets, in_force, remembered", [
    ("an advisory does nothing", LinkageState(), seen(ADVISORY), [], False, {}),
    ("no warning, nothing in force: nothing", LinkageState(), seen(), [], False, {}),
    ("a warning starts it", LinkageState(), seen(RAIN), [(BAT, "charging")], True,
     {BATTERY: "auto"}),
    ("an emergency warning starts it too", LinkageState(), seen(STORM, mode="standby"),
     [(BAT, "charging")], True, {BATTERY: "standby"}),
    ("a second warning while in force holds", IN_FORCE, seen(RAIN, STORM, mode="charging"),
     [], True, {BATTERY: "auto"}),
    ("the lift of one of two holds", IN_FORCE, seen(STORM, mode="charging"), [], True,
     {BATTERY: "auto"}),
    ("the lift of all restores the remembered mode", IN_FORCE, seen(mode="charging"),
     [(BAT, "auto")], False, {}),
    ("an advisory left is a lift", IN_FORCE, seen(ADVISORY, mode="charging"),
     [(BAT, "auto")], False, {}),
    ("the setting off mid-warning restores", IN_FORCE,
     seen(RAIN, mode="charging", enabled=False), [(BAT, "auto")], False, {}),
    ("the setting off: no warning starts it", LinkageState(), seen(RAIN, enabled=False), [],
     False, {}),
    ("no battery: nothing", LinkageState(), seen(RAIN, battery=False), [], False, {}),
    ("a mode changed meanwhile is Set back, the first one still remembered", IN_FORCE,
     seen(RAIN, mode="discharging"), [(BAT, "charging")], True, {BATTERY: "auto"}),
    ("a battery charging already: kept, and restored to charging", LinkageState(),
     seen(RAIN, mode="charging"), [], True, {BATTERY: "charging"}),
    ("a battery not answering: not started yet", LinkageState(), seen(RAIN, mode=None), [],
     False, {}),
    ("a V2H charges the car the same way", LinkageState(), seen(RAIN, car="standby"),
     [(BAT, "charging"), (CAR, "charging")], True, {BATTERY: "auto", V2H: "standby"}),
    ("the V2H alone, no battery", LinkageState(), seen(RAIN, car="auto", battery=False),
     [(CAR, "charging")], True, {V2H: "auto"}),
])
def test_decisions(name, state, now_seen, expected_sets, in_force, remembered):
    changes, after = step(state, now_seen)
    assert sets(changes) == expected_sets, name
    assert after.in_force is in_force, name
    assert dict(after.remembered) == remembered, name
    if in_force:
        assert after.warning_ids == tuple(sorted(w.id for w in now_seen.warnings
                                                 if w.is_warning))
        assert after.since == (state.since if state.in_force else NOW)
    else:
        assert after.since is None and after.warning_ids == ()


def test_a_refused_charge_is_not_in_force_and_is_asked_again_after_a_while():
    changes, after = step(LinkageState(), seen(RAIN), accept=False)
    assert sets(changes) == [(BAT, "charging")]
    assert not after.in_force and dict(after.remembered) == {}
    assert decide(after, seen(RAIN), NOW + RETRY_S - 1) == ()  # not on every check
    assert sets(decide(after, seen(RAIN), NOW + RETRY_S)) == [(BAT, "charging")]


def test_a_charge_left_by_the_device_is_set_back_at_most_once_per_retry_interval():
    _, started = step(LinkageState(), seen(RAIN))
    assert started.charged == {BATTERY: NOW}
    # Full, the unit went to standby by itself: not Set back on every check ...
    assert decide(started, seen(RAIN, mode="standby"), NOW + 60) == ()
    # ... but once the interval has passed.
    later = NOW + RETRY_S
    changes = decide(started, seen(RAIN, mode="standby"), later)
    assert sets(changes) == [(BAT, "charging")]
    after = settle(started, seen(RAIN, mode="standby"), [(c, True) for c in changes], later)
    assert after.charged == {BATTERY: later} and dict(after.remembered) == {BATTERY: "auto"}


def test_a_restore_that_fails_is_kept_until_it_succeeds():
    changes, after = step(IN_FORCE, seen(mode="charging"), accept=False)
    assert sets(changes) == [(BAT, "auto")]
    assert not after.in_force and dict(after.remembered) == {BATTERY: "auto"}
    # The battery unreachable for a while: nothing to send, the mode is still remembered.
    gone = LinkageInput(True, (), {})
    assert decide(after, gone, NOW + RETRY_S) == ()
    assert dict(settle(after, gone, [], NOW + RETRY_S).remembered) == {BATTERY: "auto"}
    later = NOW + RETRY_S
    changes = decide(after, seen(mode="charging"), later)
    assert sets(changes) == [(BAT, "auto")]
    final = settle(after, seen(mode="charging"), [(c, True) for c in changes], later)
    assert final == LinkageState()


def test_a_battery_put_back_by_hand_is_not_restored_again():
    after = settle(IN_FORCE, seen(mode="auto"), [], NOW)
    assert decide(IN_FORCE, seen(mode="auto"), NOW) == ()
    assert after == LinkageState()


def test_unknown_warnings_leave_everything_as_it_is():
    unknown = LinkageInput(True, None, {BATTERY: TargetSeen(BAT, "charging")})
    assert decide(IN_FORCE, unknown, NOW) == ()
    assert settle(IN_FORCE, unknown, [], NOW) == IN_FORCE
    # ... but switching the setting off restores whatever the warnings are.
    off = LinkageInput(False, None, {BATTERY: TargetSeen(BAT, "charging")})
    assert sets(decide(IN_FORCE, off, NOW)) == [(BAT, "auto")]


def test_the_state_survives_the_store():
    state = LinkageState(True, NOW, ("w-rain", "w-storm"), {BATTERY: "auto", V2H: "standby"},
                         {V2H: NOW - 5}, {BATTERY: NOW - 60})
    assert LinkageState.from_json(state.to_json()) == state
    assert LinkageState.from_json(None) == LinkageState()
    assert LinkageState.from_json("{not json") == LinkageState()
    assert LinkageState.from_json('{"since": "soon"}') == LinkageState()
