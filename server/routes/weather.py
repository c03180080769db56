"""GET /v1/weather: the forecast and warnings of the device's municipality."""

from __future__ import annotations

from fastapi import APIRouter

from server.deps import CenterDep, DeviceDep
from server.errors import ApiError

router = APIRouter()


@router.get("/weather")
def weather(device: DeviceDep, center: CenterDep) -> dict:
    if device.retired is not None:  # its token is dead already; never serve it anyway
        raise ApiError(401, "unauthorized", "unknown or revoked token",
                       {"WWW-Authenticate": "Bearer"})
    if not device.city_code:
        raise ApiError(409, "city_required", "this panel was registered before the city was "
                       "chosen from the list: choose the city again in the registration "
                       "settings (PUT /v1/devices/me/city) to get the weather")
    return center.weather.answer(device.city_code, center.clock())
