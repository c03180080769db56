"""One panel can never read or change another panel's data, on any endpoint."""

from __future__ import annotations

from tests.current_documents import TERMS
from tests.server.conftest import HOUSEHOLD, register, upload


def test_every_private_endpoint_needs_a_token(api):
    calls = [("GET", "/v1/devices/me"), ("POST", "/v1/devices/me/acceptance"),
             ("DELETE", "/v1/devices/me"), ("GET", "/v1/devices/me/backup-time?date=2026-11-25"),
             ("POST", "/v1/devices/me/backups"), ("GET", "/v1/devices/me/backups"),
             ("POST", "/v1/restore"), ("GET", "/v1/restore/x/backups/y"),
             ("GET", "/v1/rate-plans"), ("GET", "/v1/rate-plans/tepco-juryo-dento-b"),
             ("GET", "/v1/notices")]
    for method, path in calls:
        for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
            r = api.request(method, path, headers=headers)
            assert r.status_code == 401, (method, path, headers)
            assert r.json()["error"]["code"] == "unauthorized"


def test_two_devices_see_only_their_own(api, tmp_path):
    a, b = register(api), register(api)
    a_full = upload(api, a, b"a-data").json()
    b_full = upload(api, b, b"b-data").json()

    me_a = api.get("/v1/devices/me", headers=a["auth"]).json()
    me_b = api.get("/v1/devices/me", headers=b["auth"]).json()
    assert me_a["device_id"] == a["device_id"] and me_b["device_id"] == b["device_id"]

    assert [x["id"] for x in api.get("/v1/devices/me/backups",
                                     headers=a["auth"]).json()["backups"]] == [a_full["id"]]
    assert [x["id"] for x in api.get("/v1/devices/me/backups",
                                     headers=b["auth"]).json()["backups"]] == [b_full["id"]]

    # b cannot build on a's backup.
    r = upload(api, b, b"inc", kind="incremental", base=a_full["id"])
    assert r.status_code == 422

    # A grant b holds for c's data does not reach a's backups; a's data needs a's code.
    c = register(api)
    upload(api, c, b"c-data")
    grant = api.post("/v1/restore", headers=b["auth"],
                     json={"device_code": c["device_code"],
                           "confirmation_code": c["confirmation_code"]}).json()
    r = api.get(f"/v1/restore/{grant['restore_id']}/backups/{a_full['id']}", headers=b["auth"])
    assert r.status_code == 404
    r = api.post("/v1/restore", headers=b["auth"],
                 json={"device_code": a["device_code"],
                       "confirmation_code": c["confirmation_code"]})
    assert r.status_code == 403

    # Acceptance and deletion act on the caller only.
    for lang in ("ja", "en"):
        (tmp_path / "documents" / "privacy" / f"2027-01-01.{lang}.md").write_text("# P\n\nB\n")
    r = api.post("/v1/devices/me/acceptance", headers=b["auth"],
                 json={"terms_version": TERMS, "privacy_version": "2027-01-01"})
    assert r.json()["needs_acceptance"] is False
    assert api.get("/v1/devices/me", headers=a["auth"]).json()["needs_acceptance"] is True
    assert api.delete("/v1/devices/me", headers=b["auth"]).status_code == 204
    assert api.get("/v1/devices/me", headers=a["auth"]).status_code == 200
    assert [x["id"] for x in api.get("/v1/devices/me/backups",
                                     headers=a["auth"]).json()["backups"]] == [a_full["id"]]
    assert me_a["household"] == HOUSEHOLD | {"city_name": "世田谷区"}
