"""The household as the panel registers it with the center server, and the result.

Values of the registration wizard (app/ui/wizards) and the cloud client alike: who
the household is in the few facts the service asks (prefecture, municipality code,
building, energies; never a name or an address), the municipalities to choose the
city from, and what registering returns.
"""

from __future__ import annotations

from dataclasses import dataclass


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
class Municipality:
    code: str  # JIS X 0402, 5 digits, e.g. "13112"
    prefecture: str  # "01"–"47"
    name: str  # kanji, e.g. "世田谷区"
    kana: str  # reading, e.g. "セタガヤク"
    lat: float | None = None  # a representative point, for the weather
    lon: float | None = None
