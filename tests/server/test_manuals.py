"""GET /v1/manuals and /v1/manuals/{class}: the bundled files as is, for registered panels,
with ETags so that a panel hears 304 for what it already has."""

from __future__ import annotations

import hashlib
import json
import shutil

from server.config import RESOURCES_DIR
from tests.server.conftest import make_center, register

MANUALS = RESOURCES_DIR / "manuals"


def test_the_index_lists_every_manual_with_its_digest(api):
    dev = register(api)
    r = api.get("/v1/manuals", headers=dev["auth"])
    assert r.status_code == 200
    listing = r.json()
    assert r.headers["etag"] == f'"{listing["version"]}"'
    files = {p.name: p.read_bytes() for p in MANUALS.glob("*.json")}
    assert len(listing["manuals"]) == len(files) >= 12
    by_key = {(m["class_code"], m["maker"]): m for m in listing["manuals"]}
    assert by_key[("027D", None)]["sha256"] == hashlib.sha256(files["027D.json"]).hexdigest()
    assert by_key[("026B", "000000")]["sha256"] == \
        hashlib.sha256(files["026B-000000.json"]).hexdigest()
    assert by_key[("027D", None)]["version"] == json.loads(files["027D.json"])["version"]


def test_one_manual_and_a_makers_notes_are_the_files_bytes(api):
    dev = register(api)
    r = api.get("/v1/manuals/027D", headers=dev["auth"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert r.content == (MANUALS / "027D.json").read_bytes()
    assert r.headers["etag"] == f'"{hashlib.sha256(r.content).hexdigest()}"'
    # The code is read as hex in either case, with or without 0x.
    assert api.get("/v1/manuals/0x026b", headers=dev["auth"]).content == \
        (MANUALS / "026B.json").read_bytes()
    notes = api.get("/v1/manuals/026B", params={"maker": "000000"}, headers=dev["auth"])
    assert notes.content == (MANUALS / "026B-000000.json").read_bytes()


def test_unknown_class_or_maker_is_404_and_a_bad_code_too(api):
    dev = register(api)
    for path, params in (("/v1/manuals/0EF0", None), ("/v1/manuals/027D", {"maker": "00000B"}),
                         ("/v1/manuals/..%2Fschemas", None), ("/v1/manuals/27D", None),
                         ("/v1/manuals/0287", {"maker": "zz"})):
        r = api.get(path, params=params, headers=dev["auth"])
        assert r.status_code == 404, path
        assert r.json()["error"]["code"] == "not_found"


def test_manuals_are_for_registered_panels_only(api):
    assert api.get("/v1/manuals").status_code == 401
    assert api.get("/v1/manuals/027D").status_code == 401
    bad = {"Authorization": "Bearer " + "x" * 43}
    assert api.get("/v1/manuals/027D", headers=bad).status_code == 401


def test_etag_gives_304_until_a_manual_changes(tmp_path):
    manuals = tmp_path / "manuals"
    shutil.copytree(MANUALS, manuals)
    with make_center(tmp_path, manuals_dir=manuals) as api:
        dev = register(api)
        first = api.get("/v1/manuals", headers=dev["auth"])
        etag = first.headers["etag"]
        again = api.get("/v1/manuals", headers=dev["auth"] | {"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        one = api.get("/v1/manuals/0130", headers=dev["auth"])
        same = api.get("/v1/manuals/0130",
                       headers=dev["auth"] | {"If-None-Match": one.headers["etag"]})
        assert same.status_code == 304
        path = manuals / "0130.json"
        path.write_text(path.read_text(encoding="utf-8").replace("2026-12-05", "2026-12-24"),
                        encoding="utf-8")
        changed = api.get("/v1/manuals", headers=dev["auth"] | {"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["etag"] != etag
        entry = next(m for m in changed.json()["manuals"] if m["class_code"] == "0130"
                     and m["maker"] is None)
        assert entry["version"] == "2026-12-24"
        assert api.get("/v1/manuals/0130", headers=dev["auth"] | {
            "If-None-Match": one.headers["etag"]}).status_code == 200
