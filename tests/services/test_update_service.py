"""Panel updates between a real center server and the panel's service: offered with a
notice, refused with a reason (wrong key, unsigned, tampered, older, replayed), a dropped
download leaving nothing, installed by the installer and told at the next start."""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.cloud.client import CenterClient
from app.cloud.token_store import StoredRegistration, TokenStore
from app.domain.home_clock import HomeClock
from app.domain.notices import Template
from app.services.update_service import NOT_REGISTERED, UpdateService
from app.store import open_store
from app.update import installer
from app.update.launch import CommandInstaller
from app.update.slots import InstallRoot
from server import updates
from server.db import make_engine
from server.embedded import start_embedded
from server.models import ServerState
from server.storage import FileSystemStorage
from tests.cloud.conftest import FAST, HOUSEHOLD
from tests.current_documents import PRIVACY, TERMS
from tests.services.cloud_helpers import connector
from tests.update_fixtures import KEYS, probe_wheel, signing_key, trusted_keys

ZONE = "Asia/Tokyo"
NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # 12:00 in Japan
NIGHT = datetime(2026, 12, 5, 18, 30, tzinfo=UTC)  # 03:30 in Japan
NOTES = {"ja": "停電時の表示を改善しました", "en": "Clearer power-cut display"}
CHECKOUT = Path(__file__).resolve().parents[2]


def register(url: str, data: Path) -> None:
    client = CenterClient(url, TokenStore(data), retry=FAST)
    try:
        client.register(HOUSEHOLD, TERMS, PRIVACY)
    finally:
        client.close()


class Posted:
    """The notices inbox, as far as the service uses it."""

    def __init__(self) -> None:
        self.notices = []

    def post(self, notice) -> None:
        self.notices.append(notice)

    def of(self, template: Template) -> list:
        return [n for n in self.notices if n.template == template.value]


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("wheels")
    return {v: probe_wheel(folder, v) for v in ("0.1.0", "0.1.1")}


@pytest.fixture
def center(tmp_path):
    data = tmp_path / "center"
    server = start_embedded(data, extra_args=["--register-limit", "10000"])
    server.data_dir = data
    yield server
    server.stop()


def _engine(center):
    return make_engine(f"sqlite:///{center.data_dir / 'center.sqlite3'}")


def publish(center, wheel: Path, key=None) -> updates.SignedManifest:
    engine = _engine(center)
    try:
        return updates.publish(engine, FileSystemStorage(center.data_dir / "updates"), wheel,
                               key or signing_key(), NOTES, NOW)
    finally:
        engine.dispose()


def edit_latest(center, change) -> None:
    """What a tampering server (or one in between) would send instead."""
    engine = _engine(center)
    try:
        with updates.session_scope(engine) as session:
            row = session.get(ServerState, updates.LATEST)
            answer = json.loads(row.value)
            change(answer)
            row.value = json.dumps(answer)
            session.add(row)
            session.commit()
    finally:
        engine.dispose()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "panel"
    open_store(path, ZONE).close()
    return path


@pytest.fixture
def make_service(data):
    made: list[UpdateService] = []

    def make(url: str, running: str = "0.1.0", installer_=None, at: datetime = NOW,
             posted: Posted | None = None) -> UpdateService:
        clock = HomeClock.of(lambda: at.timestamp(), ZONE)
        service = UpdateService(connector([url]), data, lambda: open_store(data, ZONE),
                                posted or Posted(), clock, trusted_keys(), running,
                                installer_)
        made.append(service)
        return service

    yield make
    for service in made:
        service.shutdown()


def checked(qtbot, service: UpdateService):
    with qtbot.waitSignal(service.view_changed, timeout=20_000,
                          check_params_cb=lambda v: v.phase == "idle"):
        service.check()
    return service.view


def test_not_registered_asks_nothing(qtbot, make_service, center):
    view = checked(qtbot, make_service(center.url))
    assert (view.problem, view.offered) == (NOT_REGISTERED, None)


