"""Update manifests: versions compare as numbers, every field is checked, and only a
genuine, newer manifest is offered."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.domain.update_manifest import (
    SignedManifest,
    UpdateRefused,
    canonical_bytes,
    keys_of,
    manifest_of,
    offer_refusal,
    version_key,
)

GOOD = {"package": "hems-panel", "version": "0.1.10", "filename":
        "hems_panel-0.1.10-py3-none-any.whl", "sha256": "ab" * 32, "size": 1234,
        "published": "2026-12-01T03:00:00Z", "notes": {"ja": "新機能", "en": "New"},
        "min_from_version": None}


def test_versions_compare_as_numbers() -> None:
    assert version_key("0.1.10") > version_key("0.1.9") > version_key("0.1")
    assert version_key("1.0") == version_key("1.0.0.0")
    for bad in ("1", "v1.0", "1.0-beta", "1..2", "1.2.3.4.5"):
        with pytest.raises(UpdateRefused):
            version_key(bad)


def test_a_genuine_newer_manifest_is_offered_and_others_say_why() -> None:
    m = manifest_of(GOOD)
    assert m.published == datetime(2026, 12, 1, 3, tzinfo=UTC) and m.notes_in("fr") == "New"
    assert offer_refusal(m, "0.1.9") is None
    assert offer_refusal(m, "0.1.10").reason == "same_version"
    assert offer_refusal(m, "0.2").reason == "older"
    needs = manifest_of(GOOD | {"min_from_version": "0.1.5"})
    assert offer_refusal(needs, "0.1.4").reason == "too_old_to_update"
    assert offer_refusal(needs, "0.1.5") is None


@pytest.mark.parametrize("change, reason", [
    ({"package": "other"}, "wrong_package"),
    ({"sha256": "AB" * 32}, "malformed"),
    ({"size": 0}, "malformed"),
    ({"size": True}, "malformed"),
    ({"filename": "hems_panel-0.1.9-py3-none-any.whl"}, "malformed"),
    ({"filename": "../../etc/hems_panel-0.1.10-x.whl"}, "malformed"),
    ({"published": "yesterday"}, "malformed"),
    ({"notes": {"ja": 1}}, "malformed"),
])
def test_every_field_is_checked(change, reason) -> None:
    with pytest.raises(UpdateRefused) as refused:
        manifest_of(GOOD | change)
    assert refused.value.reason == reason


def test_signature_covers_every_field_whatever_the_key_order() -> None:
    key = Ed25519PrivateKey.generate()
    reordered = dict(reversed(list(GOOD.items())))
    signed = SignedManifest(reordered, key.sign(canonical_bytes(GOOD)))
    assert signed.verify((key.public_key(),)).version == "0.1.10"
    answer = SignedManifest.from_json(signed.to_json())
    assert answer.verify((Ed25519PrivateKey.generate().public_key(), key.public_key()))
    tampered = SignedManifest(GOOD | {"size": 1235}, signed.signature)
    with pytest.raises(UpdateRefused, match="bad_signature"):
        tampered.verify((key.public_key(),))
    with pytest.raises(UpdateRefused, match="unsigned"):
        SignedManifest.from_json({"manifest": GOOD, "signature": ""})
    with pytest.raises(UpdateRefused, match="bad_signature"):
        SignedManifest.from_json({"manifest": GOOD, "signature": "not base64!"})


def test_the_shipped_key_file_reads() -> None:
    import json

    from app.resource_files import resources_dir

    keys = keys_of(json.loads((resources_dir() / "update_keys" / "keys.json").read_text()))
    assert len(keys) == 1
    raw = base64.b64encode(b"\0" * 31).decode()
    with pytest.raises(ValueError):
        keys_of({"keys": [{"id": "short", "ed25519": raw}]})
