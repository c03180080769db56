"""Tokens, confirmation codes, device codes and the backup time (limits: throttle.py)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DEVICE_CODE = re.compile(rf"^[{CROCKFORD}]{{4}}-[{CROCKFORD}]{{4}}-[{CROCKFORD}]{{4}}$")
# Crockford decoding is forgiving: lower case, and I/L/O typed for 1/1/0.
_FORGIVE = str.maketrans({"I": "1", "L": "1", "O": "0"})

# PBKDF2 work factor for the 8-digit confirmation code: the code has only 10^8
# values, so a leaked table must not be cheap to search; the token is 256 random
# bits and needs no stretching.
_PBKDF2_ROUNDS = 20_000


def normalize_device_code(text: str) -> str | None:
    code = text.strip().upper().translate(_FORGIVE)
    return code if DEVICE_CODE.match(code) else None


def code_for_key(registration_key: str) -> str:
    """The device code that belongs to a registration key: its first 60 bits of
    SHA-256 in Crockford base32. Only the key's holder can register the code, so
    registration cannot be used to learn which codes are taken. (The panel derives
    it the same way, app/cloud/token_store.py.)"""
    digest = hashlib.sha256(b"hems-device-code|" + registration_key.encode()).digest()
    n = int.from_bytes(digest[:8], "big") >> 4
    chars = "".join(CROCKFORD[(n >> (5 * i)) & 31] for i in reversed(range(12)))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


LOGIN_CODE = re.compile(rf"^[{CROCKFORD}]{{4}}-[{CROCKFORD}]{{4}}$")


def new_login_code() -> str:
    """A remote-access login code, 40 random bits as XXXX-XXXX: typed on a phone within
    minutes, once, and its checks are counted (throttle.py)."""
    chars = "".join(secrets.choice(CROCKFORD) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def normalize_login_code(text: str) -> str | None:
    compact = text.strip().upper().replace("-", "").replace(" ", "").translate(_FORGIVE)
    code = f"{compact[:4]}-{compact[4:]}"
    return code if LOGIN_CODE.match(code) else None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_confirmation_code() -> str:
    return f"{secrets.randbelow(10**8):08d}"


def confirmation_hash(code: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", code.encode(), bytes.fromhex(salt),
                               _PBKDF2_ROUNDS).hex()


def confirmation_matches(code: str, salt: str, expected: str) -> bool:
    return hmac.compare_digest(confirmation_hash(code, salt), expected)


def new_salt() -> str:
    return secrets.token_hex(16)


# What an unknown device code is checked against, so that a wrong code costs the same
# PBKDF2 work whether or not the device exists (no timing oracle for registered codes).
DUMMY_SALT = new_salt()
DUMMY_HASH = confirmation_hash(new_confirmation_code(), DUMMY_SALT)


def backup_minute(key: bytes, device_id: str, day: str) -> int:
    """Minute of the day for a device's backup: spread over 00:30–23:59, stable per day."""
    digest = hmac.new(key, f"{device_id}|{day}".encode(), hashlib.sha256).digest()
    return 30 + int.from_bytes(digest[:8], "big") % (24 * 60 - 30)
