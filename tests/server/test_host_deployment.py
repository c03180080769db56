"""The host deployment in packaging/server, run as it is written: nginx with the shipped
site (hems-center.conf and its proxy snippet) terminating TLS in front of two workers
started with hems-center@.service's command line and hems-center.env's variables, on
one PostgreSQL database and one S3 bucket (moto's server).

What the test changes is only what a host would have of its own: the certificate (a
throwaway one for 127.0.0.1), the ports (free loopback ones for 80, 443 and the two
workers), the log and temp paths, the secrets and addresses in the env file, and two
options appended to the workers' command (a lower registration limit, so the limit is
reached quickly, and --parent-pid, so no worker outlives the test). The substitutions
must each match once: a changed site or unit fails here until the test follows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.loopback import free_port
from tests.server.conftest import bucket_objects, reg_body, s3_storage

pytestmark = pytest.mark.postgresql_only

PACKAGING = Path(__file__).resolve().parents[2] / "packaging" / "server"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
START_TIMEOUT_S = 60.0
MIB = 1024 * 1024


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"expected one {old!r} in the shipped file"
    return text.replace(old, new)


def _env_file() -> dict[str, str]:
    """hems-center.env as systemd's EnvironmentFile= reads it (no quotes are used)."""
    found = {}
    for line in (PACKAGING / "hems-center.env").read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            found[name] = value
    return found


def _unit_command(port: int, env: dict[str, str]) -> list[str]:
    """The unit's ExecStart for instance `port`, as systemd expands it."""
    unit = (PACKAGING / "hems-center@.service").read_text()
    (line,) = [x for x in unit.splitlines() if x.startswith("ExecStart=")]
    words = []
    for word in shlex.split(line.removeprefix("ExecStart=").replace("%i", str(port))):
        if word == "$HEMS_CENTER_ARGS":  # an unquoted $VAR: split at white space
            words += env["HEMS_CENTER_ARGS"].split()
        else:
            words.append(word)
    # Installed in /opt/hems-center/venv; here, beside this interpreter.
    assert words[0] == "/opt/hems-center/venv/bin/hems-center"
    return [str(Path(sys.executable).with_name("hems-center")), *words[1:]]


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (what certbot would have put there)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "center.example.jp")])
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)  # fixed: no clock in the test's result
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=365 * 80))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("center.example.jp"),
                x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    chain, private = folder / "fullchain.pem", folder / "privkey.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return chain, private


def _wait_for_port(port: int, process: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode}:\n"
                                 f"{log.read_text(errors='replace')[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1.0):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} did not listen on {port} within "
                                     f"{START_TIMEOUT_S} s") from None
            time.sleep(0.05)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(20)


@dataclass
class Worker:
    port: int
    process: subprocess.Popen
    log: Path


@dataclass
class Deployment:
    https: str  # the proxy's https:// base
    http: str  # its plain-HTTP listener, which only redirects
    ca: Path  # the certificate to trust
    workers: list[Worker]
    access_log: Path
    bucket: object

    def session(self) -> requests.Session:
        s = requests.Session()
        s.trust_env = False  # else REQUESTS_CA_BUNDLE would override verify
        s.verify = str(self.ca)
        return s

    def upstreams(self) -> list[str]:
        """Which workers each request went to so far, in order (nginx's access log)."""
        return re.findall(r"\[([^]]*)\] \[", self.access_log.read_text())


