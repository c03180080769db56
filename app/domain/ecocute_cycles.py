"""When the EcoCute may heat within a plan: its refills and their windows, as slot indices.

A refill serves one local day's hot water (the evening bath, the next morning's showers):
the unit heats it in the night window that ends that morning, or, with 沸き上げシフト,
in that day's window while the PV forecast has a surplus (AiSEG2 moves the night's
heating into the day's surplus when that is cheaper). Night slots are listed whole, also
those outside the horizon (negative, or >= n), so that a refill cut by the horizon's end
asks of the horizon only what cannot wait; day slots only inside it, where the forecast
says whether there is a surplus.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.domain.charge_plan import SLOT, SLOT_HOURS, EcoCuteSpec, PlanInputs


@dataclass(frozen=True, slots=True)
class Refill:
    day: date  # the day whose hot water it heats
    night: tuple[int, ...]  # the whole night window (slots, possibly outside the horizon)
    day_slots: tuple[int, ...]  # surplus slots of the day window inside the horizon
    deadline: datetime  # the end of its last window
    required_wh: float  # still to heat (the refill in progress: less what it has done)
    max_slot_wh: float  # the heat pump's energy in one slot

    def night_in(self, n: int) -> tuple[int, ...]:
        return tuple(i for i in self.night if 0 <= i < n)

    def allowed(self, n: int) -> tuple[int, ...]:
        return tuple(sorted(self.night_in(n) + self.day_slots))

    def min_in_horizon_wh(self, n: int) -> float:
        """What must be heated inside the horizon: the rest fits in the night after it."""
        after = sum(1 for i in self.night if i >= n)
        return max(0.0, self.required_wh - after * self.max_slot_wh)


def _at(day: date, moment: time, start: datetime) -> datetime:
    return datetime.combine(day, moment, tzinfo=start.tzinfo)


def _slot_index(moment: datetime, start: datetime) -> int:
    return round((moment.timestamp() - start.timestamp()) / SLOT.total_seconds())


def _night(spec: EcoCuteSpec, day: date, start: datetime) -> tuple[datetime, datetime]:
    """The night window that ends on `day` (it began the evening before if it crosses 0:00)."""
    begins_before = spec.night_start > spec.night_end
    first = day - timedelta(days=1) if begins_before else day
    return _at(first, spec.night_start, start), _at(day, spec.night_end, start)


def refills(inputs: PlanInputs) -> tuple[Refill, ...]:
    """The refills whose windows end after the plan's start and begin before its end."""
    spec = inputs.ecocute
    if spec is None:
        return ()
    start, n = inputs.start, inputs.n
    end = inputs.slot_start(n)
    out: list[Refill] = []
    first_open = True
    day = start.date() - timedelta(days=1)
    while True:
        night_from, night_to = _night(spec, day, start)
        if night_from >= end:
            break
        window_end = _at(day, spec.day_end, start) if spec.day_shift else night_to
        deadline = max(window_end, night_to)
        if deadline > start:
            first, last = _slot_index(night_from, start), _slot_index(night_to, start)
            day_slots: tuple[int, ...] = ()
            if spec.day_shift:
                lo = max(0, _slot_index(_at(day, spec.day_start, start), start))
                hi = min(n, _slot_index(_at(day, spec.day_end, start), start))
                day_slots = tuple(i for i in range(lo, hi)
                                  if inputs.pv_wh[i] > inputs.load_wh[i])
            done = spec.heated_wh if first_open else 0.0
            first_open = False
            out.append(Refill(day, tuple(range(first, last)), day_slots, deadline,
                              max(0.0, spec.heating_on(day) - done),
                              spec.power_w * SLOT_HOURS))
        day += timedelta(days=1)
    return tuple(out)
