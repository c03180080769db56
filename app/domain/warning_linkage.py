"""気象警報連動 (weather-warning linkage): charge before a storm, restore after it (pure).

What it does, from the seed (AiSEG2 manual excerpt) and where the seed is silent, our
choice, said as such:

* The setting: the household switches it on or off (it is a feature a household
  uses; the seed lists it among the server's weather-linked functions, (3)).
* What triggers it: a 気象警報 for the household's municipality, i.e. a warning (警報)
  or an emergency warning (特別警報), `WeatherWarning.is_warning`. Advisories (注意報)
  do nothing: the seed speaks of warnings (気象警報発令).
* Which devices: the storage battery and a V2H unit, the two the seed names the
  linkage for (the AI control conditions of 蓄電池 and V2Hスタンド). Each is Set to
  charge (0xDA "charging"): the battery fills to 100 %, the V2H charges the car up to
  the level set on the unit. A unit that does not accept a Set of 0xDA (its Set map
  has no 0xDA) is not a target: the panel cannot command it.
* While in force, each target is kept charging: a change made meanwhile is Set back
  (the seed: the charge lasts while the warning does), at most once per RETRY_S (a
  unit that leaves "charging" by itself when full is not Set every minute). A device
  that refuses or does not answer is asked again after RETRY_S, not on every check.
* At lift (no warning left), or when the household switches the setting off, each
  device goes back to the mode it had before the linkage (remembered in the stored
  state, so a restart mid-warning still restores it). A device that cannot be
  reached then keeps its remembered mode until it can.
* Other charging: while it is in force the surplus charging of the battery and the
  AI control of the battery and V2H do not run (charging_rules reports
  `weather_warning_linkage`, from `LinkageState.in_force`). Surplus charging of an EV
  charger (ELSEEV type) does not depend on it (the seed lists no such condition).

`decide` says which Sets to send; `settle` folds their results into the new state.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.domain.weather import WeatherWarning

BATTERY, V2H = "battery", "v2h"  # the targets, in the order they are charged
TARGET_CLASSES = {BATTERY: 0x027D, V2H: 0x027E}
MODE_EPC = 0xDA  # operation mode setting, both classes
CHARGE_MODE = "charging"
CHARGING = frozenset({"charging", "rapid_charging"})  # modes that already charge
RETRY_S = 600.0


def triggering(warnings: Iterable[WeatherWarning]) -> tuple[str, ...]:
    """The ids of the active warnings (not advisories) that call for the linkage."""
    return tuple(sorted({w.id for w in warnings if w.active and w.is_warning}))


@dataclass(frozen=True, slots=True)
class TargetSeen:
    """A device the linkage may charge, as found now."""

    device: str  # device_key
    mode: str | None  # its 0xDA now; None: it did not answer


@dataclass(frozen=True, slots=True)
class LinkageInput:
    enabled: bool  # the household's setting
    warnings: tuple[WeatherWarning, ...] | None  # active warnings; None: not known yet
    targets: Mapping[str, TargetSeen]  # by BATTERY / V2H; absent: no such device


@dataclass(frozen=True, slots=True)
class LinkageState:
    """What the linkage has done, kept in the store across restarts."""

    in_force: bool = False
    since: float | None = None  # unix s it came into force
    warning_ids: tuple[str, ...] = ()
    remembered: Mapping[str, str] = field(default_factory=dict)  # target -> mode before
    failed: Mapping[str, float] = field(default_factory=dict)  # target -> last failed Set
    charged: Mapping[str, float] = field(default_factory=dict)  # target -> last charge Set

    def to_json(self) -> str:
        return json.dumps({"in_force": self.in_force, "since": self.since,
                           "warning_ids": list(self.warning_ids),
                           "remembered": dict(self.remembered), "failed": dict(self.failed),
                           "charged": dict(self.charged)}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> LinkageState:
        """The stored state; nothing stored (or unreadable) is "never in force"."""
        try:
            data = json.loads(text or "{}")
            since = data.get("since")
            return cls(bool(data.get("in_force", False)),
                       None if since is None else float(since),
                       tuple(str(i) for i in data.get("warning_ids", ())),
                       {str(k): str(v) for k, v in dict(data.get("remembered", {})).items()},
                       {str(k): float(v) for k, v in dict(data.get("failed", {})).items()},
                       {str(k): float(v) for k, v in dict(data.get("charged", {})).items()})
        except (ValueError, TypeError, AttributeError):
            return cls()


@dataclass(frozen=True, slots=True)
class ModeChange:
    """One Set of a target's operation mode: to charge, or back to its remembered mode."""

    target: str
    device: str
    mode: str
    restore: bool
    previous: str | None  # the mode it had when the change was decided


