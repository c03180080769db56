"""The EcoCute and the car charger under a controller's Sets: loads whose energy moves in time.

The model (`ecocute`, `ev_charger`) runs both by their own programs as pure functions of
time. A controller may heat the EcoCute's tank by day (0x026B 0xB0 "manual_heating"),
stop its heating ("manual_stop") or leave it to its program ("auto"); and start or stop
the car's charging (0x027E 0xDA "charging" / "standby" / "auto"). What was heated or
charged is energy that was then not needed, or still is, so each load carries
``ahead_wh``: the energy it has taken beyond what the model's own unit took by now
(negative: behind). Its store (the tank's hot water, the car's battery) holds the
model's content plus ``ahead_wh``, between empty and full.

- "auto" (the unit's own program): level with the model, the readings are the model's,
  exactly. Ahead, the unit skips its program's next heating or charge until the model
  has taken as much (a tank heated by day does not heat again at night for the same
  energy; the night run just starts later, or not at all). Behind, it takes its full
  power at once until level (a tank that ran low is topped up: 自動沸き増し).
- "manual_heating" / "charging": full power until the store is full, then it is kept
  full (what is drawn is replaced at once) until set otherwise.
- "manual_stop" / "standby": nothing; the store falls behind by what the model takes.

The EcoCute's tank, in electricity (the heat pump's input that would refill it): each
night run refills what one day used, drawn evenly between the end of the previous run
and the start of this one; so the model's tank has no room at the end of a run, and
its room grows through the day. The tank holds ``ecocute.tank_wh`` when full; a tank
behind by more than that is empty (湯切れ: what was not there was not drawn).

The car: the model does not track its charge (the V2H unit reports 60 %); here its level
is 60 % plus ``ahead_wh`` (the model's sessions replace what driving used, so a car
charged by day skips the evening's session), between empty and full. The car is taken
to be always plugged in, as the unit reports; the charger's losses are not modelled.

Power flows are the means over each step (as the battery's): the energy taken is what
moved ``ahead_wh``, and the circuit, the mains and the house's consumption carry it, so
the grid (balanced by the battery step after this) carries it too.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from app.domain import series as s
from app.sources.simulator.ecocute import RefillRun

EPSILON_WH = 1e-6  # closer than this to the model: level with it

# The controller's settings, as the ECHONET Lite class tables name them.
ECOCUTE_MODES = frozenset({"auto", "manual_heating", "manual_stop"})
EV_MODES = frozenset({"auto", "charging", "standby"})
_FILL, _STOP = {"manual_heating", "charging"}, {"manual_stop", "standby"}
EV_MODEL_LEVEL_PCT = 60.0  # what the model's V2H unit reports


class ShiftedLoad:
    """The energy a load has taken beyond the model's own unit, and its next step's power."""

    def __init__(self) -> None:
        self.ahead_wh = 0.0

    def step(self, mode: str, model_w: float, full_w: float, hours: float,
             high_wh: float, low_wh: float) -> float:
        """The step's mean power under ``mode``, moving ``ahead_wh`` by it. ``high_wh`` /
        ``low_wh``: ``ahead_wh`` when the store is full / empty at the step's end."""
        ahead = self.ahead_wh
        if mode in _FILL:
            target = high_wh
        elif mode in _STOP:
            target = None
        else:  # auto: back to level with the model
            target = 0.0 if abs(ahead) > EPSILON_WH else None
            if target is None:
                return model_w
        if hours <= 0.0:  # no time passed: the power now, nothing moved
            if target is None:
                return 0.0
            return full_w if target > ahead + EPSILON_WH else (
                0.0 if target < ahead - EPSILON_WH else min(model_w, full_w))
        if target is None:
            power = 0.0
        else:
            power = min(max(model_w + (target - ahead) / hours, 0.0), max(full_w, model_w))
        ahead += (power - model_w) * hours
        if ahead < low_wh:  # empty: what was not there was not used
            ahead = low_wh
        self.ahead_wh = 0.0 if abs(ahead) <= EPSILON_WH else ahead
        return power

    def follows_model(self, mode: str) -> bool:
        return mode == "auto" and self.ahead_wh == 0.0


def _shift_circuit(values: dict[str, float], key: str, power: float, model_w: float,
                   mean_w: float) -> None:
    """The 200 V circuit ``key`` with ``power`` in place of the model's ``model_w``, with
    both phases of the mains and the consumption. ``mean_w``: the circuit's minute mean
    in the model; the live reading wobbles around it, and what is left of the model's
    part wobbles alike, while the controlled power is steady."""
    before = values.get(key, 0.0)
    rest = before * (mean_w - model_w) / mean_w if mean_w > 0.0 else 0.0
    after = max(rest, 0.0) + power
    change = after - before
    values[key] = after
    values["circuit.main1"] = values.get("circuit.main1", 0.0) + change / 2
    values["circuit.main2"] = values.get("circuit.main2", 0.0) + change / 2
    values[s.CONSUMPTION] = values.get(s.CONSUMPTION, 0.0) + change