def test_offered_with_a_notice_installed_and_told_at_the_next_start(
        qtbot, center, data, wheels, make_service, tmp_path):
    root = tmp_path / "opt"
    slots = InstallRoot(root)
    slots.build("0.1.0", wheels["0.1.0"])
    slots.switch("0.1.0")
    register(center.url, data)
    publish(center, wheels["0.1.1"])
    command = CommandInstaller([
        sys.executable, "-m", "app.update", "--root", str(root), "--data-dir", str(data),
        "--keys", str(KEYS / "keys.json"), "--timeout", "120",
        "--start", str(root / "current" / "venv" / "bin" / "hems-panel"), "--stop", "true"])
    posted = Posted()
    service = make_service(center.url, installer_=command, posted=posted)
    view = checked(qtbot, service)
    assert view.problem is None and view.offered.version == "0.1.1"
    assert view.offered.notes_in("ja") == NOTES["ja"] and view.can_install
    [notice] = posted.of(Template.UPDATE_AVAILABLE)
    assert notice.args == {"version": "0.1.1", "notes": NOTES}
    checked(qtbot, service)
    assert len(posted.of(Template.UPDATE_AVAILABLE)) == 1  # told once, not daily

    os.environ["HEMS_DATA_DIR"] = str(data)  # the installer's child: the probe panel
    os.environ["HEMS_PROBE_SOURCE"] = str(CHECKOUT)
    try:
        progress: list[float] = []
        service.view_changed.connect(lambda v: v.progress is not None and
                                     progress.append(v.progress))
        with qtbot.waitSignal(service.view_changed, timeout=30_000,
                              check_params_cb=lambda v: v.phase == "installing"):
            service.install()
        assert progress[-1] == 1.0 and progress == sorted(progress)
        assert command.process.wait(timeout=180) == 0
    finally:
        del os.environ["HEMS_DATA_DIR"], os.environ["HEMS_PROBE_SOURCE"]
    assert slots.current == "0.1.1" and slots.previous == "0.1.0"
    assert not installer.request_dir(data).exists()

    told = Posted()
    after = make_service(center.url, running="0.1.1", posted=told)
    with qtbot.waitSignal(after.view_changed, timeout=20_000,
                          check_params_cb=lambda v: v.last_outcome is not None):
        after.start()
    assert after.view.last_outcome.outcome == "installed"
    [done] = told.of(Template.UPDATE_INSTALLED)
    assert done.args == {"version": "0.1.1"}
    view = checked(qtbot, after)  # up to date now: nothing offered, nothing wrong
    assert (view.offered, view.problem) == (None, None)


def _wrong_key(center, wheels):
    publish(center, wheels["0.1.1"], key=Ed25519PrivateKey.generate())


def _unsigned(center, wheels):
    publish(center, wheels["0.1.1"])
    edit_latest(center, lambda a: a.pop("signature"))


def _tampered_manifest(center, wheels):
    publish(center, wheels["0.1.1"])
    edit_latest(center, lambda a: a["manifest"]["notes"].update(ja="無料で電気が使えます"))


def _replayed(center, wheels):
    old = publish(center, wheels["0.1.0"]).to_json()
    publish(center, wheels["0.1.1"])
    edit_latest(center, lambda a: a.update(old))  # the genuine 0.1.0 manifest, again


@pytest.mark.parametrize("setup, running, reason", [
    (_wrong_key, "0.1.0", "bad_signature"),
    (_unsigned, "0.1.0", "unsigned"),
    (_tampered_manifest, "0.1.0", "bad_signature"),
    (_replayed, "0.1.1", "older"),
    (lambda c, w: publish(c, w["0.1.0"]), "0.2.0", "older"),
])
def test_refused_manifests_are_not_offered(qtbot, center, data, wheels, make_service, setup,
                                           running, reason, caplog):
    register(center.url, data)
    setup(center, wheels)
    posted = Posted()
    view = checked(qtbot, make_service(center.url, running=running, posted=posted))
    assert (view.offered, view.problem, view.detail) == (None, "refused", reason)
    assert posted.notices == []
    assert f"update refused: {reason}" in caplog.text


