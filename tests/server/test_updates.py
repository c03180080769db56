"""Publishing signed panel updates: the manifest, the bundle, and housekeeping's hands off."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from app.domain.update_manifest import SignedManifest
from server import updates
from server.main import main as center_main
from server.retention import housekeep
from tests.server.conftest import make_center, register, s3_storage
from tests.update_fixtures import fake_wheel, signing_key, trusted_keys

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
NOTES = {"ja": "グラフの表示を改善しました", "en": "Better graphs"}


def _publish(center, wheel, **kw):
    return updates.publish(center.engine, center.updates, wheel, signing_key(), NOTES,
                           NOW, **kw)


def test_published_update_is_served_signed_to_registered_panels(api, tmp_path):
    center = api.app.state.center
    dev = register(api)
    assert api.get("/v1/updates/latest", headers=dev["auth"]).json()["error"]["code"] == \
        "no_update"
    wheel = fake_wheel(tmp_path / "dist", "0.1.1")
    _publish(center, wheel)
    assert api.get("/v1/updates/latest").status_code == 401  # registered panels only
    answer = api.get("/v1/updates/latest", headers=dev["auth"]).json()
    manifest = SignedManifest.from_json(answer).verify(trusted_keys())
    assert (manifest.version, manifest.size, manifest.notes) == ("0.1.1", wheel.stat().st_size,
                                                                 NOTES)
    assert manifest.sha256 == hashlib.sha256(wheel.read_bytes()).hexdigest()
    got = api.get("/v1/updates/0.1.1/bundle", headers=dev["auth"])
    assert got.status_code == 200 and got.content == wheel.read_bytes()
    assert api.get("/v1/updates/0.1.0/bundle", headers=dev["auth"]).status_code == 404


def test_publishing_an_older_or_same_version_is_refused(api, tmp_path):
    center = api.app.state.center
    _publish(center, fake_wheel(tmp_path / "a", "0.2.0"))
    for version in ("0.2.0", "0.1.9"):
        with pytest.raises(updates.PublishError, match="not newer"):
            _publish(center, fake_wheel(tmp_path / version, version))
    with pytest.raises(updates.PublishError, match="not a wheel"):
        _publish(center, tmp_path / "a" / "other-0.3.0.tar.gz")
    assert updates.latest(center.engine)["manifest"]["version"] == "0.2.0"


def test_housekeeping_leaves_update_bundles_alone(api, tmp_path):
    """Orphan sweeping deletes blobs without a backup row: updates live elsewhere."""
    center = api.app.state.center
    center.settings = center.settings.__class__(**{**center.settings.__dict__,
                                                   "sweep_grace_s": 0.0})
    signed = _publish(center, fake_wheel(tmp_path, "0.1.1"))
    housekeep(center)
    assert center.updates.size(signed.manifest["sha256"]) == signed.manifest["size"]


@pytest.mark.sqlite_only
def test_s3_bundles_sit_under_the_updates_prefix_out_of_the_sweep(tmp_path, s3_endpoint):
    backups = s3_storage(s3_endpoint)
    bundles = s3_storage(s3_endpoint, backups.location.bucket, create=False)
    bundles.location = bundles.location.__class__(backups.location.bucket, "backups/updates/")
    try:
        with make_center(tmp_path, storage=backups, sweep_grace_s=0.0) as api:
            center = api.app.state.center
            center.updates = bundles
            signed = updates.publish(center.engine, bundles, fake_wheel(tmp_path, "0.1.1"),
                                     signing_key(), NOTES, NOW)
            assert housekeep(center)[2] == 0  # no orphans: the bundle is not a backup blob
            key = f"backups/updates/{signed.manifest['sha256']}"
            assert key in [o["Key"] for o in backups.client.list_objects_v2(
                Bucket=backups.location.bucket)["Contents"]]
    finally:
        bundles.close()
        backups.close()


def test_update_storage_of_settings_is_apart_from_backups(tmp_path):
    from server.config import make_settings

    fs = updates.update_storage(make_settings(tmp_path / "d"))
    assert fs.root == tmp_path / "d" / "updates"
    s3 = updates.update_storage(make_settings(tmp_path / "e", blob_url="s3://b/backups",
                                              s3_endpoint="http://127.0.0.1:9"))
    assert (s3.location.bucket, s3.location.prefix) == ("b", "backups/updates/")
    s3.close()


def test_keygen_and_publish_commands(tmp_path, capsys):
    key = tmp_path / "k.pem"
    assert center_main(["keygen", "--out", str(key)]) == 0
    public = capsys.readouterr().out.strip()
    assert center_main(["keygen", "--out", str(key)]) == 1  # never over a key
    wheel = fake_wheel(tmp_path / "dist", "1.0.0")
    data = tmp_path / "center"
    assert center_main(["publish-update", str(wheel), "--data", str(data), "--key", str(key),
                        "--notes-ja", "新機能", "--notes-en", "New"],
                       clock=lambda: NOW.timestamp()) == 0
    from app.domain.update_manifest import public_key_of
    from server.db import make_engine

    engine = make_engine(f"sqlite:///{data / 'center.sqlite3'}")
    signed = SignedManifest.from_json(updates.latest(engine))
    engine.dispose()
    assert signed.verify((public_key_of(public),)).notes == {"ja": "新機能", "en": "New"}
    assert (data / "updates").is_dir()
