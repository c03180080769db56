"""Immutable values the center client returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.household import Household


@dataclass(frozen=True)
class DocumentVersion:
    kind: str
    version: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    kind: str
    version: str
    lang: str
    title: str
    body: str


@dataclass(frozen=True)
class DeviceStatus:
    device_id: str
    device_code: str
    terms_version: str
    privacy_version: str
    current_terms_version: str | None
    current_privacy_version: str | None
    needs_acceptance: bool
    household: Household


@dataclass(frozen=True)
class BackupInfo:
    id: str
    kind: str  # full | incremental
    base: str | None
    size: int
    sha256: str
    created: datetime | None = None


@dataclass(frozen=True)
class RestorePlan:
    restore_id: str
    chain: tuple[BackupInfo, ...]  # the latest full backup first, then its increments


@dataclass(frozen=True)
class RatePlanSummary:
    id: str
    name: dict
    company: dict
    sha256: str


@dataclass(frozen=True)
class RatePlanListing:
    version: str | None  # changes whenever a plan is added, changed or removed (None: an
    plans: tuple[RatePlanSummary, ...]  # older server that did not say)


@dataclass(frozen=True)
class ManualSummary:
    class_code: int
    maker: int | None  # None: the class's manual; else that maker's notes
    version: str
    sha256: str


@dataclass(frozen=True)
class ManualListing:
    version: str
    etag: str | None  # send back as If-None-Match: the server answers 304 until it changes
    manuals: tuple[ManualSummary, ...]


@dataclass(frozen=True)
class Notice:
    id: str
    kind: str  # announcement | terms | maintenance
    importance: str  # normal | important
    published: datetime
    expires: datetime | None
    lamp_until: datetime | None
    title: dict  # {"ja": ..., "en": ...}
    body: dict


@dataclass(frozen=True)
class NoticePage:
    notices: tuple[Notice, ...]
    next: str  # the cursor for the next call; equal to the one sent when nothing is new




@dataclass(frozen=True)
class RemoteCode:
    """A one-time login code for a phone, and the link with it (POST remote-codes)."""
    code: str  # XXXX-XXXX
    expires: datetime
    url: str


@dataclass(frozen=True)
class RemoteTokenInfo:
    """A phone (or app) that can see this home (GET remote-tokens); the token itself
    never comes back."""
    id: str
    label: str
    created: datetime
    last_used: datetime | None


@dataclass(frozen=True)
class PushAnswer:
    """The server's answer to a summary push."""
    every_s: int  # until the next push
    stored: bool  # False: no phone can see the home, so the server kept nothing


@dataclass(frozen=True)
class RemoteOrderWire:
    """A command the commands relay handed to this panel (GET /v1/devices/me/commands)."""
    id: str
    device: str
    action: str
    value: str | int
