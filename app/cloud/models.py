"""Immutable values the center client returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
class Household:
    prefecture: str  # JIS code "01"–"47"
    city_code: str | None  # JIS X 0402, 5 digits; None only for registrations before codes
    building_type: str  # detached | apartment | other
    energies: tuple[str, ...] = ()
    postal_code: str | None = None  # "NNN-NNNN"
    household_size: int | None = None
    city_name: str | None = None  # for showing ("世田谷区"); never sent, the code is


@dataclass(frozen=True)
class Registration:
    device_id: str
    device_code: str
    confirmation_code: str  # shown to the user once; never stored by the panel
    terms_version: str
    privacy_version: str


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
class Municipality:
    code: str  # JIS X 0402, 5 digits, e.g. "13112"
    prefecture: str  # "01"–"47"
    name: str  # kanji, e.g. "世田谷区"
    kana: str  # reading, e.g. "セタガヤク"
    lat: float | None = None  # a representative point, for the weather
    lon: float | None = None
