"""30-minute targets as time ranges: read from the 48 slots, set and cleared by range."""

from __future__ import annotations

from datetime import time

import pytest

from app.domain.target_ranges import TargetRange, slot_of, slot_time, target_ranges, with_range

NONE = (None,) * 48


def test_ranges_are_runs_of_one_target():
    targets = with_range(with_range(NONE, 36, 40, 1000.0), 40, 42, 500.0)
    assert target_ranges(targets) == (TargetRange(36, 40, 1000.0), TargetRange(40, 42, 500.0))
    assert (target_ranges(targets)[0].start, target_ranges(targets)[0].end) == (
        time(18), time(20))
    assert target_ranges(NONE) == ()
    assert target_ranges((800.0,) * 48) == (TargetRange(0, 48, 800.0),)
    assert TargetRange(44, 48, 1.0).end == time(0)  # midnight ends the day


def test_a_range_is_set_over_what_was_there_and_cleared():
    targets = with_range(NONE, 34, 42, 1000.0)
    targets = with_range(targets, 36, 38, 600.0)
    assert target_ranges(targets) == (TargetRange(34, 36, 1000.0), TargetRange(36, 38, 600.0),
                                      TargetRange(38, 42, 1000.0))
    assert target_ranges(with_range(targets, 34, 42, None)) == ()


def test_a_range_may_run_over_midnight():
    targets = with_range(NONE, 44, 4, 700.0)  # 22:00–02:00
    assert target_ranges(targets) == (TargetRange(0, 4, 700.0), TargetRange(44, 48, 700.0))


def test_times_and_slots():
    assert slot_of(time(18, 30)) == 37 and slot_time(37) == time(18, 30)
    assert slot_time(48) == time(0)


@pytest.mark.parametrize(("first", "end", "wh"), [(48, 50, 1.0), (-1, 3, 1.0), (3, 0, 1.0),
                                                  (3, 5, 0.0), (3, 5, -2.0)])
def test_nonsense_is_refused(first, end, wh):
    with pytest.raises(ValueError):
        with_range(NONE, first, end, wh)


def test_a_day_has_48_targets():
    with pytest.raises(ValueError):
        target_ranges((None,) * 47)
