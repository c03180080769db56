"""Remote access to one home: login codes shown on the panel, tokens for phones and apps.

The panel asks for a code (its own bearer token); a phone redeems the code once, before
it expires, for a token scoped to that home; the panel lists and revokes the tokens.
Remote view and the commands relay authenticate their callers with `token_for`. Only
hashes are stored. A code is taken by one atomic DELETE … RETURNING, so two phones
racing on one code cannot both get a token.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from server import commands
from server.models import Device, HomeSummary, RemoteCode, RemoteToken
from server.security import new_login_code, new_token, normalize_login_code, token_hash

CODE_TTL = timedelta(minutes=10)
MAX_OPEN_CODES = 5  # per home: asking again drops the oldest
LABEL_MAX = 80
_LAST_USED_EVERY = timedelta(minutes=1)  # not a write per request


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite hands back naive


def issue_code(session: Session, device_id: str, now: datetime) -> tuple[str, datetime]:
    """A new login code for `device_id` and when it expires; the caller commits."""
    session.exec(delete(RemoteCode).where(RemoteCode.device_id == device_id,
                                          RemoteCode.expires <= now))
    open_codes = session.exec(select(RemoteCode).where(RemoteCode.device_id == device_id)
                              .order_by(RemoteCode.expires)).all()
    for old in open_codes[:max(0, len(open_codes) - MAX_OPEN_CODES + 1)]:
        session.delete(old)
    code = new_login_code()
    expires = now + CODE_TTL
    session.add(RemoteCode(code_hash=token_hash(code), device_id=device_id, expires=expires))
    return code, expires


def redeem_code(session: Session, code: str, label: str,
                now: datetime) -> tuple[str, RemoteToken] | None:
    """The token (shown once) and its row for a valid code, else None (unknown, typed
    wrong, expired, used, or the home is gone); the caller commits. Counting the
    attempts is the route's job (throttle.reserve)."""
    normal = normalize_login_code(code)
    if normal is None:
        return None
    table = RemoteCode.__table__
    taken = session.execute(delete(table).where(table.c.code_hash == token_hash(normal),
                                                table.c.expires > now)
                            .returning(table.c.device_id)).first()
    if taken is None:
        return None
    device = session.get(Device, taken[0])
    if device is None or device.retired is not None:
        return None
    token = new_token()
    row = RemoteToken(id=secrets.token_hex(8), device_id=device.id,
                      token_hash=token_hash(token),
                      label=(label.strip() or "?")[:LABEL_MAX], created=now)
    session.add(row)
    return token, row


def token_for(session: Session, token: str, now: datetime) -> RemoteToken | None:
    """The live token row for a bearer token, else None (unknown, revoked, or its home
    retired); notes when it was last used (the caller commits)."""
    row = session.exec(select(RemoteToken).where(RemoteToken.token_hash == token_hash(token),
                                                 RemoteToken.revoked.is_(None))).first()
    if row is None:
        return None
    device = session.get(Device, row.device_id)
    if device is None or device.retired is not None:
        return None
    if row.last_used is None or now - _aware(row.last_used) >= _LAST_USED_EVERY:
        row.last_used = now
        session.add(row)
    return row


def tokens_of(session: Session, device_id: str) -> list[RemoteToken]:
    """The home's live tokens, newest first (what the panel lists)."""
    return list(session.exec(select(RemoteToken).where(RemoteToken.device_id == device_id,
                                                       RemoteToken.revoked.is_(None))
                             .order_by(RemoteToken.created.desc())).all())


def revoke(session: Session, device_id: str, token_id: str, now: datetime) -> bool:
    """Revoke one of the home's tokens; False if it has no such live token."""
    row = session.get(RemoteToken, token_id)
    if row is None or row.device_id != device_id or row.revoked is not None:
        return False
    row.revoked = now
    session.add(row)
    return True


def sweep_expired_codes(session: Session, now: datetime) -> None:
    """Codes nobody used (housekeeping, hourly): a home that never asks again keeps none."""
    session.exec(delete(RemoteCode).where(RemoteCode.expires <= now))


def forget_home(session: Session, device_id: str) -> None:
    """Everything remote access holds for a home (its deletion; retention.py). Tables
    added for remote view and commands delete their rows here too, before the device."""
    commands.forget(session, device_id)
    session.exec(delete(RemoteCode).where(RemoteCode.device_id == device_id))
    session.exec(delete(HomeSummary).where(HomeSummary.device_id == device_id))
    session.exec(delete(RemoteToken).where(RemoteToken.device_id == device_id))
