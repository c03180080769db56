"""Request bodies (pydantic): the validation the API contract promises."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Energy = Literal["electricity", "gas", "water", "solar", "battery", "fuel_cell", "ev",
                 "heat_pump_water_heater"]
VERSION = r"^\d{4}-\d{2}-\d{2}$"


class Household(BaseModel):
    model_config = ConfigDict(extra="forbid")  # refuse names, addresses, anything else

    prefecture: str = Field(pattern=r"^(0[1-9]|[1-3][0-9]|4[0-7])$")
    # JIS X 0402 (5 digits, as in resources/municipalities): chosen from
    # /v1/municipalities, never typed, so no free text about the household is stored.
    city_code: str = Field(pattern=r"^\d{5}$")
    postal_code: str | None = Field(default=None, pattern=r"^\d{3}-\d{4}$")
    household_size: int | None = Field(default=None, ge=1, le=20)
    building_type: Literal["detached", "apartment", "other"]
    energies: list[Energy] = Field(default_factory=list, max_length=8)

    @field_validator("energies")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("energies must not repeat")
        return value


class CityChoice(BaseModel):
    """The municipality again, for devices registered before city codes (or that moved)."""
    model_config = ConfigDict(extra="forbid")

    prefecture: str = Field(pattern=r"^(0[1-9]|[1-3][0-9]|4[0-7])$")
    city_code: str = Field(pattern=r"^\d{5}$")


class Registration(BaseModel):
    model_config = ConfigDict(extra="forbid")

    device_code: str = Field(max_length=32)
    # The panel's own secret: its device code is derived from it (security.code_for_key),
    # and registering again with it reissues a lost token.
    registration_key: str = Field(min_length=32, max_length=128)
    terms_version: str = Field(pattern=VERSION)
    privacy_version: str = Field(pattern=VERSION)
    household: Household


class Acceptance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    terms_version: str = Field(pattern=VERSION)
    privacy_version: str = Field(pattern=VERSION)


class RestoreRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    device_code: str = Field(max_length=32)
    confirmation_code: str = Field(pattern=r"^\d{8}$")
