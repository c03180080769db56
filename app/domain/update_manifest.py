"""Signed update manifests: what the server publishes and the panel checks (no Qt, no I/O).

A manifest names one wheel of the panel by its version, SHA-256 and size, with the notes
the household reads. The server signs its canonical JSON (sorted keys, no spaces, UTF-8)
with Ed25519; the panel verifies that signature with a key it ships, then the wheel's
bytes against the signed hash. So the signature covers the bytes, and nothing the server
(or anyone between) sends unsigned is believed.

    signed = SignedManifest.from_json(answer)          # UpdateRefused on a bad shape
    manifest = signed.verify(trusted_keys)             # UpdateRefused unless signed by one
    refusal = offer_refusal(manifest, current_version)  # None when it is worth offering
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PACKAGE = "hems-panel"
_VERSION = re.compile(r"^\d{1,6}(\.\d{1,6}){1,3}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_BUNDLE_BYTES = 512 * 1024 * 1024


class UpdateRefused(ValueError):
    """An update the panel will not install; `reason` is a code the UI words:
    unsigned, bad_signature, malformed, tampered, older, same_version, too_old_to_update,
    wrong_package."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def version_key(text: str) -> tuple[int, ...]:
    """"0.1.10" -> (0, 1, 10, 0): dotted numbers compare as numbers, padded to four."""
    if not _VERSION.match(text):
        raise UpdateRefused("malformed", f"not a version: {text!r:.40}")
    parts = tuple(int(p) for p in text.split("."))
    return parts + (0,) * (4 - len(parts))


def canonical_bytes(manifest: dict[str, Any]) -> bytes:
    """The bytes that are signed: one spelling of the manifest, whoever serialises it."""
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Manifest:
    version: str
    sha256: str
    size: int
    filename: str
    published: datetime
    notes: dict[str, str]  # language -> text ("ja", "en")
    min_from_version: str | None = None

    def notes_in(self, language: str) -> str:
        return self.notes.get(language) or self.notes.get("en") or self.notes.get("ja") or ""


def manifest_of(d: Any) -> Manifest:
    """The manifest's fields, each checked (UpdateRefused "malformed" names the bad one)."""
    def field(key: str, kind: type, optional: bool = False) -> Any:
        if not isinstance(d, dict) or (key not in d and not optional):
            raise UpdateRefused("malformed", f"the manifest lacks {key!r}")
        value = d.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise UpdateRefused("malformed", f"{key!r} has the wrong type")
        return value

    if field("package", str) != PACKAGE:
        raise UpdateRefused("wrong_package", f"the manifest is for {d['package']!r:.40}")
    version = field("version", str)
    version_key(version)
    sha256 = field("sha256", str)
    if not _SHA256.match(sha256):
        raise UpdateRefused("malformed", "'sha256' is not a SHA-256 in hex")
    size = field("size", int)
    if not 0 < size <= MAX_BUNDLE_BYTES:
        raise UpdateRefused("malformed", f"'size' is out of range: {size}")
    filename = field("filename", str)
    if not re.match(r"^hems_panel-[0-9.]+-[A-Za-z0-9_.-]+\.whl$", filename) \
            or f"-{version}-" not in filename:
        raise UpdateRefused("malformed", f"'filename' is not this version's wheel: "
                                         f"{filename!r:.60}")
    try:
        published = datetime.fromisoformat(field("published", str).replace("Z", "+00:00"))
    except ValueError as exc:
        raise UpdateRefused("malformed", "'published' is not a time") from exc
    notes = field("notes", dict)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in notes.items()):
        raise UpdateRefused("malformed", "'notes' must map languages to text")
    min_from = field("min_from_version", str, optional=True)
    if min_from is not None:
        version_key(min_from)
    return Manifest(version, sha256, size, filename, published, dict(notes), min_from)


@dataclass(frozen=True)
class SignedManifest:
    manifest: dict[str, Any]  # exactly as received: the signature covers its canonical form
    signature: bytes

    @classmethod
    def from_json(cls, d: Any) -> SignedManifest:
        if not isinstance(d, dict) or not isinstance(d.get("manifest"), dict):
            raise UpdateRefused("malformed", "the answer holds no manifest")
        sig = d.get("signature")
        if not sig or not isinstance(sig, str):
            raise UpdateRefused("unsigned", "the manifest comes without a signature")
        try:
            raw = base64.b64decode(sig, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UpdateRefused("bad_signature", "the signature is not base64") from exc
        return cls(d["manifest"], raw)

    def to_json(self) -> dict[str, Any]:
        return {"manifest": self.manifest,
                "signature": base64.b64encode(self.signature).decode("ascii")}

    def verify(self, keys: tuple[Ed25519PublicKey, ...]) -> Manifest:
        """The manifest, if one of `keys` signed exactly these fields; else UpdateRefused."""
        if not keys:
            raise UpdateRefused("bad_signature", "the panel has no update key")
        message = canonical_bytes(self.manifest)
        for key in keys:
            try:
                key.verify(self.signature, message)
            except InvalidSignature:
                continue
            return manifest_of(self.manifest)
        raise UpdateRefused("bad_signature", "no key of this panel signed the manifest")


def offer_refusal(manifest: Manifest, current: str) -> UpdateRefused | None:
    """Why a genuine manifest is not offered to a panel running `current`; None: offer it.
    A replayed older manifest is refused here: it is genuine, but a downgrade."""
    new, now = version_key(manifest.version), version_key(current)
    if new < now:
        return UpdateRefused("older", f"{manifest.version} is older than {current}")
    if new == now:
        return UpdateRefused("same_version", f"{current} is installed already")
    if manifest.min_from_version and now < version_key(manifest.min_from_version):
        return UpdateRefused("too_old_to_update", f"{manifest.version} needs "
                                                  f"{manifest.min_from_version} or later")
    return None


def public_key_of(text: str) -> Ed25519PublicKey:
    """A raw Ed25519 public key in base64 (how resources/update_keys/keys.json holds it)."""
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"not an Ed25519 public key in base64: {text!r:.60}") from exc


def keys_of(document: Any) -> tuple[Ed25519PublicKey, ...]:
    """The keys of a keys.json: {"keys": [{"id": ..., "ed25519": base64}, ...]} (several
    while one is being replaced by the next)."""
    entries = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ValueError("an update key file is {\"keys\": [...]}")
    return tuple(public_key_of(e["ed25519"]) for e in entries)
