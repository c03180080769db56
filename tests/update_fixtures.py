"""Update tests' keys and wheels: the test key pair (tests/update_keys/), and small real
wheels of "hems-panel" whose entry point paints no window but does what the panel does
at its first frame (writes the marker), or fails before it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
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


def probe_wheel(folder: Path, version: str, *, paints: bool = True) -> Path:
    """A real wheel of "hems-panel" `version` (pip wheel, no network): its `hems-panel`
    writes the first-frame marker as the panel does (app.update.marker), or, when it does
    not `paints`, exits with an error first (a version broken before its first frame)."""
    src = folder / f"src-{version}-{int(paints)}"
    pkg = src / "hems_probe"
    pkg.mkdir(parents=True)
    body = ("    from app.update.marker import write_first_frame\n"
            f"    write_first_frame(data_dir(), {version!r})\n    return 0\n" if paints else
            "    raise SystemExit('broken on purpose: no first frame')\n")
    (pkg / "__init__.py").write_text(textwrap.dedent('''\
        import os
        import sys
        from pathlib import Path


        def data_dir():
            return Path(os.environ["HEMS_DATA_DIR"])


        def main():
            sys.path.insert(0, os.environ["HEMS_PROBE_SOURCE"])  # app.update.marker
        ''') + body)
    (src / "pyproject.toml").write_text(textwrap.dedent(f'''\
        [build-system]
        requires = ["setuptools>=69"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "hems-panel"
        version = "{version}"

        [project.scripts]
        hems-panel = "hems_probe:main"

        [tool.setuptools]
        packages = ["hems_probe"]
        '''))
    out = folder / f"wheels-{version}-{int(paints)}"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "--disable-pip-version-check",
                    "--wheel-dir", str(out), str(src)], check=True, capture_output=True)
    return next(out.glob("hems_panel-*.whl"))