def _nginx_conf(root: Path, workers: list[int], http_port: int, https_port: int,
                chain: Path, key: Path) -> tuple[Path, Path]:
    snippet = root / "hems-center-proxy.conf"
    shutil.copy(PACKAGING / "nginx" / "hems-center-proxy.conf", snippet)
    site = (PACKAGING / "nginx" / "hems-center.conf").read_text()
    site = _replace_once(site, "server 127.0.0.1:8471;", f"server 127.0.0.1:{workers[0]};")
    site = _replace_once(site, "server 127.0.0.1:8472;", f"server 127.0.0.1:{workers[1]};")
    site = _replace_once(site, "    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n")
    site = _replace_once(site, "    listen [::]:80;\n", "")  # loopback only in tests
    site = _replace_once(site, "    listen 443 ssl http2;\n",
                         f"    listen 127.0.0.1:{https_port} ssl http2;\n")
    site = _replace_once(site, "    listen [::]:443 ssl http2;\n", "")
    site = _replace_once(site, "/etc/letsencrypt/live/center.example.jp/fullchain.pem",
                         str(chain))
    site = _replace_once(site, "/etc/letsencrypt/live/center.example.jp/privkey.pem", str(key))
    access = root / "access.log"
    site = _replace_once(site, "access_log /var/log/nginx/hems-center.access.log;",
                         f"access_log {access} upstream;")
    site = _replace_once(site, "/var/log/nginx/hems-center.error.log", str(root / "site.log"))
    site = _replace_once(site, "/etc/nginx/snippets/hems-center-proxy.conf", str(snippet))
    (root / "hems-center.conf").write_text(site)
    # The part of /etc/nginx/nginx.conf a host has; as root, workers stay root so that
    # they can use the test's private temp folder.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {kind}_temp_path {root / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = root / "nginx.conf"
    main.write_text(f"""{user}worker_processes 1;
pid {root / 'nginx.pid'};
error_log {root / 'error.log'} warn;
events {{ worker_connections 256; }}
http {{
    log_format upstream '$request_method $uri $status [$upstream_addr] [$upstream_status]';
{temp}
    include {root / 'hems-center.conf'};
}}
""")
    return main, access


