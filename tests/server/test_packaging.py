"""The deployment files in packaging/server agree with the server they deploy."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from server.main import WORKER_ARGV_ENV

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging" / "server"
_VAR = re.compile(r"HEMS_CENTER_[A-Z0-9_]+")


def _env_file() -> dict[str, str]:
    """Variable -> the comment block above it."""
    found, comment = {}, []
    for line in (PACKAGING / "hems-center.env").read_text().splitlines():
        if line.startswith("#"):
            comment.append(line)
        elif "=" in line:
            found[line.split("=", 1)[0]] = "\n".join(comment)
        else:
            comment = []
    return found


def _read_by_server() -> set[str]:
    found = {v for path in (REPO / "server").rglob("*.py") for v in _VAR.findall(path.read_text())}
    return found - {WORKER_ARGV_ENV}  # hems-center sets it for its own worker processes


def test_the_env_file_lists_every_variable_with_a_comment():
    listed = _env_file()
    assert _read_by_server() <= set(listed), _read_by_server() - set(listed)
    unit = (PACKAGING / "hems-center@.service").read_text()
    used = _read_by_server() | set(_VAR.findall(unit)) | {"AWS_ACCESS_KEY_ID",
                                                          "AWS_SECRET_ACCESS_KEY"}
    assert set(listed) <= used, set(listed) - used  # nothing listed that nobody reads
    assert all(listed.values()), [k for k, v in listed.items() if not v]


def test_compose_sets_only_known_variables_and_runs_two_workers():
    compose = yaml.safe_load((PACKAGING / "docker-compose.yml").read_text())
    services = compose["services"]
    workers = [s for s in services.values() if s.get("image") == "hems-center:local"]
    assert len(workers) == 2
    for worker in workers:
        assert set(worker["environment"]) <= set(_env_file())
        assert worker["environment"]["HEMS_CENTER_BLOB_URL"].startswith("s3://")
        # X-Forwarded-For is believed from nginx's address only.
        proxy = worker["command"][worker["command"].index("--trusted-proxy") + 1]
        assert proxy == services["nginx"]["networks"]["backend"]["ipv4_address"]
    assert {"postgres", "minio", "nginx"} <= set(services)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_systemd_units_verify(tmp_path):
    # Verified as installed, except where the program lives on this machine.
    program = Path(sys.executable).with_name("hems-center")
    unit = (PACKAGING / "hems-center@.service").read_text()
    (tmp_path / "hems-center@.service").write_text(
        unit.replace("/opt/hems-center/venv/bin/hems-center", str(program)))
    shutil.copy(PACKAGING / "hems-center.target", tmp_path)
    r = subprocess.run(["systemd-analyze", "verify", "hems-center@8471.service",
                        "hems-center.target"], cwd=tmp_path, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0 and "hems-center" not in r.stderr, r.stderr
