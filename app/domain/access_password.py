"""The panel's access password, stored as a memory-hard hash (scrypt).

The encoded form is ``scrypt$n$r$p$salt_b64$hash_b64`` so parameters can be
raised later without breaking existing hashes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# ~16 MiB of memory per guess (128 * r * n bytes): cheap once, costly to brute-force.
_N, _R, _P = 2**14, 8, 1
MIN_LENGTH = 4


class PasswordPolicyError(ValueError):
    pass


def check_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordPolicyError(f"at least {MIN_LENGTH} characters")


def hash_password(password: str) -> str:
    check_policy(password)
    salt = secrets.token_bytes(16)
    digest = _derive(password, salt, _N, _R, _P)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, hash_b64 = encoded.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(hash_b64)
        digest = _derive(password, salt, int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * 1024 * 1024, dklen=32)
