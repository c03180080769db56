"""When to send a full backup instead of an increment.

A restore needs the last full backup and every increment after it, so the
chain is kept short: a new full backup every `full_every_days`, after
`max_increments` increments, or once the increments add up to a good part of
a full backup (a big backfill or a re-import makes increments large; then a
fresh baseline costs little more and restores faster).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .archive_file import FULL, INCREMENTAL

DAY = 86_400.0


@dataclass(frozen=True)
class Confirmed:
    """An archive the server confirmed it holds."""

    kind: str
    sha256: str
    size: int
    content_hash: str
    made_at: float  # unix seconds


@dataclass(frozen=True)
class BackupPolicy:
    full_every_days: float = 30.0
    max_increments: int = 40
    max_chain_fraction: float = 0.5  # increments since the full, as a fraction of its size


def choose_kind(now: float, chain: Sequence[Confirmed], base_present: bool,
                policy: BackupPolicy | None = None) -> str:
    """FULL or INCREMENTAL for the next backup, given the confirmed chain (its full first)."""
    policy = policy or BackupPolicy()
    if not base_present or not chain or chain[0].kind != FULL:
        return FULL
    full = chain[0]
    age = now - full.made_at
    # A clock that jumped back by more than a day (a kiosk before NTP) cannot be trusted.
    if age >= policy.full_every_days * DAY or age < -DAY:
        return FULL
    increments = chain[1:]
    if len(increments) >= policy.max_increments:
        return FULL
    if sum(a.size for a in increments) >= policy.max_chain_fraction * full.size:
        return FULL
    return INCREMENTAL
