"""The simulated home's seed, kept in the store: the same data dir is always the same house.

Apart from demo_home: the panel reads the seed before its first frame, and the demo
house's set-up (commissioning, device commands) loads after it.
"""

from __future__ import annotations

from app.store import Store, StoreError

SEED_SETTING = "simulator_seed"


def resolve_seed(store: Store, seed: int | None) -> int:
    """The seed for this data dir; a different explicit seed is an error, not a new house."""
    stored = store.get_setting(SEED_SETTING)
    if seed is not None and stored is not None and int(stored) != seed:
        raise StoreError(f"{store.path} was simulated with seed {stored}, not {seed}. "
                         "Leave out --seed, or choose another --data-dir.")
    resolved = seed if seed is not None else int(stored) if stored is not None else 1
    if stored is None or int(stored) != resolved:
        store.set_setting(SEED_SETTING, str(resolved))
    return resolved