@pytest.fixture
def deployment(tmp_path, server_db, s3_endpoint) -> Iterator[Deployment]:
    if not Path(NGINX).is_file():
        pytest.fail("nginx is not installed: sh packaging/system-deps.sh installs Debian's "
                    "nginx, the reverse proxy the deployment is tested with", pytrace=False)
    bucket = s3_storage(s3_endpoint)
    root = tmp_path / "host"
    root.mkdir()
    chain, key = _certificate(root)
    ports = [free_port(), free_port()]
    http_port, https_port = free_port(), free_port()
    env = _env_file() | {
        "HEMS_CENTER_DATA": str(root / "state"),
        "HEMS_CENTER_DATABASE": server_db.database_url,
        "HEMS_CENTER_BLOB_URL": f"s3://{bucket.location.bucket}/v1",
        "HEMS_CENTER_S3_ENDPOINT": s3_endpoint,
        "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        "HEMS_CENTER_PUBLIC_URL": f"https://127.0.0.1:{https_port}",
    }
    (root / "state").mkdir(mode=0o700)
    started: list[subprocess.Popen] = []
    try:
        workers = []
        for port in ports:
            log = root / f"worker-{port}.log"
            with log.open("wb") as out:
                cmd = [*_unit_command(port, env), "--register-limit", "3",
                       "--parent-pid", str(os.getpid())]
                process = subprocess.Popen(cmd, env=os.environ | env, stdout=out,
                                           stderr=subprocess.STDOUT)
            started.append(process)
            workers.append(Worker(port, process, log))
        conf, access = _nginx_conf(root, ports, http_port, https_port, chain, key)
        check = subprocess.run([NGINX, "-t", "-p", str(root), "-c", str(conf)],
                               capture_output=True, text=True, timeout=60)
        assert check.returncode == 0, check.stderr
        nginx_log = root / "nginx.out"
        with nginx_log.open("wb") as out:
            nginx = subprocess.Popen([NGINX, "-p", str(root), "-c", str(conf),
                                      "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT)
        started.append(nginx)
        _wait_for_port(https_port, nginx, "nginx", nginx_log)
        for w in workers:
            _wait_for_port(w.port, w.process, f"worker {w.port}", w.log)
        yield Deployment(f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}",
                         chain, workers, access, bucket)
    finally:
        for process in reversed(started):
            _stop(process)
        bucket.close()


def _ports(d: Deployment) -> list[int]:
    """The worker that answered each proxied request; each went to one worker only."""
    proxied = [u for u in d.upstreams() if u != "-"]  # "-": nginx answered (the redirect)
    assert not [u for u in proxied if "," in u], proxied  # no worker failed a request
    return [int(u.rsplit(":", 1)[1]) for u in proxied]


def _register(s: requests.Session, base: str, **headers: str) -> requests.Response:
    return s.post(f"{base}/v1/devices", json=reg_body(), headers=headers, timeout=60)


def _auth(reply: requests.Response) -> dict[str, str]:
    assert reply.status_code == 201, reply.text
    return {"Authorization": f"Bearer {reply.json()['token']}"}


def test_a_panel_through_the_proxy_reaches_both_workers_on_one_database_and_bucket(
        deployment):
    d = deployment
    with d.session() as s:
        # Plain HTTP only redirects, keeping the path.
        r = s.get(f"{d.http}/v1/documents", allow_redirects=False, timeout=30)
        assert r.status_code == 308
        assert r.headers["Location"] == "https://127.0.0.1/v1/documents"
        r = s.get(f"{d.https}/v1/documents", timeout=30)
        assert r.status_code == 200 and "Strict-Transport-Security" in r.headers

        auth = _auth(_register(s, d.https))
        # A backup above the env file's multipart threshold (16 MiB), streamed through
        # nginx (proxy_request_buffering off) and checked end to end.
        payload = os.urandom(17 * MIB)
        r = s.post(f"{d.https}/v1/devices/me/backups", data=payload, timeout=120, headers=auth | {
            "Content-Type": "application/octet-stream", "X-Backup-Kind": "full",
            "X-Backup-SHA256": hashlib.sha256(payload).hexdigest()})
        assert r.status_code == 201, r.text
        backup_id = r.json()["id"]
        for _ in range(4):  # round robin: every worker lists it from the one database
            listed = s.get(f"{d.https}/v1/devices/me/backups", headers=auth, timeout=30)
            assert [b["id"] for b in listed.json()["backups"]] == [backup_id]
    assert [k for k in bucket_objects(d.bucket) if backup_id in k]
    assert set(_ports(d)) == {w.port for w in d.workers}, d.upstreams()


def test_the_registration_limit_counts_the_client_behind_the_proxy_on_both_workers(
        deployment):
    d = deployment
    with d.session() as s:
        # A client cannot choose its address: nginx replaces X-Forwarded-For.
        codes = [_register(s, d.https, **{"X-Forwarded-For": f"10.0.0.{i}"}).status_code
                 for i in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    assert set(_ports(d)) == {w.port for w in d.workers}, d.upstreams()


def test_a_stopped_worker_is_passed_over_and_nothing_is_sent_twice(deployment):
    d = deployment
    with d.session() as s:
        auth = _auth(_register(s, d.https))
        _stop(d.workers[0].process)
        # Refused connections go to the other worker: every request is answered.
        for _ in range(6):
            assert s.get(f"{d.https}/v1/devices/me", headers=auth, timeout=30).status_code == 200
        second = _register(s, d.https)
        assert second.status_code == 201, second.text
        # Unregistered through the proxy: gone from the database and the bucket.
        payload = b"x" * 1000
        r = s.post(f"{d.https}/v1/devices/me/backups", data=payload, timeout=60, headers=auth | {
            "Content-Type": "application/octet-stream", "X-Backup-Kind": "full",
            "X-Backup-SHA256": hashlib.sha256(payload).hexdigest()})
        assert r.status_code == 201, r.text
        gone = r.json()["id"]
        assert s.delete(f"{d.https}/v1/devices/me", headers=auth, timeout=30).status_code == 204
        assert s.get(f"{d.https}/v1/devices/me", headers=auth, timeout=30).status_code == 401
    assert not [k for k in bucket_objects(d.bucket) if gone in k]
    log = re.findall(r"^POST /v1/devices (\d+)", d.access_log.read_text(), re.M)
    assert log == ["201", "201"]  # each registration reached a worker once