class ControlledEcoCute:
    """The tank against the model's: ``mode`` as 0xB0 was last Set."""

    def __init__(self, circuit: str, run_of: Callable[[int], RefillRun],
                 midnight_of: Callable[[int], int], tank_of: Callable[[int], float]) -> None:
        self.circuit = circuit
        self.mode = "auto"
        self.load = ShiftedLoad()
        self._run_of, self._midnight_of, self._tank_of = run_of, midnight_of, tank_of
        self.heating_w = 0.0  # the heat pump now (the step's mean)

    def _runs(self, ordinal: int, minute: float) -> list[tuple[RefillRun, float, float]]:
        """(run, minute relative to its day, when its day's use began) for the runs that
        may be under way or drawn on now: yesterday's and today's."""
        out = []
        for day in (ordinal - 1, ordinal):
            run = self._run_of(day)
            before = self._run_of(day - 1)
            midnight = self._midnight_of(day)
            use_from = self._midnight_of(day - 1) + before.end_min - midnight
            out.append((run, minute - midnight, use_from))
        return out

    def model_heating_w(self, ordinal: int, minute: float) -> float:
        """The model's heat pump over the minute ``minute`` falls in (its minute mean, as
        the model's readings are)."""
        start = float(math.floor(minute))
        return 60.0 * sum(run.heated_wh(at + 1.0) - run.heated_wh(at)
                          for run, at, _ in self._runs(ordinal, start))

    def model_room_wh(self, ordinal: int, minute: float) -> float:
        """What the model's tank lacks of full, in the heat pump's electricity."""
        room = 0.0
        for run, at, use_from in self._runs(ordinal, minute):
            span = run.start_min - use_from
            used = run.energy_wh * min(max((at - use_from) / span, 0.0), 1.0)
            room += used - run.heated_wh(at)
        return room

    def room_wh(self, ordinal: int, minute: float) -> float:
        """What the controlled tank lacks of full."""
        return self.model_room_wh(ordinal, minute) - self.load.ahead_wh

    def step(self, values: dict[str, float], ordinal: int, minute: float, hours: float,
             mean_w: Callable[[], float]) -> dict[str, float]:
        """The reading ``values`` (the model's, at epoch ``minute`` of local day
        ``ordinal``, the end of a step of ``hours``) with the EcoCute as its setting
        makes it. ``mean_w``: the circuit's minute mean in the model."""
        model_w = self.model_heating_w(ordinal, minute)
        if self.load.follows_model(self.mode):
            self.heating_w = model_w
            return values
        room = self.model_room_wh(ordinal, minute)
        power = self.load.step(self.mode, model_w, self._run_of(ordinal).power_w, hours,
                               high_wh=room, low_wh=room - self._tank_of(ordinal))
        self.heating_w = power
        out = dict(values)
        _shift_circuit(out, self.circuit, power, model_w, mean_w())
        return out


class ControlledEv:
    """The car charger against the model's sessions: ``mode`` as 0xDA was last Set."""

    def __init__(self, circuit: str | None, charger_w: float, capacity_wh: float) -> None:
        self.circuit = circuit
        self.mode = "auto"
        self.load = ShiftedLoad()
        self.charger_w = charger_w
        self.capacity_wh = capacity_wh

    def level_pct(self) -> float:
        return min(max(EV_MODEL_LEVEL_PCT + self.load.ahead_wh / self.capacity_wh * 100.0,
                       0.0), 100.0)

    def step(self, values: dict[str, float], hours: float,
             mean_w: Callable[[], float]) -> dict[str, float]:
        """``mean_w``: the charger's minute mean in the model (all of it is charging)."""
        if self.circuit is None or self.load.follows_model(self.mode):
            return values
        model_w = mean_w()
        high = (100.0 - EV_MODEL_LEVEL_PCT) / 100.0 * self.capacity_wh
        low = -EV_MODEL_LEVEL_PCT / 100.0 * self.capacity_wh
        power = self.load.step(self.mode, model_w, self.charger_w, hours, high, low)
        out = dict(values)
        _shift_circuit(out, self.circuit, power, model_w, model_w)
        out[s.EV_CHARGE] = out[self.circuit]
        return out
