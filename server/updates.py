"""Panel updates: signed manifests in the database, the wheels in their own blob store.

    hems-center keygen --out release-key.pem           # prints the public key for keys.json
    hems-center publish-update dist/hems_panel-0.1.1-py3-none-any.whl --key release-key.pem \\
        --notes-ja "..." --notes-en "..." [--min-from-version 0.1.0]

The wheel is stored under its SHA-256 in a store of its own (`update_storage`): files in
<data>/updates (beside blobs/, which housekeeping sweeps), or objects under the bucket's
prefix + "updates/" (the backup store lists only keys without a "/", so it never sees
them). The signed manifest is kept in `serverstate` (no migration): the newest under
"update.latest", every one under "update.v.<version>" for the bundle route.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from app.domain.update_manifest import (
    PACKAGE,
    SignedManifest,
    canonical_bytes,
    manifest_of,
    version_key,
)
from server.db import session_scope
from server.models import ServerState
from server.storage import BlobStorage, FileSystemStorage, put

LATEST = "update.latest"
_WHEEL = re.compile(r"^hems_panel-(?P<version>\d+(\.\d+){1,3})-[A-Za-z0-9_.-]+\.whl$")
_CHUNK = 1024 * 1024


class PublishError(ValueError):
    pass


def version_state_key(version: str) -> str:
    return f"update.v.{version}"


def update_storage(settings) -> BlobStorage:
    """Where update wheels live: never where housekeeping sweeps orphan backups."""
    if not settings.blob_url:
        return FileSystemStorage(settings.data_dir / "updates")
    from server.storage_s3 import S3BlobStorage, parse_blob_url

    location = parse_blob_url(settings.blob_url)
    return S3BlobStorage(replace(location, prefix=f"{location.prefix}updates/"),
                         endpoint_url=settings.s3_endpoint, region=settings.s3_region,
                         multipart_threshold=settings.s3_multipart_threshold,
                         part_size=settings.s3_part_size)


def generate_key(out: Path) -> str:
    """A new Ed25519 key pair: the private key to `out` (PEM, 0600), the public key
    returned in base64 (what the panel's resources/update_keys/keys.json lists)."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    out = Path(out)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never over a key
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return public_text(key)


def public_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise PublishError(f"{path} is not an Ed25519 private key")
    return key


def sign(manifest: dict, key: Ed25519PrivateKey) -> SignedManifest:
    manifest_of(manifest)  # never sign what the panel would refuse to read
    return SignedManifest(manifest, key.sign(canonical_bytes(manifest)))


def make_manifest(wheel: Path, notes: dict[str, str], published: datetime,
                  min_from_version: str | None = None) -> dict:
    """The manifest of a wheel of the panel (its version from the wheel's name)."""
    wheel = Path(wheel)
    match = _WHEEL.match(wheel.name)
    if not match:
        raise PublishError(f"{wheel.name} is not a wheel of {PACKAGE} "
                           "(hems_panel-<version>-...whl)")
    digest, size = hashlib.sha256(), 0
    with open(wheel, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"package": PACKAGE, "version": match["version"], "filename": wheel.name,
            "sha256": digest.hexdigest(), "size": size,
            "published": published.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "notes": notes, "min_from_version": min_from_version}


def latest(engine: Engine) -> dict | None:
    """The newest published answer, {"manifest": ..., "signature": ...}, as stored."""
    return _read(engine, LATEST)


def of_version(engine: Engine, version: str) -> dict | None:
    return _read(engine, version_state_key(version))


def _read(engine: Engine, key: str) -> dict | None:
    # Served as stored: the panel, not the server, judges what it receives.
    with session_scope(engine) as session:
        row = session.get(ServerState, key)
        return json.loads(row.value) if row else None


def publish(engine: Engine, storage: BlobStorage, wheel: Path, key: Ed25519PrivateKey,
            notes: dict[str, str], published: datetime,
            min_from_version: str | None = None) -> SignedManifest:
    """Store the wheel (under its hash), then its signed manifest as the newest.
    A version not newer than the newest published is refused: panels would refuse it."""
    signed = sign(make_manifest(wheel, notes, published, min_from_version), key)
    version = signed.manifest["version"]
    current = latest(engine)
    if current and version_key(version) <= version_key(current["manifest"]["version"]):
        raise PublishError(f"{version} is not newer than the published "
                           f"{current['manifest']['version']}")

    def chunks():
        with open(wheel, "rb") as f:
            while chunk := f.read(_CHUNK):
                yield chunk

    put(storage, signed.manifest["sha256"], chunks())  # the blob first, then its row
    text = json.dumps(signed.to_json(), ensure_ascii=False)
    with session_scope(engine) as session:
        for state_key in (version_state_key(version), LATEST):
            session.merge(ServerState(key=state_key, value=text))
        session.commit()
    return signed
