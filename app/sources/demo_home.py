"""The simulated home a data directory runs on until real devices are configured.

The seed is remembered in the store, so a resumed backfill or a restarted
panel continues the same house.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.store import Store, StoreError

if TYPE_CHECKING:
    from app.sources.simulator import SimulatedHome

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


def build_demo_home(store: Store, seed: int) -> SimulatedHome:
    """The model, with its circuits and series recorded in the store."""
    # Imported here: numpy-heavy model code stays off the panel's start-up path
    # (the panel builds the home on the collector thread, after the first frame).
    from app.sources.simulator import HomeConfig, SimulatedHome

    home = SimulatedHome(HomeConfig(seed=seed))
    store.save_circuits(home.circuits)
    store.define_series(home.series)
    store.flush()
    return home
