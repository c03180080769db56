"""30-minute power-saving targets (節電設定) as time ranges, for editing by touch.

A day type's targets are 48 values (Wh bought per 30-minute slot, None: no target);
a household thinks of them as "17:00–21:00: at most 1.0 kWh each half hour". These
turn one into the other: the ranges of equal targets, and a range set or cleared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

SLOTS = 48


def slot_time(slot: int) -> time:
    """Slot 0..48 as a wall-clock time (48: the day's end, shown as 00:00)."""
    slot %= SLOTS
    return time(slot // 2, slot % 2 * 30)


def slot_of(moment: time) -> int:
    return moment.hour * 2 + moment.minute // 30


@dataclass(frozen=True, slots=True)
class TargetRange:
    first_slot: int
    end_slot: int  # exclusive; 48 is midnight
    wh: float

    @property
    def start(self) -> time:
        return slot_time(self.first_slot)

    @property
    def end(self) -> time:
        return slot_time(self.end_slot)


def _check(targets: tuple[float | None, ...]) -> None:
    if len(targets) != SLOTS:
        raise ValueError(f"a day has {SLOTS} targets, not {len(targets)}")


def target_ranges(targets: tuple[float | None, ...]) -> tuple[TargetRange, ...]:
    """Runs of slots with the same target, in the day's order."""
    _check(targets)
    out = []
    first = 0
    for i in range(1, SLOTS + 1):
        if i == SLOTS or targets[i] != targets[first]:
            wh = targets[first]
            if wh is not None:
                out.append(TargetRange(first, i, wh))
            first = i
    return tuple(out)


def with_range(targets: tuple[float | None, ...], first_slot: int, end_slot: int,
               wh: float | None) -> tuple[float | None, ...]:
    """The targets with slots first_slot .. end_slot - 1 set to `wh` (None: cleared).
    A range that ends before it starts runs over midnight (22:00–02:00)."""
    _check(targets)
    if not (0 <= first_slot < SLOTS and 0 < end_slot <= SLOTS):
        raise ValueError(f"no such range of slots: {first_slot}..{end_slot}")
    if wh is not None and not wh > 0:
        raise ValueError(f"a target must be positive, not {wh}")
    slots = (range(first_slot, end_slot) if end_slot > first_slot
             else [*range(first_slot, SLOTS), *range(0, end_slot)])
    out = list(targets)
    for i in slots:
        out[i] = wh
    return tuple(out)
