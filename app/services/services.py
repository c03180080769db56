"""The set of services the UI is given (built once in app.main)."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.access_service import AccessService
from app.services.devices_service import DevicesService
from app.services.home_service import HomeService
from app.services.preferences_service import PreferencesService


@dataclass(frozen=True)
class Services:
    home: HomeService
    access: AccessService
    preferences: PreferencesService
    devices: DevicesService
