"""Registration, status, acceptance of new terms, unregistration."""

from __future__ import annotations

import hashlib

from sqlmodel import select

from server.db import session_scope
from server.models import Device
from tests.server.conftest import HOUSEHOLD, TERMS, make_center, next_code, register, upload


def test_register_returns_secrets_once_and_stores_only_hashes(api):
    dev = register(api)
    assert len(dev["confirmation_code"]) == 8 and dev["confirmation_code"].isdigit()
    assert dev["terms_version"] == TERMS and dev["privacy_version"] == TERMS
    center = api.app.state.center
    with session_scope(center.engine) as s:
        row = s.exec(select(Device)).one()
    stored = " ".join(str(v) for v in row.model_dump().values())
    assert dev["token"] not in stored
    assert dev["confirmation_code"] not in stored
    assert row.token_hash == hashlib.sha256(dev["token"].encode()).hexdigest()


def test_status_shows_versions_and_household(api):
    dev = register(api)
    me = api.get("/v1/devices/me", headers=dev["auth"]).json()
    assert me["needs_acceptance"] is False
    assert me["current_terms_version"] == TERMS
    assert me["household"] == HOUSEHOLD
    assert me["device_code"] == dev["device_code"]


def test_registration_refused_without_current_terms(api):
    for terms, privacy in (("2025-01-01", TERMS), (TERMS, "2025-01-01")):
        r = api.post("/v1/devices", json={"device_code": next_code(), "terms_version": terms,
                                          "privacy_version": privacy, "household": HOUSEHOLD})
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "terms_not_accepted"


def test_already_registered(api):
    dev = register(api)
    r = api.post("/v1/devices", json={"device_code": dev["device_code"], "terms_version": TERMS,
                                      "privacy_version": TERMS, "household": HOUSEHOLD})
    assert r.status_code == 409 and r.json()["error"]["code"] == "already_registered"


def test_the_same_panel_registering_again_gets_a_new_token_for_the_same_data(api):
    """Its first answer was lost: the token (given once) never reached the panel."""
    key = "k" * 64
    first = register(api, registration_key=key)
    assert upload(api, first, b"backup").status_code == 201
    again = register(api, code=first["device_code"], registration_key=key)
    assert again["device_id"] == first["device_id"] and again["token"] != first["token"]
    assert api.get("/v1/devices/me", headers=first["auth"]).status_code == 401
    assert len(api.get("/v1/devices/me/backups", headers=again["auth"]).json()["backups"]) == 1
    # Knowing the code is not enough: another key, or none, is refused.
    for extra in ({"registration_key": "x" * 64}, {}):
        r = api.post("/v1/devices", json={"device_code": first["device_code"],
                                          "terms_version": TERMS, "privacy_version": TERMS,
                                          "household": HOUSEHOLD} | extra)
        assert r.status_code == 409 and r.json()["error"]["code"] == "already_registered"


def test_device_code_forms(api):
    register(api, code="ab12-cdef-ghjk")  # lower case is the same code
    r = api.post("/v1/devices", json={"device_code": "AB12-CDEF-GHJK", "terms_version": TERMS,
                                      "privacy_version": TERMS, "household": HOUSEHOLD})
    assert r.json()["error"]["code"] == "already_registered"
    for bad in ("AB12-CDEF-GHJ", "AB12CDEFGHJK", "AB12-CDEF-GHJU", "", "AB12-CDEF-GHJK-0000"):
        r = api.post("/v1/devices", json={"device_code": bad, "terms_version": TERMS,
                                          "privacy_version": TERMS, "household": HOUSEHOLD})
        assert r.status_code == 422, bad


def test_household_validation(api):
    bad = [{"prefecture": "48"}, {"prefecture": "00"}, {"postal_code": "1540001"},
           {"household_size": 0}, {"household_size": 21}, {"building_type": "castle"},
           {"energies": ["electricity", "coal"]}, {"energies": ["gas", "gas"]},
           {"name": "Taro Yamada"}, {"address": "1-2-3 Sangenjaya"}, {"city": ""}]
    for change in bad:
        r = api.post("/v1/devices", json={"device_code": next_code(), "terms_version": TERMS,
                                          "privacy_version": TERMS,
                                          "household": HOUSEHOLD | change})
        assert r.status_code == 422, change
        assert r.json()["error"]["code"] == "invalid_request"
    ok = HOUSEHOLD | {"postal_code": None, "household_size": None, "energies": []}
    register(api, household=ok)


