"""The installer without root: real wheels into slots under a temp root, switched,
started, and rolled back when the new version never paints its first frame."""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.update import installer
from app.update.marker import first_frame_version
from app.update.slots import InstallRoot
from server.updates import make_manifest, sign
from tests.update_fixtures import KEYS, probe_wheel, signing_key, trusted_keys

CHECKOUT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("wheels")
    return {"0.1.0": probe_wheel(folder, "0.1.0"), "0.1.1": probe_wheel(folder, "0.1.1"),
            "0.1.2-broken": probe_wheel(folder, "0.1.2", paints=False, migrates=True)}


@pytest.fixture
def panel(tmp_path, wheels):
    """An install root with 0.1.0 current (as the package's postinst leaves it)."""
    root, data = tmp_path / "opt", tmp_path / "data"
    data.mkdir()
    slots = InstallRoot(root)
    slots.build("0.1.0", wheels["0.1.0"])
    slots.switch("0.1.0")
    return root, data


def _env(data: Path) -> dict[str, str]:
    return {"HEMS_DATA_DIR": str(data), "HEMS_PROBE_SOURCE": str(CHECKOUT),
            "PATH": os.environ.get("PATH", "/usr/bin")}


def _install(root: Path, data: Path, wheel: Path, key=None, manifest=None, **kw):
    signed = sign(manifest or make_manifest(wheel, {"ja": "新版", "en": "New"}, NOW),
                  key or signing_key())
    kw.setdefault("start", [str(root / "current" / "venv" / "bin" / "hems-panel")])
    kw.setdefault("stop", ["true"])  # the probe panel has ended by itself
    return installer.install(root, data, wheel, signed, trusted_keys(), env=_env(data),
                             timeout_s=120, **kw)


def test_new_version_installed_beside_the_old_then_a_broken_one_rolled_back(panel, wheels):
    root, data = panel
    done = _install(root, data, wheels["0.1.1"])
    slots = InstallRoot(root)
    assert done == installer.Outcome("installed", "0.1.1", "0.1.1")
    assert (slots.current, slots.previous) == ("0.1.1", "0.1.0")
    assert first_frame_version(data) == "0.1.1"  # the new version painted
    assert (root / "venv" / "bin" / "hems-panel").exists()  # the unit's path follows
    assert (root / "current" / "venv" / "bin" / "pip").exists()  # for the next update

    db = data / "hems.sqlite3"
    db.write_text("schema 1: a year of the household's data")
    broken = _install(root, data, wheels["0.1.2-broken"])
    assert (broken.outcome, broken.version, broken.running, broken.reason) == \
        ("rolled_back", "0.1.2", "0.1.1", "first_frame")
    assert "exited with status 1" in broken.detail and "hems.sqlite3.bak-rev1" in broken.detail
    assert broken.detail.endswith("; 0.1.1 started again")
    # The old version cannot open the schema the broken one migrated to: the copy the
    # migration kept is back, the newer file kept beside it.
    assert db.read_text() == "schema 1: a year of the household's data"
    assert (data / "hems.sqlite3.failed-0.1.2").read_text() == "schema 2 of 0.1.2"
    assert not (data / "hems.sqlite3.bak-rev1").exists()
    assert slots.current == "0.1.1"
    assert first_frame_version(data) == "0.1.1"  # the old one started again and painted
    assert sorted(p.name for p in slots.versions.iterdir()) == ["0.1.1"]
    assert installer.read_result(data) == broken  # what the panel tells at its next start


@pytest.mark.parametrize("case", ["wrong_key", "tampered_bytes", "tampered_manifest",
                                  "older", "same"])
def test_refused_bundles_change_nothing(panel, wheels, tmp_path, case):
    root, data = panel
    wheel, key, manifest = wheels["0.1.1"], None, None
    if case == "wrong_key":
        key = Ed25519PrivateKey.generate()
    elif case == "tampered_bytes":
        wheel = tmp_path / "t" / wheels["0.1.1"].name
        wheel.parent.mkdir()
        shutil.copy(wheels["0.1.1"], wheel)
        manifest = make_manifest(wheel, {"en": "x"}, NOW)
        with open(wheel, "ab") as f:
            f.write(b"\0")
    elif case == "older":
        InstallRoot(root).build("0.1.1", wheels["0.1.1"])
        InstallRoot(root).switch("0.1.1")
        wheel = wheels["0.1.0"]
    elif case == "same":
        wheel = wheels["0.1.0"]
    if case == "tampered_manifest":  # signed, then a field changed
        signed = sign(make_manifest(wheel, {"en": "x"}, NOW), signing_key())
        signed.manifest["min_from_version"] = "0.0.1"
        outcome = installer.install(root, data, wheel, signed, trusted_keys(), env=_env(data),
                                    start=["false"])
    else:
        outcome = _install(root, data, wheel, key=key, manifest=manifest, start=["false"])
    expected = {"wrong_key": "bad_signature", "tampered_bytes": "tampered",
                "tampered_manifest": "bad_signature", "older": "older",
                "same": "same_version"}[case]
    assert (outcome.outcome, outcome.reason) == ("refused", expected)
    assert first_frame_version(data) is None  # nothing was started
    assert InstallRoot(root).current == ("0.1.1" if case == "older" else "0.1.0")


def test_command_line_installs_the_panels_request(panel, wheels, monkeypatch, capsys):
    root, data = panel
    folder = installer.request_dir(data)
    folder.mkdir(parents=True)
    wheel = shutil.copy(wheels["0.1.1"], folder)
    signed = sign(make_manifest(Path(wheel), {"en": "New"}, NOW), signing_key())
    (folder / installer.MANIFEST_NAME).write_text(json.dumps(signed.to_json()))
    for name, value in _env(data).items():
        monkeypatch.setenv(name, value)
    code = installer.main(["--root", str(root), "--data-dir", str(data),
                           "--keys", str(KEYS / "keys.json"), "--timeout", "120",
                           "--start", str(root / "current" / "venv" / "bin" / "hems-panel"),
                           "--stop", "true"])
    assert code == 0, capsys.readouterr()
    assert json.loads(capsys.readouterr().out)["outcome"] == "installed"
    assert InstallRoot(root).current == "0.1.1"
    assert sys.executable  # the installer built the slot with this interpreter's pip
