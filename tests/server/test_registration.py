"""Registration, status, acceptance of new terms, unregistration."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from sqlmodel import select

from server import security
from server.db import session_scope
from server.models import Device
from tests.current_documents import PRIVACY, TERMS
from tests.server.conftest import (
    HOUSEHOLD,
    identity,
    make_center,
    reg_body,
    register,
    upload,
)


def test_register_returns_secrets_once_and_stores_only_hashes(api):
    dev = register(api)
    assert len(dev["confirmation_code"]) == 8 and dev["confirmation_code"].isdigit()
    assert dev["terms_version"] == TERMS and dev["privacy_version"] == PRIVACY
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
    assert me["household"] == HOUSEHOLD | {"city_name": "世田谷区"}
    assert me["device_code"] == dev["device_code"]


def test_registration_refused_without_current_terms(api):
    for terms, privacy in (("2025-01-01", PRIVACY), (TERMS, "2025-01-01")):
        r = api.post("/v1/devices", json=reg_body(terms_version=terms,
                                                  privacy_version=privacy))
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "terms_not_accepted"


def test_a_taken_code_and_a_free_one_answer_alike(api):
    """Registration cannot tell whether a device code is registered: only the holder of
    the registration key a code is derived from can register it."""
    dev = register(api)
    free = identity()["device_code"]
    answers = []
    for code in (dev["device_code"], free):
        r = api.post("/v1/devices", json=reg_body(device_code=code))  # another panel's key
        answers.append((r.status_code, r.json()))
    assert answers[0] == answers[1]
    assert answers[0][0] == 422 and answers[0][1]["error"]["code"] == "invalid_device_code"
    r = api.post("/v1/devices", json=reg_body() | {"registration_key": None})
    assert r.status_code == 422


def test_the_same_panel_registering_again_gets_a_new_token_for_the_same_data(api):
    """Its first answer was lost: the token (given once) never reached the panel."""
    first = register(api)
    assert upload(api, first, b"backup").status_code == 201
    again = register(api, device_code=first["device_code"],
                     registration_key=first["registration_key"])
    assert again["device_id"] == first["device_id"] and again["token"] != first["token"]
    assert api.get("/v1/devices/me", headers=first["auth"]).status_code == 401
    assert len(api.get("/v1/devices/me/backups", headers=again["auth"]).json()["backups"]) == 1


def test_a_legacy_random_code_keeps_working_with_its_key(api):
    """Panels registered before codes came from keys: their key still reissues."""
    key = "k" * 64
    center = api.app.state.center
    dev = register(api)
    with session_scope(center.engine) as s:  # make it look like an old registration
        row = s.exec(select(Device)).one()
        row.device_code, row.registration_key_hash = "AB12-CDEF-GHJK", hashlib.sha256(
            key.encode()).hexdigest()
        s.add(row)
        s.commit()
    again = register(api, device_code="ab12-cdef-ghjk", registration_key=key)
    assert again["device_id"] == dev["device_id"]
    r = api.post("/v1/devices", json=reg_body(device_code="AB12-CDEF-GHJK"))
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_device_code"


def test_device_code_forms(api):
    ident = identity()
    register(api, device_code=ident["device_code"].lower(),  # lower case is the same code
             registration_key=ident["registration_key"])
    for bad in ("AB12-CDEF-GHJ", "AB12CDEFGHJK", "AB12-CDEF-GHJU", "", "AB12-CDEF-GHJK-0000"):
        r = api.post("/v1/devices", json=reg_body(device_code=bad))
        assert r.status_code == 422, bad


def test_code_for_key_matches_the_panel():
    from app.cloud.token_store import code_for_key as panel_code_for_key
    for key in ("k" * 64, secrets.token_hex(32)):
        assert security.code_for_key(key) == panel_code_for_key(key)
        assert security.normalize_device_code(security.code_for_key(key))


def test_household_validation(api):
    bad = [{"prefecture": "48"}, {"prefecture": "00"}, {"postal_code": "1540001"},
           {"household_size": 0}, {"household_size": 21}, {"building_type": "castle"},
           {"energies": ["electricity", "coal"]}, {"energies": ["gas", "gas"]},
           {"name": "Taro Yamada"}, {"address": "1-2-3 Sangenjaya"},
           {"city": "Setagaya"},  # free text is refused even with a code
           {"city_code": "99999"},  # no such municipality
           {"city_code": "14100"},  # Yokohama is not in Tokyo (prefecture 13)
           {"city_code": "1311"}, {"city_code": "131121"}, {"city_code": 13112},
           {"city_code": None}]
    for change in bad:
        r = api.post("/v1/devices", json=reg_body(household=HOUSEHOLD | change))
        assert r.status_code == 422, change
        assert r.json()["error"]["code"] == "invalid_request"
    ok = HOUSEHOLD | {"postal_code": None, "household_size": None, "energies": []}
    register(api, household=ok)
    missing = {k: v for k, v in HOUSEHOLD.items() if k != "city_code"}
    r = api.post("/v1/devices", json=reg_body(household=missing))
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


_TIME = r"\d{4}-\d{2}-\d{2} [\d:.]+(\+00:00)?"
# Every column of a device, and what may be in it: a new column must be added here,
# and with it a thought about whether it could carry free text about a household.
_DEVICE_COLUMNS = {
    "id": r"[0-9a-f]{32}", "device_code": r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}",
    "token_hash": r"[0-9a-f]{64}", "registration_key_hash": r"[0-9a-f]{64}",
    "confirmation_salt": r"[0-9a-f]{32}", "confirmation_hash": r"[0-9a-f]{64}",
    "terms_version": r"\d{4}-\d{2}-\d{2}", "privacy_version": r"\d{4}-\d{2}-\d{2}",
    "prefecture": r"(0[1-9]|[1-3]\d|4[0-7])", "city": r"", "city_code": r"\d{5}",
    "postal_code": r"\d{3}-\d{4}", "household_size": r"\d{1,2}",
    "building_type": r"(detached|apartment|other)",
    "energies": r'\[("(electricity|gas|water|solar|battery|fuel_cell|ev|'
                r'heat_pump_water_heater)"(, )?)*\]',
    "registered": _TIME, "accepted": _TIME,
    "retired": r"None",
}


def test_the_server_stores_no_free_text_about_a_household(api):
    """Promise: every household field is chosen from a closed set (codes, enums, digits).
    What the audit typed into `city` ("1-2-3 Kitazawa, Tanaka Taro, 03-1234-5678") is
    refused in every field, and every stored column matches its closed form."""
    import re

    audit = "1-2-3 Kitazawa, Tanaka Taro, 03-1234-5678"
    for field in ("prefecture", "city_code", "postal_code", "building_type", "energies",
                  "household_size", "city", "name", "address", "note", "phone"):
        value = [audit] if field == "energies" else audit
        r = api.post("/v1/devices", json=reg_body(household=HOUSEHOLD | {field: value}))
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request", field
    register(api)
    register(api, household=HOUSEHOLD | {"postal_code": None, "household_size": None,
                                         "energies": []})
    center = api.app.state.center
    with session_scope(center.engine) as s:
        rows = s.exec(select(Device)).all()
    assert len(rows) == 2
    for row in rows:
        values = row.model_dump()
        assert set(values) == set(_DEVICE_COLUMNS)
        for column, form in _DEVICE_COLUMNS.items():
            if values[column] is None and column in ("postal_code", "household_size",
                                                     "retired"):
                continue
            assert re.fullmatch(form, str(values[column])), (column, values[column])
        assert center.municipalities.get(values["city_code"]).prefecture == values["prefecture"]


def _tables_after_baseline(conn) -> list[str]:
    import importlib

    import sqlalchemy as sa

    baseline = importlib.import_module("server.migrations.versions.0001_baseline")
    meta = sa.MetaData()
    baseline._tables(meta)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return [n for n in names if n not in meta.tables and not n.startswith("sqlite_")]


@pytest.mark.sqlite_only
def test_a_device_registered_with_a_typed_city_keeps_working_without_it(tmp_path):
    """A database from before city codes (and before migrations): no city_code column,
    free text in `city`. At the next start the column is added, the text erased from
    the files, and the device keeps its token, backups and household."""
    import sqlite3

    legacy = "1-2-3 Kitazawa, Tanaka Taro, 03-1234-5678"
    with make_center(tmp_path) as api:
        dev = register(api)
        assert upload(api, dev, b"backup").status_code == 201
    db = tmp_path / "data" / "center.sqlite3"
    with sqlite3.connect(db) as conn:  # how an older server left it
        conn.execute("DROP TABLE alembic_version")
        for table in _tables_after_baseline(conn):  # it had only the baseline's tables
            conn.execute(f"DROP TABLE {table}")
        conn.execute("ALTER TABLE device DROP COLUMN city_code")
        conn.execute("UPDATE device SET city = ?", (legacy,))
    assert legacy.encode() in b"".join(p.read_bytes() for p in db.parent.glob("center.sqlite3*"))
    with make_center(tmp_path) as api:
        me = api.get("/v1/devices/me", headers=dev["auth"])
        assert me.status_code == 200
        household = me.json()["household"]
        assert household["city_code"] is None and household["city_name"] is None
        assert household["prefecture"] == "13" and "city" not in household
        assert len(api.get("/v1/devices/me/backups", headers=dev["auth"]).json()["backups"]) == 1
        files = b"".join(p.read_bytes() for p in db.parent.glob("center.sqlite3*"))
        assert legacy.encode() not in files and b"Tanaka" not in files
        again = register(api)  # and new registrations work on the migrated table
        assert api.get("/v1/devices/me", headers=again["auth"]).json()["household"][
            "city_name"] == "世田谷区"


def test_registration_rate_limited_per_address(tmp_path):
    with make_center(tmp_path, register_limit=3) as api:
        now = [1_000_000.0]
        api.app.state.center.clock = lambda: now[0]
        for _ in range(3):
            register(api)
        r = api.post("/v1/devices", json=reg_body())
        assert r.status_code == 429
        assert int(r.headers["Retry-After"]) >= 1
        now[0] += 61  # the window lapsed
        register(api)


def test_the_registration_limit_holds_across_workers(tmp_path):
    """Two workers (two apps, two engines) on one database share the count: the limit
    is per address for the whole server, not per process."""
    with make_center(tmp_path, register_limit=3) as one, \
            make_center(tmp_path, register_limit=3) as two:
        assert one.app.state.center.engine is not two.app.state.center.engine
        register(one)
        register(two)
        register(one)
        for api in (two, one):
            r = api.post("/v1/devices", json=reg_body())
            assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"


def test_registration_attempts_are_counted_atomically_across_workers(tmp_path):
    """40 registrations from 16 threads over two workers on one database: exactly the
    limit get through (an in-memory count per worker would let 2 × 5 through)."""
    from concurrent.futures import ThreadPoolExecutor

    with make_center(tmp_path, register_limit=5) as one, \
            make_center(tmp_path, register_limit=5) as two:
        def attempt(i):
            return (one, two)[i % 2].post("/v1/devices", json=reg_body()).status_code

        with ThreadPoolExecutor(16) as pool:
            codes = list(pool.map(attempt, range(40)))
    assert codes.count(201) == 5 and codes.count(429) == 35


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
                     json={"terms_version": TERMS, "privacy_version": PRIVACY})
        assert r.status_code == 409
        r = api.post("/v1/devices/me/acceptance", headers=dev["auth"],
                     json={"terms_version": "2027-04-01", "privacy_version": PRIVACY})
        assert r.status_code == 200 and r.json()["needs_acceptance"] is False
        assert upload(api, dev, b"second").status_code == 201
        # The change was announced as an important "terms" notice with the lamp.
        notices = api.get("/v1/notices", headers=dev["auth"]).json()["notices"]
        terms = [n for n in notices if n["kind"] == "terms"]
        assert len(terms) == 1 and terms[0]["importance"] == "important"
        assert terms[0]["lamp_until"] and "2027-04-01" in terms[0]["body"]["en"]
        # Registration now needs the new version.
        r = api.post("/v1/devices", json=reg_body())
        assert r.status_code == 409


def test_unregister_deletes_everything(new_center):
    with new_center() as api:
        dev = register(api)
        other = register(api)
        full = upload(api, dev, b"full" * 100).json()
        upload(api, dev, b"inc", kind="incremental", base=full["id"])
        kept = upload(api, other, b"other").json()
        third = register(api)
        third_backup = upload(api, third, b"third").json()
        grant = api.post("/v1/restore", headers=dev["auth"],  # dev holds a grant
                         json={"device_code": third["device_code"],
                               "confirmation_code": third["confirmation_code"]})
        assert grant.status_code == 200
        api.post("/v1/restore", headers=other["auth"],
                 json={"device_code": dev["device_code"], "confirmation_code": "00000000"})

        assert api.delete("/v1/devices/me", headers=dev["auth"]).status_code == 204
        assert api.get("/v1/devices/me", headers=dev["auth"]).status_code == 401

        center = api.app.state.center
        from server.models import AttemptCounter, Backup, RestoreGrant
        with session_scope(center.engine) as s:
            ids = {d.id for d in s.exec(select(Device))}
            assert ids == {other["device_id"], third["device_id"]}  # third: retired, in grace
            assert kept["id"] in [b.id for b in s.exec(select(Backup))]
            assert not [b for b in s.exec(select(Backup)) if b.device_id == dev["device_id"]]
            assert s.exec(select(RestoreGrant)).all() == []
            scopes = [c.scope for c in s.exec(select(AttemptCounter))]
            assert not [x for x in scopes if dev["device_code"] in x or dev["device_id"] in x]
        assert not set(center.storage.keys()) - {kept["id"], third_backup["id"]}
        # The same panel can register again afterwards (e.g. after a mistake).
        register(api, device_code=dev["device_code"], registration_key=dev["registration_key"])


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


def test_token_rotation(api):
    dev = register(api)
    r = api.post("/v1/devices/me/token", headers=dev["auth"])
    assert r.status_code == 200
    new = {"Authorization": f"Bearer {r.json()['token']}"}
    assert api.get("/v1/devices/me", headers=dev["auth"]).status_code == 401
    assert api.get("/v1/devices/me", headers=new).json()["device_id"] == dev["device_id"]
    assert api.post("/v1/devices/me/token", headers=dev["auth"]).status_code == 401
    center = api.app.state.center
    with session_scope(center.engine) as s:
        row = s.exec(select(Device)).one()
    assert r.json()["token"] not in " ".join(str(v) for v in row.model_dump().values())
