"""The panel's access password: a memory-hard hash (scrypt) and growing waits after wrong entries.

The encoded form is ``scrypt$n$r$p$salt_b64$hash_b64``: hashes made with older,
cheaper parameters still verify, and `needs_rehash` says when the next correct
entry should store a new one.

Cost: N=2**17, r=5 takes ~225 ms and 80 MiB per guess (measured on the
development machine; a 4-digit PIN then costs an attacker ~40 core-minutes
instead of 7). That is still no defence for a short PIN against someone who has
the hash, so the hash never leaves the panel (`PRIVATE_SETTINGS` are left out of
every backup) and the prompt makes every guess after the third wait longer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class ScryptCost:
    n: int
    r: int
    p: int = 1


PANEL_COST = ScryptCost(2**17, 5)  # ~225 ms, 128 * r * n = 80 MiB
MIN_LENGTH = 4
_MAXMEM = 512 * 1024 * 1024  # the largest cost we accept from a stored hash

# Settings that belong to this panel only: never in a backup, never taken over.
PASSWORD_SETTING = "access_password_hash"
FAILURES_SETTING = "access_failures"
LOCKED_UNTIL_SETTING = "access_locked_until"
PRIVATE_SETTINGS = (PASSWORD_SETTING, FAILURES_SETTING, LOCKED_UNTIL_SETTING)

FREE_ATTEMPTS = 3  # a typo or two costs nothing
FIRST_WAIT_S = 15.0
LONGEST_WAIT_S = 3600.0


class PasswordPolicyError(ValueError):
    pass


def check_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordPolicyError(f"at least {MIN_LENGTH} characters")


def hash_password(password: str, cost: ScryptCost = PANEL_COST) -> str:
    check_policy(password)
    salt = secrets.token_bytes(16)
    digest = _derive(password, salt, cost.n, cost.r, cost.p)
    b64 = base64.b64encode
    return f"scrypt${cost.n}${cost.r}${cost.p}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, hash_b64 = encoded.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(hash_b64)
        digest = _derive(password, salt, int(n), int(r), int(p))
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)


def needs_rehash(encoded: str, cost: ScryptCost = PANEL_COST) -> bool:
    """True if `encoded` was made with other parameters than `cost` (e.g. the older, cheaper)."""
    try:
        scheme, n, r, p, _, _ = encoded.split("$")
        return scheme != "scrypt" or (int(n), int(r), int(p)) != (cost.n, cost.r, cost.p)
    except ValueError:
        return True


def wait_after(failures: int) -> float:
    """Seconds to wait after `failures` wrong entries in a row: 0 for the first three, then
    15, 30, 60 ... up to an hour."""
    if failures <= FREE_ATTEMPTS:
        return 0.0
    return min(FIRST_WAIT_S * 2.0 ** (failures - FREE_ATTEMPTS - 1), LONGEST_WAIT_S)


@dataclass(frozen=True)
class Throttle:
    """Wrong entries in a row and until when the next entry is refused (wall-clock seconds)."""

    failures: int = 0
    locked_until: float = 0.0

    @classmethod
    def parse(cls, failures: str | None, locked_until: str | None) -> Throttle:
        try:
            count = max(int(failures or 0), 0)
            until = float(locked_until or 0.0)
        except ValueError:
            return cls(FREE_ATTEMPTS, 0.0)  # damaged: no free attempts, but no lock-out either
        return cls(count, until if math.isfinite(until) else 0.0)

    def remaining(self, now: float) -> float:
        """Seconds left to wait. A clock set back (NTP at boot) never makes it longer than
        the wait this many failures earn."""
        return max(0.0, min(self.locked_until - now, wait_after(self.failures)))

    def failed(self, now: float) -> Throttle:
        failures = self.failures + 1
        return Throttle(failures, now + wait_after(failures))


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=_MAXMEM, dklen=32)
