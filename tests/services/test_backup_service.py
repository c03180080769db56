"""The daily backup and the restore against a real center server, on a hand-set clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cloud.client import CenterClient
from app.cloud.errors import Unauthorized
from app.cloud.token_store import StoredRegistration, TokenStore
from app.domain.notices import Template
from app.services.backup_service import BACKUP_DIR, BackupService
from app.services.cloud_service import CloudService
from app.services.restore_staging import (
    PENDING_FILE,
    ROTATE_TOKEN_FILE,
    apply_pending_restore,
    finish_restore,
    last_restore_result,
)
from app.store.backup import BackupKeeper, describe, previous_path
from app.store.database import DB_NAME
from tests.cloud.conftest import FAST, HOUSEHOLD, center  # noqa: F401 (fixture)
from tests.current_documents import PRIVACY, TERMS
from tests.services.cloud_helpers import ZONE, connector, dead_url, simulated_home

TOKYO = ZoneInfo(ZONE)
DAY0 = date(2026, 11, 2)
START_MINUTE = int(datetime(2026, 11, 1, tzinfo=TOKYO).timestamp() // 60)


class Inbox:
    def __init__(self) -> None:
        self.posted = []

    def post(self, notice) -> None:
        self.posted.append(notice)


def at(day: date, hhmm: str, plus_min: int = 0) -> float:
    h, m = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=TOKYO).timestamp() + 60 * plus_min


@pytest.fixture
def panel(tmp_path, center):  # noqa: F811
    """A data dir with a day of the simulated home, registered; (dir, client, code)."""
    data = tmp_path / "panel"
    simulated_home(data, START_MINUTE, 1440)
    client = CenterClient(center.url, TokenStore(data), retry=FAST)
    reg = client.register(HOUSEHOLD, TERMS, PRIVACY)
    yield data, client, reg
    client.close()


@pytest.fixture
def make_backup(qtbot):
    made: list[BackupService] = []

    def make(url: str, data: Path, clock: list[float], inbox=None, **kw) -> BackupService:
        kw.setdefault("tick_ms", 3_600_000)
        service = BackupService(connector([url]), data, inbox, lambda: clock[0], ZONE, **kw)
        made.append(service)
        return service

    yield make
    for service in made:
        service.shutdown()


def run_tick(qtbot, service: BackupService) -> None:
    with qtbot.waitSignal(service.status_changed, timeout=20_000,
                          check_params_cb=lambda s: not s.running):
        service.tick()


def test_runs_at_the_chosen_minute_full_then_a_smaller_increment(qtbot, panel, center,  # noqa: F811
                                                                  make_backup):
    data, client, _ = panel
    minute0, minute1 = client.backup_time(DAY0), client.backup_time(DAY0 + timedelta(days=1))
    clock = [at(DAY0, minute0, -1)]
    service = make_backup(center.url, data, clock)
    run_tick(qtbot, service)
    assert client.backups() == () and service.status.last is None  # not yet its minute
    clock[0] = at(DAY0, minute0, 1)
    run_tick(qtbot, service)
    (full,) = client.backups()
    assert full.kind == "full" and service.status.last.ok and service.status.last.kind == "full"
    run_tick(qtbot, service)  # the same day again: nothing more
    assert len(client.backups()) == 1
    simulated_home(data, START_MINUTE + 1440, 120)  # two more hours recorded
    clock[0] = at(DAY0 + timedelta(days=1), minute1, 1)
    run_tick(qtbot, service)
    _, inc = client.backups()
    assert inc.kind == "incremental" and inc.base == full.id
    assert inc.size < full.size / 5, (inc.size, full.size)
    assert service.status.sent_bytes == full.size + inc.size


def test_a_failed_upload_keeps_the_base_and_the_retry_is_incremental(qtbot, panel, center,  # noqa: F811
                                                                     make_backup):
    data, client, _ = panel
    clock = [at(DAY0, "23:59", 1)]
    first = make_backup(center.url, data, clock)
    # Finished, not only uploaded: it still writes its state and clears its outbox after
    # the server has the backup, and the next service must not work in the folder meanwhile.
    with qtbot.waitSignal(first.status_changed, timeout=20_000,
                          check_params_cb=lambda s: not s.running):
        first.backup_now()
    assert len(client.backups()) == 1
    base_before = BackupKeeper(data / BACKUP_DIR).chain
    simulated_home(data, START_MINUTE + 1440, 60)
    clock[0] += 86_400 * 2  # yesterday's backup was missed: due at once (catch-up)
    offline = make_backup(dead_url(), data, clock)
    run_tick(qtbot, offline)
    assert not offline.status.last.ok and offline.status.last.reason == "unreachable"
    assert BackupKeeper(data / BACKUP_DIR).chain == base_before
    assert not list((data / BACKUP_DIR / "outbox").glob("*.hbk"))  # nothing half-sent kept
    assert not offline.tick()  # within the retry pause: no new attempt
    offline.shutdown()
    online = make_backup(center.url, data, clock)
    run_tick(qtbot, online)
    assert online.status.last.ok and online.status.last.kind == "incremental"
    assert [b.kind for b in client.backups()] == ["full", "incremental"]


def test_failures_post_one_notice_after_the_grace_period(qtbot, panel, make_backup):
    data, _, _ = panel
    inbox = Inbox()
    clock = [at(DAY0, "12:00")]
    service = make_backup(dead_url(), data, clock, inbox, retry_s=600)
    service.backup_now()
    qtbot.waitUntil(lambda: service.status.last is not None, timeout=30_000)
    for hours in (6, 30, 47):  # still within two days of the first failure
        clock[0] = at(DAY0, "12:00") + hours * 3600
        run_tick(qtbot, service)
    assert inbox.posted == []
    for hours in (49, 60, 80):
        clock[0] = at(DAY0, "12:00") + hours * 3600
        run_tick(qtbot, service)
    assert [n.template for n in inbox.posted] == [Template.BACKUP_FAILED.value]
    assert inbox.posted[0].args == {"reason": "unreachable"}


def test_the_timer_runs_the_backup_without_being_asked(qtbot, panel, center, make_backup):  # noqa: F811
    data, client, _ = panel
    clock = [at(DAY0, "23:59") + 30]  # past any minute the server may choose (00:30-23:59)
    service = make_backup(center.url, data, clock, tick_ms=20)
    service.start()
    qtbot.waitUntil(lambda: service.status.last is not None and not service.status.running,
                    timeout=20_000)
    assert service.status.last.ok and len(client.backups()) == 1


def test_restore_into_a_second_panel_reproduces_the_data(qtbot, panel, center, make_backup,  # noqa: F811
                                                         tmp_path):
    data, client, reg = panel
    clock = [at(DAY0, "23:59", 1)]
    old = make_backup(center.url, data, clock)
    old.backup_now()
    qtbot.waitUntil(lambda: old.status.last is not None and not old.status.running, timeout=20_000)
    simulated_home(data, START_MINUTE + 1440, 90)
    old.backup_now()
    qtbot.waitUntil(lambda: len(client.backups()) == 2, timeout=20_000)
    expected = describe(data / DB_NAME)[0]

    new_dir = tmp_path / "new"
    simulated_home(new_dir, START_MINUTE, 30, seed=9)  # the new panel's own few minutes
    own = describe(new_dir / DB_NAME)[0]
    CenterClient(center.url, TokenStore(new_dir), retry=FAST).register(HOUSEHOLD, TERMS, PRIVACY)
    new = make_backup(center.url, new_dir, clock)
    with qtbot.waitSignal(new.restore_failed, timeout=30_000) as refused:
        new.prepare_restore(reg.device_code, "00000000" if reg.confirmation_code != "00000000"
                            else "11111111")
    assert refused.args[0].code == "wrong_code"
    assert not (new_dir / PENDING_FILE).exists()
    with qtbot.waitSignal(new.restore_staged, timeout=20_000) as staged:
        new.prepare_restore(reg.device_code, reg.confirmation_code)
    assert staged.args[0].archives == 2
    new.shutdown()  # as the panel does before it restarts
    assert describe(new_dir / DB_NAME)[0] == own  # nothing replaced while running
    assert apply_pending_restore(new_dir, new_dir / BACKUP_DIR)
    assert describe(new_dir / DB_NAME)[0] == expected
    assert describe(previous_path(new_dir / DB_NAME))[0] == own  # kept until it opens
    finish_restore(new_dir)
    assert not previous_path(new_dir / DB_NAME).exists()
    assert last_restore_result(new_dir)["ok"]
    assert not apply_pending_restore(new_dir)  # applied once
    # The takeover asks for a new token; the cloud service's first refresh replaces it,
    # though the token is a day old, not 30.
    assert (new_dir / ROTATE_TOKEN_FILE).exists()
    used = TokenStore(new_dir).token
    cloud = CloudService(connector([center.url]), new_dir, center.url, None)
    try:
        with qtbot.waitSignal(cloud.state_changed, timeout=10_000) as got:
            cloud.refresh()
        assert got.args[0].registered and got.args[0].error is None
    finally:
        cloud.shutdown()
    fresh = TokenStore(new_dir).token
    assert fresh != used and not (new_dir / ROTATE_TOKEN_FILE).exists()
    probe = CenterClient(center.url, TokenStore(tmp_path / "probe"), retry=FAST)
    probe.store.save(StoredRegistration(used, "x", TERMS, PRIVACY))
    with pytest.raises(Unauthorized):  # the token that took over is dead
        probe.status()
    probe.close()


def test_new_terms_pause_the_backup_before_anything_is_made(qtbot, panel, center,  # noqa: F811
                                                            make_backup):
    from app.cloud.models import DeviceStatus

    data, client, _ = panel
    clock = [at(DAY0, "23:59") + 30]
    service = make_backup(center.url, data, clock)
    worker_client = service._worker_client()
    real = worker_client.status()
    worker_client.status = lambda: DeviceStatus(  # as after the server published new terms
        real.device_id, real.device_code, real.terms_version, real.privacy_version,
        "2099-01-01", "2099-01-01", True, real.household)
    with qtbot.waitSignal(service.status_changed, timeout=20_000,
                          check_params_cb=lambda s: not s.running):
        service.backup_now()
    assert service.status.paused_for_terms and not service.status.last.ok
    assert client.backups() == () and not list((data / BACKUP_DIR).glob("snapshot-*"))
