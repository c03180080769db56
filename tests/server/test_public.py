"""Documents, rate-plan catalog, notices, errors and the OpenAPI document."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import timedelta

from server.config import RESOURCES_DIR
from server.db import session_scope
from server.main import main
from server.models import utcnow
from server.notices import add_notice
from tests.current_documents import PRIVACY, TERMS
from tests.server.conftest import make_center, register


def test_documents_current_and_texts(api):
    cur = api.get("/v1/documents").json()
    assert cur == {"terms": {"version": TERMS, "languages": ["ja", "en"]},
                   "privacy": {"version": PRIVACY, "languages": ["ja", "en"]}}
    for kind, version in (("terms", TERMS), ("privacy", PRIVACY)):
        for lang in ("ja", "en"):
            d = api.get(f"/v1/documents/{kind}/{version}?lang={lang}").json()
            assert (d["kind"], d["version"], d["lang"]) == (kind, version, lang)
            assert d["title"] and "\n\n" in d["body"] and not d["title"].startswith("#")
    assert api.get(f"/v1/documents/terms/{TERMS}?lang=fr").status_code == 422
    assert api.get("/v1/documents/terms/2020-01-01").status_code == 404
    assert api.get("/v1/documents/secrets/2026-11-01").status_code == 404
    assert api.get("/v1/documents/terms/..%2F..%2Fetc").status_code == 404


def test_our_documents_say_what_they_must():
    """The promises the spec requires are in both languages of both documents."""
    docs = RESOURCES_DIR / "documents"
    text = {(k, lang): (docs / k / f"{v}.{lang}.md").read_text(encoding="utf-8")
            for k, v in (("terms", TERMS), ("privacy", PRIVACY)) for lang in ("ja", "en")}
    en = text["terms", "en"] + text["privacy", "en"]
    ja = text["terms", "ja"] + text["privacy", "ja"]
    for phrase in ("device code", "never sell", "Delete registration", "30 days", "lamp",
                   "only while the panel is registered", "street address", "name"):
        assert phrase in en, phrase
    for phrase in ("機器コード", "売る", "登録を削除", "30日", "ランプ", "登録している間だけ",
                   "お名前", "番地"):
        assert phrase in ja, phrase
    for key, body in text.items():
        assert max(len(p) for p in body.split("\n")) < 400, key  # short paragraphs


def test_rate_plan_catalog(api):
    dev = register(api)
    plans = api.get("/v1/rate-plans", headers=dev["auth"]).json()["plans"]
    files = sorted((RESOURCES_DIR / "rate_plans" / "catalog").glob("*.json"))
    assert len(plans) == len(files) > 0
    for plan in plans:
        r = api.get(f"/v1/rate-plans/{plan['id']}", headers=dev["auth"])
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
        assert hashlib.sha256(r.content).hexdigest() == plan["sha256"]
        assert json.loads(r.content)["id"] == plan["id"]
        assert set(plan["name"]) >= {"ja", "en"}
    assert api.get("/v1/rate-plans/nope", headers=dev["auth"]).status_code == 404
    assert api.get("/v1/rate-plans/..%2Fschemas", headers=dev["auth"]).status_code == 404


def test_the_catalog_version_changes_with_any_plan_and_only_then(tmp_path):
    catalog = tmp_path / "catalog"
    shutil.copytree(RESOURCES_DIR / "rate_plans" / "catalog", catalog)
    with make_center(tmp_path, catalog_dir=catalog) as api:
        dev = register(api)

        def version() -> str:
            return api.get("/v1/rate-plans", headers=dev["auth"]).json()["version"]

        first = version()
        assert len(first) == 16 and first == version()
        path = catalog / "kepco-juryo-dento-a.json"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("20.21", "20.31"), encoding="utf-8")  # a price changed
        changed = version()
        assert changed != first
        path.unlink()  # a plan withdrawn
        assert version() not in (first, changed)
        path.write_text(text, encoding="utf-8")
        assert version() == first


def test_notices_paging_expiry_and_cursor(api):
    dev = register(api)
    center = api.app.state.center
    now = utcnow()
    with session_scope(center.engine) as s:
        ids = [add_notice(s, kind="announcement", title_ja=f"お知らせ{i}", title_en=f"News {i}",
                          body_ja="本文", body_en="Body").id for i in range(7)]
        add_notice(s, kind="maintenance", title_ja="終了", title_en="Over", body_ja="b",
                   body_en="b", expires=now - timedelta(minutes=1))
        last = add_notice(s, kind="maintenance", importance="important", title_ja="保守",
                          title_en="Maintenance", body_ja="b", body_en="b",
                          lamp_until=now + timedelta(days=1)).id
    seen, cursor = [], "0"
    for _ in range(10):  # bounded
        page = api.get(f"/v1/notices?since={cursor}&limit=3", headers=dev["auth"]).json()
        if page["next"] == cursor:
            break
        seen += page["notices"]
        cursor = page["next"]
    assert [n["id"] for n in seen] == [str(i) for i in [*ids, last]]  # expired one skipped
    m = seen[-1]
    assert m["importance"] == "important" and m["lamp_until"].endswith("Z")
    assert m["title"] == {"ja": "保守", "en": "Maintenance"} and m["expires"] is None
    assert api.get("/v1/notices?since=abc", headers=dev["auth"]).status_code == 422
    assert api.get("/v1/notices?limit=0", headers=dev["auth"]).status_code == 422


def test_notice_cli_adds_what_the_api_serves(tmp_path, capsys, server_db):
    data = tmp_path / "data"
    db = server_db.cli_args()
    assert main(["--data", str(data), *db, "notice", "add", "--kind", "maintenance",
                 "--importance", "important", "--title-ja", "メンテナンス",
                 "--title-en", "Maintenance", "--body-ja", "12月1日に停止します。",
                 "--body-en", "Down on 1 December.", "--lamp-days", "3"]) == 0
    notice_id = capsys.readouterr().out.strip()
    assert main(["notice", "list", "--data", str(data), *db]) == 0
    assert "メンテナンス" in capsys.readouterr().out
    with make_center(tmp_path) as api:
        dev = register(api)
        notices = api.get("/v1/notices", headers=dev["auth"]).json()["notices"]
        assert [(n["id"], n["kind"], n["title"]["en"]) for n in notices] == [
            (notice_id, "maintenance", "Maintenance")]
        assert notices[0]["lamp_until"] is not None


def test_errors_are_json_and_openapi_is_versioned(api):
    r = api.get("/v1/nowhere")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = api.post("/v1/devices", content=b"not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    r = api.put("/v1/documents")
    assert r.status_code == 405 and "error" in r.json()
    spec = api.get("/v1/openapi.json").json()
    assert "/v1/devices" in spec["paths"] and "/v1/restore" in spec["paths"]
    assert api.get("/docs").status_code == 404


def test_unexpected_failure_is_a_json_500(tmp_path):
    from fastapi.testclient import TestClient

    from server.storage import FileSystemStorage

    class Broken(FileSystemStorage):
        def begin(self, key):
            raise RuntimeError("bug")

    client = make_center(tmp_path, storage=Broken(tmp_path / "blobs"))
    with TestClient(client.app, raise_server_exceptions=False) as api:
        dev = register(api)
        r = api.post("/v1/devices/me/backups", content=b"x", headers=dev["auth"] | {
            "Content-Type": "application/octet-stream", "X-Backup-Kind": "full",
            "X-Backup-SHA256": hashlib.sha256(b"x").hexdigest()})
        assert r.status_code == 500 and r.json()["error"]["code"] == "internal_error"


def test_embedded_launcher_does_not_load_the_web_stack():
    import subprocess
    import sys

    code = ("import sys, server.embedded; "
            "print(sorted(m for m in ('fastapi', 'uvicorn', 'sqlmodel', 'starlette') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=RESOURCES_DIR.parent).stdout.strip()
    assert out == "[]"