def wanted(seen: LinkageInput) -> bool:
    return seen.enabled and seen.warnings is not None and bool(triggering(seen.warnings))


def decide(state: LinkageState, seen: LinkageInput, now: float) -> tuple[ModeChange, ...]:
    """The Sets to send now (none: hold, or nothing to do)."""
    if seen.enabled and seen.warnings is None:
        return ()  # the warnings are not known yet: leave everything as it is
    changes = []
    if wanted(seen):
        for target, device in seen.targets.items():
            if device.mode is None or device.mode in CHARGING or _waiting(state, target, now) \
                    or _recent(state.charged.get(target), now):
                continue
            changes.append(ModeChange(target, device.device, CHARGE_MODE, False, device.mode))
        return tuple(changes)
    for target, mode in state.remembered.items():
        device = seen.targets.get(target)
        if device is None or device.mode is None or device.mode == mode \
                or _waiting(state, target, now):
            continue  # gone or silent (later), already back, or asked a moment ago
        changes.append(ModeChange(target, device.device, mode, True, device.mode))
    return tuple(changes)


def settle(state: LinkageState, seen: LinkageInput, results: Iterable[tuple[ModeChange, bool]],
           now: float) -> LinkageState:
    """The state after the Sets of `decide` were answered (True: accepted)."""
    if seen.enabled and seen.warnings is None:
        return state
    remembered, failed = dict(state.remembered), dict(state.failed)
    charged = dict(state.charged)
    for change, accepted in results:
        if not accepted:
            failed[change.target] = now
            continue
        failed.pop(change.target, None)
        if change.restore:
            remembered.pop(change.target, None)
        else:
            charged[change.target] = now
            if change.previous is not None:
                remembered.setdefault(change.target, change.previous)  # the first one counts
    if not wanted(seen):
        for target, device in seen.targets.items():  # already back (by anyone): done
            if remembered.get(target) == device.mode:
                del remembered[target]
        return LinkageState(remembered=remembered,
                            failed={t: at for t, at in failed.items() if t in remembered})
    for target, device in seen.targets.items():
        if device.mode in CHARGING:  # charging already when it began: kept, and restored
            remembered.setdefault(target, device.mode)
    in_force = bool(remembered)
    assert seen.warnings is not None
    return LinkageState(in_force, (state.since if state.in_force else now) if in_force else None,
                        triggering(seen.warnings) if in_force else (), remembered, failed,
                        {t: at for t, at in charged.items() if t in remembered})


def _waiting(state: LinkageState, target: str, now: float) -> bool:
    return _recent(state.failed.get(target), now)


def _recent(at: float | None, now: float) -> bool:
    return at is not None and 0 <= now - at < RETRY_S


@dataclass(frozen=True, slots=True)
class LinkageStatus:
    """What the settings page shows: the setting, the state, what it can charge, and
    which target's last Set failed and how (CommandOutcome value)."""

    enabled: bool
    state: LinkageState
    targets: tuple[str, ...] = ()
    problems: Mapping[str, str] = field(default_factory=dict)
