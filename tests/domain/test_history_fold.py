"""The stacked breakdown shows the period's largest keys and one "others" for the rest."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import numpy as np

from app.domain.history import OTHERS, HistoryResult, top_keys_with_others
from app.domain.periods import Compare, HistoryRequest, Period

JST = timezone(timedelta(hours=9))
NAN = np.nan


def result(values: dict[str, list[float]], compare: dict[str, list[float]] | None = None
           ) -> HistoryResult:
    start = datetime(2026, 11, 1, tzinfo=JST)
    n = len(next(iter(values.values())))
    return HistoryResult(
        HistoryRequest(tuple(values), Period.MONTH, date(2026, 11, 1),
                       Compare.PREVIOUS if compare else Compare.NONE),
        start, start + timedelta(days=n), "kWh",
        np.array([start.timestamp() + 86400 * i for i in range(n)]), np.full(n, 86400.0),
        {k: np.array(v) for k, v in values.items()},
        None if compare is None else {k: np.array(v) for k, v in compare.items()})


def test_the_largest_keys_stay_and_the_rest_is_summed_bucket_by_bucket():
    r = result({"a": [1, 1], "b": [5, 5], "c": [2, NAN], "d": [NAN, NAN], "e": [0.5, 3]})
    folded, rest = top_keys_with_others(r, keep=2)
    assert folded.request.keys == ("b", "e", OTHERS)  # e (3.5) beats c (2), a (2)
    assert rest == ("a", "c", "d")  # a before c: equal totals keep the request's order
    np.testing.assert_array_equal(folded.values[OTHERS], [3.0, 1.0])
    np.testing.assert_array_equal(folded.values["b"], [5, 5])
    # The period's total is unchanged by folding.
    assert sum(folded.total(k) for k in folded.request.keys) == 17.5


def test_others_is_a_gap_where_none_of_its_keys_has_data():
    r = result({"a": [9, 9], "b": [8, 8], "c": [1, NAN], "d": [NAN, NAN]})
    folded, _ = top_keys_with_others(r, keep=2)
    assert np.isnan(folded.values[OTHERS][1]) and folded.values[OTHERS][0] == 1


def test_compare_is_folded_by_this_periods_split():
    r = result({"a": [1], "b": [5], "c": [2]}, compare={"a": [7], "b": [1], "c": [2]})
    folded, _ = top_keys_with_others(r, keep=1)
    assert folded.request.keys == ("b", OTHERS)
    assert folded.compare == {"b": folded.compare["b"], OTHERS: folded.compare[OTHERS]}
    assert folded.compare[OTHERS][0] == 9


def test_nothing_is_folded_when_the_keys_fit_or_one_would_be_alone():
    r = result({"a": [1], "b": [2], "c": [3]})
    assert top_keys_with_others(r, keep=3)[0].request.keys == ("c", "b", "a")
    assert top_keys_with_others(r, keep=2)[0].request.keys == ("c", "b", "a")


def test_skip_shows_the_next_keys_after_the_top():
    r = result({k: [float(v)] for k, v in zip("abcdefgh", range(8, 0, -1), strict=True)})
    folded, rest = top_keys_with_others(r, keep=2, skip=2)
    assert folded.request.keys == ("c", "d", OTHERS) and rest == ("e", "f", "g", "h")
    assert folded.values[OTHERS][0] == 4 + 3 + 2 + 1
    last, rest = top_keys_with_others(r, keep=2, skip=6)
    assert last.request.keys == ("g", "h") and rest == ()

