"""Request bodies (pydantic): the validation the API contract promises."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

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


class RemoteLogin(BaseModel):
    """A phone redeems the code the panel shows (remote_access.redeem_code)."""
    model_config = ConfigDict(extra="forbid")

    code: str = Field(max_length=32)
    label: str | None = Field(default=None, max_length=80)


# The live summary a panel pushes for its phone page (PUT /v1/devices/me/summary). Every
# field is bounded: it is stored as sent (normalized) and shown to the household.
POWER_W = Field(default=None, ge=0, le=1_000_000)  # a home's flows are kW, not MW
ENERGY_KWH = Field(ge=0, le=100_000)
SUMMARY_MAX_NOTICES = 5
SUMMARY_MAX_BYTES = 8 * 1024
_SUMMARY_CONFIG = ConfigDict(extra="forbid", strict=True)  # "4" is not 4


class SummaryFlow(BaseModel):
    """Power now, in W (None: not measured in this home)."""
    model_config = _SUMMARY_CONFIG

    buy_w: float | None = POWER_W
    sell_w: float | None = POWER_W
    generation_w: float | None = POWER_W  # solar and fuel cell
    consumption_w: float | None = POWER_W
    battery_charge_w: float | None = POWER_W
    battery_discharge_w: float | None = POWER_W
    battery_soc_pct: float | None = Field(default=None, ge=0, le=100)
    ev_w: float | None = POWER_W
    stale: bool = False  # the newest reading is older than the panel's live interval allows


class SummaryToday(BaseModel):
    """Energy since the home's midnight, in kWh."""
    model_config = _SUMMARY_CONFIG

    bought_kwh: float = ENERGY_KWH
    sold_kwh: float = ENERGY_KWH
    generated_kwh: float = ENERGY_KWH
    used_kwh: float = ENERGY_KWH


class SummaryTitle(BaseModel):
    model_config = _SUMMARY_CONFIG

    ja: str = Field(min_length=1, max_length=120)
    en: str = Field(min_length=1, max_length=120)


class SummaryNotice(BaseModel):
    model_config = _SUMMARY_CONFIG

    title: SummaryTitle
    importance: Literal["normal", "important"]


class Summary(BaseModel):
    model_config = _SUMMARY_CONFIG

    taken_at: AwareDatetime  # on the panel's clock
    flow: SummaryFlow
    today: SummaryToday
    cost_today_yen: float | None = Field(default=None, ge=0, le=10_000_000)  # None: no plan
    notices: list[SummaryNotice] = Field(default_factory=list, max_length=SUMMARY_MAX_NOTICES)
    device_count: int = Field(ge=0, le=1000)