def test_registration_rate_limited_per_address(tmp_path):
    with make_center(tmp_path, register_limit=3) as api:
        for _ in range(3):
            register(api)
        r = api.post("/v1/devices", json={"device_code": next_code(), "terms_version": TERMS,
                                          "privacy_version": TERMS, "household": HOUSEHOLD})
        assert r.status_code == 429
        assert int(r.headers["Retry-After"]) >= 1


def test_new_terms_need_acceptance_and_pause_backups(tmp_path):
    with make_center(tmp_path) as api:
        dev = register(api)
        assert upload(api, dev, b"first").status_code == 201
        docs = tmp_path / "documents" / "terms"
        (docs / "2027-04-01.ja.md").write_text("# 新規約\n\n本文\n", encoding="utf-8")
        (docs / "2027-04-01.en.md").write_text("# New terms\n\nBody\n", encoding="utf-8")
        assert api.get("/v1/documents").json()["terms"] == {"version": "2027-04-01",
                                                            "languages": ["ja", "en"]}
        me = api.get("/v1/devices/me", headers=dev["auth"]).json()
        assert me["needs_acceptance"] is True
        r = upload(api, dev, b"second")
        assert r.status_code == 409 and r.json()["error"]["code"] == "terms_not_accepted"
        # Accepting old versions does not count.
        r = api.post("/v1/devices/me/acceptance", headers=dev["auth"],
                     json={"terms_version": TERMS, "privacy_version": TERMS})
        assert r.status_code == 409
        r = api.post("/v1/devices/me/acceptance", headers=dev["auth"],
                     json={"terms_version": "2027-04-01", "privacy_version": TERMS})
        assert r.status_code == 200 and r.json()["needs_acceptance"] is False
        assert upload(api, dev, b"second").status_code == 201
        # The change was announced as an important "terms" notice with the lamp.
        notices = api.get("/v1/notices", headers=dev["auth"]).json()["notices"]
        terms = [n for n in notices if n["kind"] == "terms"]
        assert len(terms) == 1 and terms[0]["importance"] == "important"
        assert terms[0]["lamp_until"] and "2027-04-01" in terms[0]["body"]["en"]
        # Registration now needs the new version.
        r = api.post("/v1/devices", json={"device_code": next_code(), "terms_version": TERMS,
                                          "privacy_version": TERMS, "household": HOUSEHOLD})
        assert r.status_code == 409


def test_unregister_deletes_everything(tmp_path):
    with make_center(tmp_path) as api:
        dev = register(api)
        other = register(api)
        full = upload(api, dev, b"full" * 100).json()
        upload(api, dev, b"inc", kind="incremental", base=full["id"])
        kept = upload(api, other, b"other").json()
        grant = api.post("/v1/restore", headers=other["auth"],
                         json={"device_code": dev["device_code"],
                               "confirmation_code": dev["confirmation_code"]})
        assert grant.status_code == 200
        api.post("/v1/restore", headers=other["auth"],
                 json={"device_code": dev["device_code"], "confirmation_code": "00000000"})

        assert api.delete("/v1/devices/me", headers=dev["auth"]).status_code == 204
        assert api.get("/v1/devices/me", headers=dev["auth"]).status_code == 401

        center = api.app.state.center
        from server.models import Backup, RestoreFailure, RestoreGrant
        with session_scope(center.engine) as s:
            assert [d.id for d in s.exec(select(Device))] == [other["device_id"]]
            assert [b.id for b in s.exec(select(Backup))] == [kept["id"]]
            assert s.exec(select(RestoreGrant)).all() == []
            assert s.exec(select(RestoreFailure)).all() == []
        assert sorted(center.storage.keys()) == [kept["id"]]
        # The same panel can register again afterwards (e.g. after a mistake).
        register(api, code=dev["device_code"])


def test_backup_time_spread_and_stable(api):
    devs = [register(api) for _ in range(20)]
    times = set()
    for dev in devs:
        a = api.get("/v1/devices/me/backup-time?date=2026-11-25", headers=dev["auth"]).json()
        again = api.get("/v1/devices/me/backup-time?date=2026-11-25", headers=dev["auth"]).json()
        assert a == again and a["date"] == "2026-11-25"
        hh, mm = map(int, a["time"].split(":"))
        assert 0 <= hh < 24 and 0 <= mm < 60 and hh * 60 + mm >= 30
        times.add(a["time"])
    assert len(times) >= 15  # spread out, not one minute for everyone
    days = {api.get(f"/v1/devices/me/backup-time?date=2026-12-{d:02d}",
                    headers=devs[0]["auth"]).json()["time"] for d in range(1, 11)}
    assert len(days) >= 5
    assert api.get("/v1/devices/me/backup-time?date=2026-02-30",
                   headers=devs[0]["auth"]).status_code == 422
