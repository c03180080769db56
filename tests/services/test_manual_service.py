"""Device manuals from a real center server: fetched for the devices in the home, kept,
shown offline, the bundled copies when unregistered, and a tampered manual refused."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal

from app.cloud.client import CenterClient
from app.cloud.manual_cache import CACHE_DIR, INDEX, load_kept, refresh_manuals
from app.cloud.token_store import StoredRegistration, TokenStore
from app.domain.devices import DeviceEntry
from app.domain.home_clock import HomeClock
from app.services.cloud_problem import UNREACHABLE
from app.services.cloud_wiring import follow_registration
from app.services.devices_query import MemoryDevices
from app.services.manual_service import NOT_REGISTERED, ManualService
from server.config import RESOURCES_DIR
from server.embedded import start_embedded
from tests.cloud.conftest import FAST, HOUSEHOLD, fake_server, json_answer
from tests.current_documents import PRIVACY, TERMS
from tests.services.cloud_helpers import connector, dead_url

ZONE = "Asia/Tokyo"
NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
BUNDLED = RESOURCES_DIR / "manuals"
SIMULATED, OTHER_MAKER = 0x000000, 0x00000B


def entry(class_code: int, maker: int | None) -> DeviceEntry:
    return DeviceEntry("127.0.0.9", class_code, 1, maker, NOW.timestamp(), False, "", "")


HOME = (entry(0x027D, SIMULATED), entry(0x026B, SIMULATED), entry(0x0130, OTHER_MAKER))


@pytest.fixture(scope="module")
def server_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("resources")
    for name in ("documents", "municipalities", "weather", "rate_plans"):
        (root / name).symlink_to(RESOURCES_DIR / name)
    return root


@pytest.fixture
def served(server_root) -> Path:
    """The server's manuals, reset for each test: ours, with the battery's rewritten (a
    newer version) so that the server's copy can be told from the bundled one."""
    folder = server_root / "manuals"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(BUNDLED, folder)
    battery = json.loads((folder / "027D.json").read_text(encoding="utf-8"))
    battery["version"] = "2026-12-24"
    battery["title"] = {"ja": "蓄電池（サーバー版）", "en": "Storage battery (server)"}
    (folder / "027D.json").write_text(json.dumps(battery, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def center(tmp_path_factory, server_root):
    server = start_embedded(tmp_path_factory.mktemp("center"), extra_args=[
        "--register-limit", "10000", "--resources", str(server_root)])
    yield server
    server.stop()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def clock() -> HomeClock:
    return HomeClock.of(lambda: NOW.timestamp(), ZONE)


def register(url: str, data: Path) -> None:
    client = CenterClient(url, TokenStore(data), retry=FAST)
    try:
        client.register(HOUSEHOLD, TERMS, PRIVACY)
    finally:
        client.close()


@pytest.fixture
def services(data: Path, clock: HomeClock):
    made: list[ManualService] = []

    def make(url: str, devices=HOME) -> ManualService:
        service = ManualService(connector([url]), data, clock, MemoryDevices(devices))
        made.append(service)
        return service

    yield make
    for service in made:
        service.shutdown()


def fetched(qtbot, service: ManualService):
    with qtbot.waitSignal(service.status_changed, timeout=20_000) as got:
        service.start() if service.status is None else service.refresh()
    return got.args[0]


def test_the_homes_manuals_are_fetched_kept_and_shown(qtbot, center, served, data,
                                                      services) -> None:
    register(center.url, data)
    service = services(center.url)
    status = fetched(qtbot, service)
    assert status.problem is None and status.refused == ()
    assert status.fetched_at == NOW.timestamp()
    # Each class's manual, and the notes of the simulated home's maker where it has some;
    # the other maker's air conditioner has none.
    kept = {m.key for m in load_kept(data).manuals}
    assert kept == {(0x027D, None), (0x027D, SIMULATED), (0x026B, None),
                    (0x026B, SIMULATED), (0x0130, None)}
    library = service.library
    assert library.manual(0x027D).title.en == "Storage battery (server)"
    assert library.from_server == kept and status.from_server == len(kept)
    assert library.maker_notes(0x026B, SIMULATED).fault_codes[0] == 0x03F1
    assert library.maker_notes(0x0130, OTHER_MAKER) is None
    # Every other class: the bundled copy.
    assert library.manual(0x0288).title.ja == "スマートメーター"
    assert library.makers.names[SIMULATED]  # the fault table explains the codes
    for path in (data / CACHE_DIR).iterdir():  # the household's folder: owner only
        assert path.stat().st_mode & 0o077 == 0


def test_a_second_fetch_is_a_304_until_a_manual_changes(center, served, data) -> None:
    register(center.url, data)
    client = CenterClient(center.url, TokenStore(data), retry=FAST)
    devices = {(0x027D, SIMULATED)}
    try:
        first = refresh_manuals(client, data, 1.0, devices)
        assert first.changed and not first.not_modified
        again = refresh_manuals(client, data, 2.0, devices)
        assert again.not_modified and not again.changed
        assert again.kept.fetched_at == 2.0 and len(again.kept.manuals) == 2
        # A new device is not a 304: its manuals are fetched.
        more = refresh_manuals(client, data, 3.0, devices | {(0x0279, SIMULATED)})
        assert not more.not_modified and (0x0279, None) in {m.key for m in more.kept.manuals}
        # The server's copy changed: fetched again.
        path = served / "027D-000000.json"
        path.write_text(path.read_text(encoding="utf-8").replace("2026-12-05", "2026-12-31"),
                        encoding="utf-8")
        changed = refresh_manuals(client, data, 4.0, devices | {(0x0279, SIMULATED)})
        assert changed.changed and not changed.not_modified
        notes = next(m for m in changed.kept.manuals if m.key == (0x027D, SIMULATED))
        assert notes.version == "2026-12-31"
    finally:
        client.close()


def test_offline_the_kept_manuals_stay(qtbot, center, served, data, services) -> None:
    register(center.url, data)
    assert fetched(qtbot, services(center.url)).problem is None
    offline = services(dead_url())
    status = fetched(qtbot, offline)
    assert status.problem == UNREACHABLE
    assert status.fetched_at == NOW.timestamp() and status.from_server == 5
    assert offline.library.manual(0x027D).title.en == "Storage battery (server)"


def test_unregistered_the_bundled_manuals_only(qtbot, center, served, data, services) -> None:
    service = services(center.url)
    status = fetched(qtbot, service)
    assert (status.problem, status.fetched_at, status.from_server) == (NOT_REGISTERED, None, 0)
    library = service.library
    assert {m.class_code for m in library.manuals.values()} >= {
        0x027D, 0x0279, 0x026B, 0x027E, 0x0130, 0x0290, 0x027C, 0x0288, 0x0287, 0x0282,
        0x0281, 0x0272}
    assert library.manual(0x027D).title.ja == "蓄電池" and not library.from_server
    assert not (data / CACHE_DIR).exists()


def test_a_kept_manual_damaged_on_disk_is_not_shown(qtbot, center, served, data,
                                                    services) -> None:
    register(center.url, data)
    assert fetched(qtbot, services(center.url)).problem is None
    index = json.loads((data / CACHE_DIR / INDEX).read_text(encoding="utf-8"))
    kept = data / CACHE_DIR / f"{index['files']['027D']}.json"
    kept.write_bytes(kept.read_bytes().replace("サーバー版".encode(), "改ざん版".encode()))
    offline = services(dead_url())
    fetched(qtbot, offline)
    assert offline.library.manual(0x027D).title.ja == "蓄電池"  # the bundled copy
    assert (0x027D, None) not in offline.library.from_server
    # Online again: not a 304 for what is damaged; the server's copy is fetched again.
    online = services(center.url)
    assert fetched(qtbot, online).problem is None
    assert online.library.manual(0x027D).title.ja == "蓄電池（サーバー版）"


def test_a_manual_the_reader_refuses_is_not_kept(qtbot, center, served, data,
                                                 services) -> None:
    register(center.url, data)
    service = services(center.url)
    assert fetched(qtbot, service).problem is None
    broken = json.loads((served / "026B.json").read_text(encoding="utf-8"))
    broken["version"] = "2026-12-30"
    del broken["sections"][-1]  # no "offline" section
    (served / "026B.json").write_text(json.dumps(broken), encoding="utf-8")
    status = fetched(qtbot, service)
    assert status.refused == ("026B",)
    assert service.library.manual(0x026B).version == "2026-12-05"  # the last good copy
    assert len(service.library.manual(0x026B).sections) == 5


def test_bytes_that_do_not_match_the_listing_are_refused(qtbot, data, clock) -> None:
    good = (BUNDLED / "0130.json").read_bytes()
    listed = {"version": "v1", "manuals": [
        {"class_code": "0130", "maker": None, "version": "2026-12-31",
         "sha256": hashlib.sha256(good).hexdigest()}]}
    tampered = good.replace("エアコン".encode(), "偽エアコン".encode())
    answers = [json_answer(listed, ETag='"v1"'),
               (200, {"Content-Type": "application/json"}, tampered)] * 4
    with fake_server(answers) as (url, seen):
        tokens = TokenStore(data)
        tokens.save(StoredRegistration(token="t" * 43, device_id="d", terms_version=TERMS,
                                       privacy_version=PRIVACY, server_url=url))
        service = ManualService(connector([url]), data, clock,
                                MemoryDevices((entry(0x0130, OTHER_MAKER),)))
        try:
            status = fetched(qtbot, service)
        finally:
            service.shutdown()
    assert status.refused == ("0130",) and status.problem is None
    assert seen[:2] == ["GET /v1/manuals", "GET /v1/manuals/0130"]
    assert service.library.manual(0x0130).title.ja == "エアコン"  # bundled
    assert not load_kept(data).manuals


def test_a_device_found_later_is_fetched_at_once(qtbot, center, served, data,
                                                 services) -> None:
    register(center.url, data)
    devices = MemoryDevices((entry(0x0279, SIMULATED),))
    service = ManualService(connector([center.url]), data, HomeClock.of(
        lambda: NOW.timestamp(), ZONE), devices)
    try:
        fetched(qtbot, service)
        assert {m.key for m in load_kept(data).manuals} == {(0x0279, None)}
        service.devices_seen(devices.devices)  # nothing new: no fetch
        assert not service._fetching
        devices.devices = (*devices.devices, entry(0x027C, SIMULATED))
        with qtbot.waitSignal(service.status_changed, timeout=20_000):
            service.devices_seen(devices.devices)
        assert {m.key for m in load_kept(data).manuals} == {(0x0279, None), (0x027C, None)}
    finally:
        service.shutdown()


class RegistrationSignal(QObject):
    """What follow_registration listens to on the cloud service."""

    registered = Signal(object)


def test_a_panel_just_registered_fetches_at_once(qtbot, center, served, data,
                                                 services) -> None:
    service = services(center.url)
    assert fetched(qtbot, service).problem == NOT_REGISTERED
    cloud = RegistrationSignal()
    follow_registration(cloud, service)
    register(center.url, data)
    with qtbot.waitSignal(service.status_changed, timeout=20_000) as got:
        cloud.registered.emit(object())
    assert got.args[0].problem is None
    assert service.library.manual(0x027D).title.en == "Storage battery (server)"


def test_started_before_any_device_is_found_it_looks_again_soon(qtbot, center, served,
                                                                data) -> None:
    register(center.url, data)
    devices = MemoryDevices(())
    service = ManualService(connector([center.url]), data, HomeClock.of(
        lambda: NOW.timestamp(), ZONE), devices, soon_ms=20)
    try:
        assert fetched(qtbot, service).problem is None
        assert not load_kept(data).manuals  # nothing to ask for yet
        devices.devices = (entry(0x0288, SIMULATED),)  # the collector found the meter
        qtbot.waitUntil(lambda: (0x0288, None) in service.library.from_server, timeout=20_000)
        assert service._timer.interval() == service._fetch_ms  # then daily
    finally:
        service.shutdown()
