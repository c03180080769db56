"""Block codec: exact round trip of integers, 0.1-unit precision for floats."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from app.store import codec

_ints = st.integers(min_value=-(10**13), max_value=10**13)


@given(
    q=hnp.arrays(np.int64, st.tuples(st.integers(1, 6), st.integers(1, 70)), elements=_ints),
    data=st.data(),
)
@settings(max_examples=200, deadline=None)
def test_pack_unpack_integers_exact(q: np.ndarray, data: st.DataObject) -> None:
    present = data.draw(hnp.arrays(bool, q.shape))
    blobs = codec.pack(q, present)
    q2, p2 = codec.unpack(blobs, q.shape[1])
    assert (p2 == present).all()
    assert (q2[present] == q[present]).all()
    assert (q2[~present] == 0).all()


_floats = st.one_of(
    st.floats(-1e12, 1e12, allow_nan=False),
    st.floats(-5000, 5000, allow_nan=False),
    st.just(float("nan")),
)


@given(values=hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.just(60)), elements=_floats))
@settings(max_examples=200, deadline=None)
def test_float_round_trip_keeps_gaps_and_tenths(values: np.ndarray) -> None:
    q, present = codec.quantize(values)
    q2, p2 = codec.unpack(codec.pack(q, present), 60)
    back = codec.dequantize(q2, p2)
    assert (np.isnan(back) == np.isnan(values)).all()
    ok = ~np.isnan(values)
    # Half a tenth, plus what float64 itself cannot resolve at 1e12.
    tol = 0.05 + np.abs(values[ok]) * 4e-16
    assert (np.abs(back[ok] - values[ok]) <= tol).all()


def test_typical_block_is_small() -> None:
    rng = np.random.default_rng(3)
    v = np.round(120 + rng.normal(0, 3, (100, 60)), 1)
    blobs = codec.pack(*codec.quantize(v))
    assert sum(map(len, blobs)) / v.size < 1.6  # about 9-10 bits per noisy minute
    flat = codec.pack(*codec.quantize(np.zeros((1, 60))))[0]
    assert len(flat) <= 3  # an idle hour costs a few bytes


def test_whole_units_are_stored_without_the_tenths() -> None:
    v = np.round(np.random.default_rng(4).normal(500, 30, (1, 60)))
    fine = codec.pack(*codec.quantize(v + 0.1 * (np.arange(60) % 2)))[0]
    whole = codec.pack(*codec.quantize(v))[0]
    assert len(whole) < len(fine) - 15


@pytest.mark.parametrize("bad", [np.inf, -np.inf, 2e12, -2e12])
def test_out_of_range_values_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        codec.quantize(np.array([1.0, bad]))
