"""Hypothesis strategies for ECHONET Lite frames."""

from __future__ import annotations

from hypothesis import strategies as st

from app.echonet.codec import EOJ, ESV, SETGET_ESVS, Frame, Property

bytes_255 = st.integers(0, 255)
eojs = st.builds(EOJ, bytes_255, bytes_255, bytes_255)
props = st.builds(Property, bytes_255, st.binary(max_size=255))
blocks = st.lists(props, max_size=12).map(tuple)


@st.composite
def frames(draw: st.DrawFn) -> Frame:
    esv = draw(st.sampled_from(list(ESV)))
    return Frame(
        tid=draw(st.integers(0, 0xFFFF)),
        seoj=draw(eojs),
        deoj=draw(eojs),
        esv=esv,
        properties=draw(blocks),
        get_properties=draw(blocks) if esv in SETGET_ESVS else (),
    )
