"""Value types and the quirk table of `app.echonet.client` (kept apart to keep the client short)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from app.echonet.codec import EOJ


@dataclass(frozen=True)
class Reading:
    """One property value as read (or notified) at monotonic time `at`."""

    epc: int
    edt: bytes
    value: Any  # decoded via properties.decode; None when unknown or undecodable
    at: float

    def stale(self, now: float, interval_s: float) -> bool:
        """Older than two polling intervals: show as stale, never as current (SPEC)."""
        return now - self.at > 2 * interval_s


@dataclass(frozen=True)
class NodeInfo:
    """A node found by discovery: its device objects and their Get property maps."""

    address: str
    instances: tuple[EOJ, ...]
    get_maps: Mapping[EOJ, frozenset[int]] = field(default_factory=dict)
    manufacturers: Mapping[EOJ, int] = field(default_factory=dict)


SetReason = Literal["confirmed", "timeout", "refused", "not confirmed"]


@dataclass(frozen=True)
class SetResult:
    """Outcome of `EchonetClient.set`; truthy only when the device confirmed the values.

    `reason` is the key a UI translates; `message` is English for logs and the CLI.
    """

    ok: bool
    reason: SetReason
    epcs: tuple[int, ...] = ()  # the EPCs refused / not confirmed
    readings: Mapping[int, Reading] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.ok

    @property
    def message(self) -> str:
        epcs = ", ".join(f"0x{epc:02X}" for epc in self.epcs) or "(none)"
        if self.reason == "confirmed":
            return "set and confirmed by reading it back"
        if self.reason == "refused":
            return f"refused by the device (SetC_SNA): EPC {epcs}"
        if self.reason == "timeout":
            return f"no answer from the device: EPC {epcs}"
        return f"not confirmed: reading back EPC {epcs} did not show the value sent"


@dataclass(frozen=True)
class Quirk:
    """Per-model behaviour: batch limit and EPCs never to ask for."""

    max_batch: int | None = None
    skip_epcs: frozenset[int] = frozenset()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Quirk:
        unknown = set(data) - {"max_batch", "skip_epcs"}
        if unknown:
            raise ValueError(f"unknown quirk keys: {sorted(unknown)}")
        max_batch = data.get("max_batch")
        if max_batch is not None and (not isinstance(max_batch, int) or max_batch < 1):
            raise ValueError(f"max_batch must be a positive int, got {max_batch!r}")
        return cls(max_batch, frozenset(data.get("skip_epcs", ())))

    def merge(self, other: Quirk) -> Quirk:
        """Both apply: the smaller batch limit, the union of skipped EPCs."""
        limits = [m for m in (self.max_batch, other.max_batch) if m is not None]
        return Quirk(min(limits) if limits else None, self.skip_epcs | other.skip_epcs)


# Quirk table keys: ("class", 0x0287) or a bare int for a class code (group + class),
# ("maker", 0x00000B) for a manufacturer code (EPC 0x8A). Tuples keep the two apart:
# a 3-byte maker code and a 2-byte class code can be the same number.
QuirkKey = int | tuple[str, int]


def parse_quirks(
    table: Mapping[QuirkKey, Mapping[str, Any]] | None,
) -> dict[tuple[str, int], Quirk]:
    out: dict[tuple[str, int], Quirk] = {}
    for key, value in (table or {}).items():
        norm = ("class", key) if isinstance(key, int) else key
        if not (isinstance(norm, tuple) and len(norm) == 2 and norm[0] in ("class", "maker")):
            raise ValueError(f"bad quirk key {key!r}: use a class code int or ('maker', code)")
        out[norm] = Quirk.from_dict(value)
    return out


def quirk_for(table: Mapping[tuple[str, int], Quirk], eoj: EOJ, maker: int | None) -> Quirk:
    found = Quirk()
    keys: Iterable[tuple[str, int]] = [("class", eoj.class_code16)]
    if maker is not None:
        keys = [*keys, ("maker", maker)]
    for key in keys:
        if key in table:
            found = found.merge(table[key])
    return found
