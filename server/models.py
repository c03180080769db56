"""Database tables. Secrets (token, confirmation code) are stored only as hashes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, Index, Integer
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

# 64-bit integers; on SQLite INTEGER (64-bit already; a key autoincrements only so).
ID64 = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, the form every time in the API takes."""
    if value is None:
        return None
    if value.tzinfo is None:  # some databases hand back naive UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class ServerModel(SQLModel, registry=registry()):
    """The server's own metadata: the panel's tables (a `device` too) live in SQLModel's
    default one, and both packages load in one process in tests."""


class Device(ServerModel, table=True):
    id: str = Field(primary_key=True)
    device_code: str = Field(index=True, unique=True)
    token_hash: str = Field(index=True, unique=True)
    registration_key_hash: str | None = None
    confirmation_salt: str
    confirmation_hash: str
    terms_version: str
    privacy_version: str
    prefecture: str
    # Free text of registrations before city codes; blanked at start-up (db.py) and ""
    # for every new one. Kept as a column because older databases have it NOT NULL.
    city: str = ""
    city_code: str | None = None  # JIS X 0402; None for registrations before codes
    postal_code: str | None = None
    household_size: int | None = None
    building_type: str
    energies: str  # JSON list
    registered: datetime = Field(default_factory=utcnow)
    accepted: datetime = Field(default_factory=utcnow)
    # Set when another panel took this one over: its token and confirmation code are
    # dead, and its data is deleted once the restore grant has expired.
    retired: datetime | None = None


class Backup(ServerModel, table=True):
    seq: int | None = Field(default=None, primary_key=True, sa_type=ID64)  # upload order
    id: str = Field(index=True, unique=True)
    device_id: str = Field(index=True, foreign_key="device.id")
    kind: str  # "full" | "incremental"
    base: str | None = None
    size: int = Field(sa_type=ID64)
    sha256: str
    created: datetime = Field(default_factory=utcnow)


class RestoreGrant(ServerModel, table=True):
    id: str = Field(primary_key=True)
    requester_id: str = Field(index=True)
    source_device_id: str = Field(index=True)
    backup_ids: str  # JSON list
    expires: datetime


class AttemptCounter(ServerModel, table=True):
    """Confirmation-code checks per scope ("addr:<ip>", "dev:<requester id>",
    "code:<device code>") in a fixed window; counted by one atomic upsert."""
    scope: str = Field(primary_key=True)
    window_start: float  # Unix seconds
    count: int


class Notice(ServerModel, table=True):
    id: int | None = Field(default=None, primary_key=True, sa_type=ID64)  # the API's cursor
    kind: str  # announcement | terms | maintenance
    importance: str = "normal"  # normal | important
    published: datetime = Field(default_factory=utcnow)
    expires: datetime | None = None
    lamp_until: datetime | None = None
    title_ja: str
    title_en: str
    body_ja: str
    body_en: str


class ServerState(ServerModel, table=True):
    key: str = Field(primary_key=True)
    value: str


class WeatherArea(ServerModel, table=True):
    """The last good forecast of one upstream request unit, and the refresh bookkeeping
    every worker goes through (server/weather/cache.py). Times are Unix seconds."""
    __tablename__ = "weather_area"
    key: str = Field(primary_key=True)  # e.g. "jma:130000", "open-meteo:35.6940,139.7540"
    payload: str | None = None  # JSON, as the provider stored it; None until one succeeded
    issued: float | None = None  # when upstream made it
    fetched: float | None = None  # when we got it
    attempted: float = 0.0  # the last refresh claimed
    failures: int = 0  # refreshes failed since the last good one
    claimed_until: float = 0.0  # a refresh is under way until then (a crashed worker's lapses)
    error: str | None = None  # why the last refresh failed


class WeatherWarning(ServerModel, table=True):
    """A warning or advisory for one municipality, from issue to lift (server/weather/
    warning_log.py). `source` "admin" ones are injected by `hems-center warn`."""
    __tablename__ = "weather_warning"
    id: str = Field(primary_key=True)  # stable across answers, e.g. 13101-heavy_rain-warning-…
    source: str  # "jma" | "admin"
    city_code: str = Field(index=True)
    code: str  # the upstream's code ("03"), or "admin"
    kind: str
    level: str
    issued: float  # Unix seconds
    lifted: float | None = Field(default=None, index=True)


class RemoteCode(ServerModel, table=True):
    """A one-time login code the panel shows to let a phone (or a speaker's app) in:
    redeemed once, within minutes, for a `RemoteToken` of that home only."""
    __tablename__ = "remote_code"
    code_hash: str = Field(primary_key=True)
    device_id: str = Field(index=True, foreign_key="device.id")
    expires: datetime


class RemoteToken(ServerModel, table=True):
    """A phone's or an app's access to one home (remote view, commands), revocable on
    the panel. The token itself is never stored."""
    __tablename__ = "remote_token"
    id: str = Field(primary_key=True)  # the panel names it when it lists or revokes
    device_id: str = Field(index=True, foreign_key="device.id")
    token_hash: str = Field(index=True, unique=True)
    label: str  # what the household sees on the panel, e.g. the phone's browser
    created: datetime = Field(default_factory=utcnow)
    last_used: datetime | None = None
    revoked: datetime | None = None


class HomeSummary(ServerModel, table=True):
    """The newest live summary a panel pushed (schemas.Summary, as JSON) for its phone
    page; one row per home, overwritten by every push, deleted with the home."""
    __tablename__ = "home_summary"
    device_id: str = Field(primary_key=True, foreign_key="device.id")
    payload: str
    received: datetime
    # A phone looked until then: the panel is asked to push every minute, not hourly.
    watched_until: datetime | None = None


class HomeDevices(ServerModel, table=True):
    """What a home's panel lets remote callers command: its controllable devices (the
    panel's last report, replaced whole) and whether the household allows it at all."""
    __tablename__ = "home_devices"
    device_id: str = Field(primary_key=True, foreign_key="device.id")
    allowed: bool = False  # the panel's switch; off: every command is refused (403)
    devices: str = "[]"  # JSON list of {id, class, name, actions}
    updated: datetime = Field(default_factory=utcnow)


class RemoteCommand(ServerModel, table=True):
    """One command of a remote caller for a home's panel, from queued to its outcome.
    `request_id` is the caller's idempotency key: one command per home and key."""
    __tablename__ = "remote_command"
    # One command per home and idempotency key: a replay finds the first one.
    __table_args__ = (Index("ux_remote_command_request", "device_id", "request_id",
                            unique=True),)
    id: str = Field(primary_key=True)
    device_id: str = Field(index=True, foreign_key="device.id")  # the home
    request_id: str
    token_id: str  # the remote token that sent it (not a foreign key: revoked ones stay)
    target: str  # the device id from the home's list
    action: str  # power | temperature | battery_mode
    value: str  # JSON
    state: str = Field(index=True)  # queued | delivered | done | refused | unreachable |
    # forbidden | device_gone | expired
    created: datetime
    expires: datetime  # queued: undelivered until then; delivered: no result after then
    delivered: datetime | None = None
    finished: datetime | None = None
    before: str | None = None  # JSON, as the panel read it
    after: str | None = None
    detail: str = ""
