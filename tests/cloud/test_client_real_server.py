"""The panel's client against the real center server over HTTP on loopback."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import socket
import stat
import time
from datetime import date
from urllib.parse import urlsplit

import pytest

from app.cloud import client as client_module
from app.cloud.client import CenterClient
from app.cloud.errors import BadResponse, Rejected, Unauthorized
from app.cloud.models import BackupInfo
from app.cloud.token_store import TokenStore
from server.embedded import start_embedded
from tests.cloud.conftest import FAST, HOUSEHOLD, blobs
from tests.current_documents import PRIVACY, TERMS


def test_documents(make_client):
    client = make_client()
    cur = client.documents()
    assert cur["terms"].version == TERMS and cur["privacy"].languages == ("ja", "en")
    doc = client.document("privacy", PRIVACY, "ja")
    assert doc.lang == "ja" and "機器コード" in doc.body


def test_register_status_and_token_file(make_client):
    client = make_client()
    reg = client.register(HOUSEHOLD, TERMS, PRIVACY)
    assert len(reg.confirmation_code) == 8
    assert reg.device_code == client.store.device_code()
    st = client.status()
    assert st.device_id == reg.device_id and st.needs_acceptance is False
    assert st.household == dataclasses.replace(HOUSEHOLD, city_name="吹田市")
    path = client.store.path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert reg.confirmation_code not in path.read_text()  # the panel does not keep it
    assert client.store.load().terms_version == TERMS
    assert isinstance(client.backup_time(date(2026, 11, 25)), str)


def test_a_registration_whose_answer_was_lost_can_be_made_again(make_client):
    client = make_client()
    first = client.register(HOUSEHOLD, TERMS, PRIVACY)
    client.store.clear()  # as if the answer never arrived: no token on the panel
    key = client.store.path.parent / "registration_key"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    again = client.register(HOUSEHOLD, TERMS, PRIVACY)
    assert again.device_id == first.device_id
    assert client.status().device_id == first.device_id


def test_a_city_code_of_another_prefecture_is_refused(make_client):
    client = make_client()
    with pytest.raises(Rejected) as err:  # 吹田市 is in Osaka, not Tokyo
        client.register(dataclasses.replace(HOUSEHOLD, prefecture="13"), TERMS, PRIVACY)
    assert err.value.code == "invalid_request" and err.value.status == 422
    assert client.store.load() is None


def test_registration_without_current_terms_is_refused_by_the_server(make_client):
    client = make_client()
    with pytest.raises(Rejected) as err:
        client.register(HOUSEHOLD, "2025-01-01", PRIVACY)
    assert err.value.code == "terms_not_accepted" and err.value.status == 409
    assert client.store.load() is None
    with pytest.raises(Unauthorized):
        client.status()  # not registered: no token to send


def test_backup_upload_listing_and_restore(registered, make_client, tmp_path):
    old, confirmation = registered()
    full_file = tmp_path / "full.bin"
    full_file.write_bytes(os.urandom(300_000))
    inc_file = tmp_path / "inc.bin"
    inc_file.write_bytes(b"increment")
    full = old.upload_backup(full_file, "full")
    inc = old.upload_backup(inc_file, "incremental", base=full.id)
    assert full.sha256 == hashlib.sha256(full_file.read_bytes()).hexdigest()
    assert [b.id for b in old.backups()] == [full.id, inc.id]

    new = make_client()
    new.register(HOUSEHOLD, TERMS, PRIVACY)
    plan = new.start_restore(old.store.device_code(), confirmation)
    assert [b.id for b in plan.chain] == [full.id, inc.id]
    out = new.download_backup(plan.restore_id, plan.chain[0], tmp_path / "restored.bin")
    assert out.read_bytes() == full_file.read_bytes()

    # Wrong code: refused. A third panel cannot use the new panel's grant.
    wrong = f"{(int(confirmation) + 1) % 10**8:08d}"
    with pytest.raises(Rejected) as err:
        new.start_restore(old.store.device_code(), wrong)
    assert err.value.status == 403 and err.value.code == "wrong_code"
    third = make_client()
    third.register(HOUSEHOLD, TERMS, PRIVACY)
    with pytest.raises(Rejected) as err:
        third.download_backup(plan.restore_id, plan.chain[0], tmp_path / "stolen.bin")
    assert err.value.status == 404
    assert not (tmp_path / "stolen.bin").exists()


def test_download_verifies_checksum(registered, make_client, tmp_path):
    old, confirmation = registered()
    f = tmp_path / "f.bin"
    f.write_bytes(b"genuine")
    old.upload_backup(f, "full")
    new = make_client()
    new.register(HOUSEHOLD, TERMS, PRIVACY)
    plan = new.start_restore(old.store.device_code(), confirmation)
    forged = BackupInfo(plan.chain[0].id, "full", None, 7, "0" * 64)
    with pytest.raises(BadResponse):
        new.download_backup(plan.restore_id, forged, tmp_path / "out.bin")
    assert not (tmp_path / "out.bin").exists()
    assert not list(tmp_path.glob(".download-*"))


def test_restore_rate_limit_reported_with_retry_after(registered, make_client, tmp_path):
    old, confirmation = registered()
    (tmp_path / "b").write_bytes(b"x")
    old.upload_backup(tmp_path / "b", "full")
    new = make_client()
    new.register(HOUSEHOLD, TERMS, PRIVACY)
    wrong = f"{(int(confirmation) + 1) % 10**8:08d}"
    statuses = []
    for _ in range(6):  # the server is shared: other tests' wrong codes count too
        with pytest.raises(Rejected) as err:  # Retry-After ~15 min: reported, not slept on
            new.start_restore(old.store.device_code(), wrong)
        statuses.append(err.value.status)
        if err.value.status == 429:
            break
    assert statuses[-1] == 429 and set(statuses[:-1]) <= {403}
    assert err.value.retry_after > 60


def test_altered_upload_is_refused_and_nothing_kept(registered, center, tmp_path, monkeypatch):
    client, _ = registered()
    f = tmp_path / "b.bin"
    f.write_bytes(b"the real bytes")
    before = blobs(center.data_dir)
    monkeypatch.setattr(client_module, "file_sha256", lambda _p: hashlib.sha256(b"x").hexdigest())
    with pytest.raises(Rejected) as err:
        client.upload_backup(f, "full")
    assert err.value.code == "checksum_mismatch" and err.value.status == 422
    assert client.backups() == () and blobs(center.data_dir) == before


def test_truncated_upload_keeps_nothing(registered, center):
    """The connection drops mid-body; the checksum even matches the part that arrived."""
    client, _ = registered()
    before = blobs(center.data_dir)
    url = urlsplit(center.url)
    part = b"z" * 40_000
    head = (f"POST /v1/devices/me/backups HTTP/1.1\r\nHost: {url.netloc}\r\n"
            f"Authorization: Bearer {client.store.token}\r\n"
            "Content-Type: application/octet-stream\r\nX-Backup-Kind: full\r\n"
            f"X-Backup-SHA256: {hashlib.sha256(part).hexdigest()}\r\n"
            "Content-Length: 100000\r\n\r\n").encode()
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(head + part)
        # Let the server take in the part before the line drops: a server that took
        # the drop for the end of the body would now store a "valid" truncated backup.
        time.sleep(0.3)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(4096):  # until the server closes its side
            answer += chunk
    assert not answer.startswith(b"HTTP/1.1 201")
    assert client.backups() == ()
    assert blobs(center.data_dir) == before


def test_unregister_then_401(registered, center, tmp_path):
    client, _ = registered()
    (tmp_path / "b").write_bytes(b"bytes")
    backup = client.upload_backup(tmp_path / "b", "full")
    token = client.store.token
    assert any(p.name == backup.id for p in blobs(center.data_dir))
    client.unregister()
    assert client.store.load() is None
    assert not any(p.name == backup.id for p in blobs(center.data_dir))
    client.store.save(client.store.load() or _stored(token))
    with pytest.raises(Unauthorized):
        client.status()
    client.unregister()  # again: nothing left on the server, and no error


def _stored(token):
    from app.cloud.token_store import StoredRegistration
    return StoredRegistration(token=token, device_id="gone", terms_version=TERMS,
                              privacy_version=PRIVACY)


def test_notices_paging(registered, center):
    from server.main import main
    for i in range(4):
        assert main(["notice", "add", "--data", str(center.data_dir), "--kind", "announcement",
                     "--title-ja", f"お知らせ{i}", "--title-en", f"News {i}",
                     "--body-ja", "本文", "--body-en", "Body"]) == 0
    client, _ = registered()
    titles, cursor = [], "0"
    for _ in range(20):  # bounded
        page = client.notices(cursor, limit=2)
        if page.next == cursor:
            break
        titles += [n.title["en"] for n in page.notices]
        cursor = page.next
    assert [t for t in titles if t.startswith("News")][-4:] == [f"News {i}" for i in range(4)]
    assert client.notices(cursor).notices == ()


def test_rate_plan_catalog(registered):
    client, _ = registered()
    plans = client.rate_plans()
    assert plans and all(p.name["ja"] for p in plans)
    plan = client.rate_plan(plans[0].id, sha256=plans[0].sha256)
    assert plan["id"] == plans[0].id and "versions" in plan
    with pytest.raises(BadResponse):
        client.rate_plan(plans[0].id, sha256="0" * 64)
    with pytest.raises(Rejected) as err:
        client.rate_plan("no-such-plan")
    assert err.value.status == 404


def test_municipalities_of_a_prefecture(make_client):
    towns = make_client().municipalities("27")  # no registration needed
    suita = next(t for t in towns if t.code == "27205")
    assert suita.name == "吹田市" and suita.prefecture == "27" and suita.lat is not None
    assert all(t.prefecture == "27" for t in towns) and len(towns) == 43


def test_the_servers_files_are_private_whatever_its_umask(tmp_path):
    """The database, its -wal and the backup blobs hold households' data: 0600, in 0700."""
    old = os.umask(0o022)  # a typical session's umask, which the server inherits
    try:
        server = start_embedded(tmp_path / "center")
    finally:
        os.umask(old)
    try:
        client = CenterClient(server.url, TokenStore(tmp_path / "panel"), retry=FAST)
        client.register(HOUSEHOLD, TERMS, PRIVACY)
        blob = tmp_path / "full.hbk"
        blob.write_bytes(b"x" * 1000)
        client.upload_backup(blob, "full")
    finally:
        server.stop()
    files = [p for p in (tmp_path / "center").rglob("*") if p.is_file()]
    assert any(p.name.startswith("center.sqlite3") for p in files)
    assert len([p for p in files if "blobs" in p.parts]) >= 1
    loose = {str(p.relative_to(tmp_path)): oct(stat.S_IMODE(p.stat().st_mode))
             for p in files if stat.S_IMODE(p.stat().st_mode) & 0o077}
    assert loose == {}
    for folder in [p for p in (tmp_path / "center").rglob("*") if p.is_dir()]:
        assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, folder
