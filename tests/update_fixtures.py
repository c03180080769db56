"""Update tests' keys and wheels: the test key pair (tests/update_keys/), and small real
wheels of "hems-panel" whose entry point paints no window but does what the panel does
at its first frame (writes the marker), or fails before it."""

from __future__ import annotations

import base64
import hashlib
import json
import textwrap
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.domain.update_manifest import keys_of
from server.updates import load_private_key

KEYS = Path(__file__).parent / "update_keys"


def signing_key() -> Ed25519PrivateKey:
    return load_private_key(KEYS / "test-key.pem")


def trusted_keys() -> tuple[Ed25519PublicKey, ...]:
    return keys_of(json.loads((KEYS / "keys.json").read_text()))


def fake_wheel(folder: Path, version: str, payload: bytes = b"PK\x03\x04 not a real wheel"
               ) -> Path:
    """A file named like a wheel of the panel: what the server stores and serves."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"hems_panel-{version}-py3-none-any.whl"
    path.write_bytes(payload * 50)
    return path


def probe_wheel(folder: Path, version: str, *, paints: bool = True,
                migrates: bool = False) -> Path:
    """A real wheel of "hems-panel" `version` (PEP 427, written here: no build backend, no
    network): its `hems-panel` writes the first-frame marker as the panel does
    (app.update.marker), or, when it does not `paints`, exits with an error before it
    (a version broken before its first frame). One that `migrates` first does to the
    database what a schema migration does: the older file copied aside as
    hems.sqlite3.bak-<revision>, the file itself changed. pip installs it like any wheel."""
    migration = ("    db = Path(os.environ['HEMS_DATA_DIR']) / 'hems.sqlite3'\n"
                 "    db.with_name('hems.sqlite3.bak-rev1').write_bytes(db.read_bytes())\n"
                 f"    db.write_text('schema 2 of {version}')\n" if migrates else "")
    body = ("    from app.update.marker import write_first_frame\n"
            f"    write_first_frame(Path(os.environ['HEMS_DATA_DIR']), {version!r})\n"
            "    return 0\n" if paints else
            "    raise SystemExit('broken on purpose: no first frame')\n")
    module = textwrap.dedent('''\
        import os
        import sys
        from pathlib import Path


        def main():
            sys.path.insert(0, os.environ["HEMS_PROBE_SOURCE"])  # app.update.marker
        ''') + migration + body
    info = f"hems_panel-{version}.dist-info"
    files = {
        "hems_probe/__init__.py": module.encode(),
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: hems-panel\nVersion: {version}\n"
                            .encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\n"
                         b"Tag: py3-none-any\n",
        f"{info}/entry_points.txt": b"[console_scripts]\nhems-panel = hems_probe:main\n",
    }
    record = [f"{name},sha256={_b64(hashlib.sha256(data).digest())},{len(data)}"
              for name, data in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    out = folder / f"wheels-{version}-{int(paints)}{int(migrates)}"
    out.mkdir(parents=True)
    path = out / f"hems_panel-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def _b64(digest: bytes) -> str:
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
