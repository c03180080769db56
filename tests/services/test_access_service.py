"""Wrong access passwords make the next try wait longer, across restarts; old hashes are
upgraded on the next correct entry. The clock is a hand-set number."""

from __future__ import annotations

from app.domain.access_password import (
    PASSWORD_SETTING,
    ScryptCost,
    hash_password,
    needs_rehash,
)
from app.services.access_service import AccessService
from app.services.settings_backend import MemorySettings

CHEAP = ScryptCost(2**10, 8)
OLD = ScryptCost(2**8, 8)


def make(settings: MemorySettings, clock: list[float]) -> AccessService:
    return AccessService(settings, lambda: clock[0], cost=CHEAP)


def test_wrong_entries_lock_out_for_growing_times_even_after_a_restart(qtbot) -> None:
    settings, clock = MemorySettings(), [1_000_000.0]
    access = make(settings, clock)
    access.set_password("2468")
    for _ in range(3):
        assert not access.verify("1111")
        assert access.wait_seconds() == 0  # three free attempts
    assert not access.verify("1111")
    assert access.wait_seconds() == 15
    assert not access.verify("2468")  # refused meanwhile, even the right one

    restarted = make(settings, clock)  # the count lives in the store
    assert restarted.wait_seconds() == 15
    clock[0] += 15
    assert not restarted.verify("1111")
    assert restarted.wait_seconds() == 30
    clock[0] += 30
    assert restarted.verify("2468")
    assert restarted.wait_seconds() == 0
    assert not restarted.verify("1111") and restarted.wait_seconds() == 0  # count reset


def test_an_old_hash_verifies_and_is_replaced_by_a_costlier_one(qtbot) -> None:
    settings = MemorySettings({PASSWORD_SETTING: hash_password("2468", OLD)})
    access = make(settings, [0.0])
    assert not access.verify("1357")
    assert needs_rehash(settings.get_setting(PASSWORD_SETTING), CHEAP)  # not on a wrong one
    assert access.verify("2468")
    stored = settings.get_setting(PASSWORD_SETTING)
    assert not needs_rehash(stored, CHEAP) and stored.startswith("scrypt$1024$8$1$")
    assert access.verify("2468")
