from __future__ import annotations

import pytest

from app.domain.access_password import PasswordPolicyError, hash_password, verify_password


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
