from __future__ import annotations

import pytest

from app.domain.access_password import (
    PANEL_COST,
    PasswordPolicyError,
    ScryptCost,
    Throttle,
    hash_password,
    needs_rehash,
    verify_password,
    wait_after,
)

CHEAP = ScryptCost(2**10, 8)


def test_hash_verifies_only_the_same_password() -> None:
    encoded = hash_password("2468")
    assert encoded.startswith("scrypt$")
    assert "2468" not in encoded
    assert verify_password("2468", encoded)
    assert not verify_password("2469", encoded)
    assert hash_password("2468") != encoded  # salted


@pytest.mark.parametrize("garbage", ["", "scrypt$1$2", "md5$a$b$c$d$e", "scrypt$x$8$1$aa$bb"])
def test_malformed_hash_never_verifies(garbage: str) -> None:
    assert not verify_password("2468", garbage)


def test_short_password_is_refused() -> None:
    with pytest.raises(PasswordPolicyError):
        hash_password("12")


def test_the_panel_cost_is_at_least_2_to_the_17() -> None:
    assert PANEL_COST.n >= 2**17
    encoded = hash_password("2468", CHEAP)
    assert needs_rehash(encoded) and not needs_rehash(encoded, CHEAP)


def test_hashes_of_the_older_cheaper_kind_still_verify() -> None:
    old = hash_password("2468", ScryptCost(2**14, 8))  # what earlier versions stored
    assert old.startswith("scrypt$16384$8$1$")
    assert verify_password("2468", old) and needs_rehash(old)


def test_waits_grow_after_three_free_attempts_up_to_an_hour() -> None:
    assert [wait_after(n) for n in range(8)] == [0, 0, 0, 0, 15, 30, 60, 120]
    assert wait_after(40) == 3600


def test_a_clock_set_back_never_lengthens_the_wait() -> None:
    throttle = Throttle(5, locked_until=1_000_030.0)  # 30 s left at 1_000_000
    assert throttle.remaining(1_000_000.0) == 30
    assert throttle.remaining(0.0) == 30  # NTP at boot: the wait this count earns, no more
    assert throttle.remaining(1_000_030.0) == 0


def test_a_damaged_count_gives_no_free_attempts_and_no_lock_out() -> None:
    throttle = Throttle.parse("x", "y")
    assert throttle.remaining(0.0) == 0 and throttle.failed(0.0).remaining(0.0) == 15
