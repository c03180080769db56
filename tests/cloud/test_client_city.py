"""A household registered before city codes: the weather says so with its own error, and
choosing the city again (PUT /v1/devices/me/city) brings the forecast (real server)."""

from __future__ import annotations

import sqlite3

import pytest

from app.cloud.errors import CityRequired, Rejected
from tests.cloud.conftest import center, registered  # noqa: F401 (fixtures)


def forget_city(center, device_id: str) -> None:  # noqa: F811
    """As a server's start-up migration leaves a registration from before city codes."""
    with sqlite3.connect(center.data_dir / "center.sqlite3") as conn:
        changed = conn.execute("UPDATE device SET city_code = NULL WHERE id = ?",
                               (device_id,)).rowcount
    assert changed == 1


def test_the_city_chosen_again_brings_the_weather(center, registered) -> None:  # noqa: F811
    client, _code = registered()
    assert client.weather().area_code == "27205"
    forget_city(center, client.store.load().device_id)
    with pytest.raises(CityRequired) as refused:
        client.weather()
    assert refused.value.status == 409 and refused.value.code == "city_required"
    before = client.status().household
    assert before.city_code is None and before.city_name is None and before.prefecture == "27"

    status = client.choose_city("13", "13112")
    assert (status.household.prefecture, status.household.city_code,
            status.household.city_name) == ("13", "13112", "世田谷区")
    assert client.status().household == status.household
    forecast = client.weather()
    assert (forecast.area_code, forecast.area_name) == ("13112", "世田谷区")


def test_a_city_not_of_the_prefecture_is_refused_and_nothing_changes(
        center, registered) -> None:  # noqa: F811
    client, _code = registered()
    with pytest.raises(Rejected) as refused:
        client.choose_city("13", "27205")
    assert not isinstance(refused.value, CityRequired)
    assert (refused.value.status, refused.value.code) == (422, "invalid_request")
    assert client.status().household.city_code == "27205"