def test_tampered_bundle_is_refused_and_nothing_staged(qtbot, center, data, wheels,
                                                       make_service):
    register(center.url, data)
    signed = publish(center, wheels["0.1.1"])
    blob = center.data_dir / "updates" / signed.manifest["sha256"][:2] / \
        signed.manifest["sha256"]
    raw = bytearray(blob.read_bytes())
    raw[100] ^= 0xFF  # same size, one byte changed on the server's disk
    blob.write_bytes(bytes(raw))
    started = CommandInstaller(["true"])
    service = make_service(center.url, installer_=started)
    assert checked(qtbot, service).offered.version == "0.1.1"
    with qtbot.waitSignal(service.view_changed, timeout=20_000,
                          check_params_cb=lambda v: v.problem is not None):
        service.install()
    assert (service.view.problem, service.view.detail) == ("refused", "tampered")
    assert started.process is None  # the installer was never asked
    assert not installer.request_dir(data).exists()
    assert [p.name for p in installer.updates_dir(data).iterdir()] == []


class DroppingServer:
    """A real HTTP server that signs like the center but drops the bundle's connection
    after half of it (the server unreachable mid-download)."""

    def __init__(self, wheel: Path) -> None:
        self.wheel = wheel.read_bytes()
        manifest = updates.make_manifest(wheel, NOTES, NOW)
        self.answer = json.dumps(updates.sign(manifest, signing_key()).to_json()).encode()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve)
        self.thread.start()

    def _serve(self) -> None:
        bundles = 0
        while bundles < 1:
            conn, _ = self.listener.accept()
            with conn:
                while True:
                    head = b""
                    while b"\r\n\r\n" not in head:
                        chunk = conn.recv(4096)
                        if not chunk:
                            break
                        head += chunk
                    if not head:
                        break
                    if b"/bundle" in head.split(b"\r\n")[0]:
                        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/"
                                     b"octet-stream\r\nContent-Length: "
                                     + str(len(self.wheel)).encode() + b"\r\n\r\n"
                                     + self.wheel[:len(self.wheel) // 2])
                        bundles += 1
                        break  # and the connection drops
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: " + str(len(self.answer)).encode()
                                 + b"\r\n\r\n" + self.answer)
        self.listener.close()


def test_connection_dropped_mid_download_leaves_nothing(qtbot, data, wheels, make_service):
    TokenStore(data).save(StoredRegistration("token", "device", "t", "p"))
    server = DroppingServer(wheels["0.1.1"])
    started = CommandInstaller(["true"])
    service = make_service(server.url, installer_=started)
    assert checked(qtbot, service).offered.version == "0.1.1"
    with qtbot.waitSignal(service.view_changed, timeout=20_000,
                          check_params_cb=lambda v: v.problem is not None):
        service.install()
    server.thread.join()
    assert service.view.problem == "unreachable" and service.view.phase == "idle"
    assert started.process is None
    assert not installer.request_dir(data).exists()
    assert [p.name for p in installer.updates_dir(data).iterdir()] == []


def test_night_install_only_with_the_households_leave(qtbot, center, data, wheels,
                                                      make_service):
    register(center.url, data)
    publish(center, wheels["0.1.1"])
    started = CommandInstaller(["true"])
    day = make_service(center.url, installer_=started, at=NIGHT)
    assert checked(qtbot, day).phase == "idle"  # 03:30, but not allowed: offered only
    assert started.process is None
    with qtbot.waitSignal(day.view_changed, timeout=5_000):
        day.set_night_install(True)  # saved before it is shown
    night = make_service(center.url, installer_=started, at=NIGHT)
    with qtbot.waitSignal(night.view_changed, timeout=20_000,
                          check_params_cb=lambda v: v.phase == "installing"):
        night.check()
    assert started.process.wait(timeout=30) == 0
    assert (installer.request_dir(data) / installer.MANIFEST_NAME).is_file()
    noon = make_service(center.url, installer_=CommandInstaller(["false"]), at=NOW)
    assert checked(qtbot, noon).night_install and noon.view.phase == "idle"
