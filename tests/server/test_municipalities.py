"""The shipped municipality list and GET /v1/municipalities."""

from __future__ import annotations

from server.config import RESOURCES_DIR
from server.municipalities import Municipalities


def test_the_shipped_list_covers_japan():
    table = Municipalities(RESOURCES_DIR / "municipalities" / "municipalities.csv")
    assert len(table) == 1741
    assert {m.prefecture for m in table._by_code.values()} == {f"{n:02d}" for n in range(1, 48)}
    setagaya = table.get("13112")
    assert setagaya.name == "世田谷区" and setagaya.kana == "セタガヤク"
    assert 35.5 < setagaya.lat < 35.8 and 139.5 < setagaya.lon < 139.8
    assert all(m.lat is not None for m in table._by_code.values())
    # Every point lies in Japan's bounding box.
    assert all(20 < m.lat < 46 and 122 < m.lon < 154 for m in table._by_code.values())


def test_municipalities_of_a_prefecture_are_public(api):
    r = api.get("/v1/municipalities", params={"prefecture": "13"})
    assert r.status_code == 200
    body = r.json()
    assert body["prefecture"] == "13" and len(body["municipalities"]) == 62
    assert {"code": "13112", "prefecture": "13", "name": "世田谷区", "kana": "セタガヤク"}.items() \
        <= next(m for m in body["municipalities"] if m["code"] == "13112").items()
    for bad in ("48", "00", "1", "tokyo"):
        assert api.get("/v1/municipalities", params={"prefecture": bad}).status_code == 422
    assert api.get("/v1/municipalities").status_code == 422
