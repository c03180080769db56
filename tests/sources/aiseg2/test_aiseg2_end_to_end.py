"""The mirror as the panel runs it: started from the store's commissioned circuits on its own
thread, feeding the collector; a change at the fake reaches the store's live values, and a
silent AiSEG2 leaves them to age (stale) while the devices page's status says why."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.domain import series as s
from app.domain.aiseg2_status import MirrorState, MirrorStatus
from app.domain.circuits import CircuitKind, CircuitSpec
from app.domain.imported_history import SourceCircuit
from app.sources.aiseg2.fake import FakeAiseg2
from app.sources.aiseg2.login import Aiseg2Login, load_login, save_login
from app.sources.aiseg2.mirror import MirrorSettings
from app.sources.aiseg2.pages import GRAPH_ORIGIN
from app.sources.aiseg2.source import certain_matches, start_mirror
from app.sources.collector import MIRROR_STATUS_SETTING, Collector
from app.store import open_store
from tests.fake_clock import FakeClock
from tests.sources.aiseg2.conftest import T0


def test_the_mirror_takes_only_the_certain_matches() -> None:
    names = [SourceCircuit(9, "ＬＤ"), SourceCircuit(10, "洋室 1"), SourceCircuit(11, "ｹﾞﾝｶﾝ"),
             SourceCircuit(13, "キッチン 照明"), SourceCircuit(14, "書斎コンセント")]
    ours = [CircuitSpec(CircuitKind.BRANCH, 1, "洋室1"), CircuitSpec(CircuitKind.BRANCH, 3, "LD"),
            CircuitSpec(CircuitKind.BRANCH, 4, "台所照明"),
            CircuitSpec(CircuitKind.BRANCH, 5, "書斎")]
    # 書斎コンセント is only like 書斎 (doubtful): it waits for the installer; ｹﾞﾝｶﾝ is nothing.
    assert certain_matches(names, ours) == {9: "br3", 10: "br1", 13: "br4"}


def test_login_is_private_and_kept(tmp_path: Path) -> None:
    login = Aiseg2Login("192.168.0.216", "aiseg", "p@ss")
    save_login(tmp_path / "data", login)
    assert load_login(tmp_path / "data") == login
    assert (tmp_path / "data" / "aiseg2_login.json").stat().st_mode & 0o777 == 0o600
    assert "p@ss" not in repr(login)
    assert load_login(tmp_path / "none") is None


def test_mirror_feeds_the_collector_and_goes_stale(tmp_path: Path, home, qtbot) -> None:
    fake = FakeAiseg2(home, FakeClock(T0)).start()
    store = open_store(tmp_path / "panel", "Asia/Tokyo")
    mirror = None
    try:
        store.save_circuits([c for c in home.circuits if c.measured])
        settings = MirrorSettings(interval_s=0.2, gap_s=0.01, backfill_gap_s=1.0)
        mirror = start_mirror(store, Aiseg2Login(fake.host, "aiseg", "secret"), settings)
        clock = FakeClock(T0)
        collector = Collector(store, mirror, clock, flush_interval_s=0.0)
        ecocute = next(c for c in home.circuits if c.name == "エコキュート").series_key
        fake.overrides[ecocute] = 777.0

        def live_has(key: str, value: float) -> None:
            clock.t += 1
            collector.tick()
            assert store.live([key]).get(key, (0, None))[1] == value

        qtbot.waitUntil(lambda: live_has(ecocute, 777.0), timeout=10000)
        fake.overrides[ecocute] = 1500.0  # a change at the AiSEG2...
        qtbot.waitUntil(lambda: live_has(ecocute, 1500.0), timeout=10000)  # ...reaches the panel
        collector.tick()
        collector._save_devices()
        status = MirrorStatus.from_json(store.get_setting(MIRROR_STATUS_SETTING))
        assert status is not None and status.state is MirrorState.CONNECTED
        assert status.host == fake.host

        fake.down = True
        qtbot.waitUntil(lambda: mirror.read(0) == {}, timeout=10000)
        at_down = store.live([s.PV])[s.PV][0]
        clock.t += 60
        collector.tick()
        assert store.live([s.PV])[s.PV][0] == at_down  # no fresh value: it ages into stale
        collector._save_devices()
        status = MirrorStatus.from_json(store.get_setting(MIRROR_STATUS_SETTING))
        assert status is not None and status.state is MirrorState.NOT_ANSWERING
        assert status.last_good is not None and status.retry_at is not None
    finally:
        if mirror is not None:
            mirror.close()
        store.close()
        fake.stop()


def test_a_new_login_saved_is_taken_up_after_a_wrong_password(tmp_path: Path, home,
                                                               qtbot) -> None:
    fake = FakeAiseg2(home, FakeClock(T0)).start()
    store = open_store(tmp_path / "panel", "Asia/Tokyo")
    data = tmp_path / "panel"
    mirror = None
    try:
        store.save_circuits([c for c in home.circuits if c.measured])
        wrong = Aiseg2Login(fake.host, "aiseg", "wrong")
        save_login(data, wrong)
        settings = MirrorSettings(interval_s=0.2, gap_s=0.01, relogin_every_s=0.05)
        mirror = start_mirror(store, wrong, settings, watch=data)
        qtbot.waitUntil(lambda: mirror.mirror_status().state is MirrorState.WRONG_PASSWORD,
                        timeout=10000)
        asked = fake.requests
        save_login(data, Aiseg2Login(fake.host, "aiseg", "secret"))  # aiseg2-login again
        qtbot.waitUntil(lambda: mirror.mirror_status().state is MirrorState.CONNECTED,
                        timeout=10000)
        assert asked == 2  # while refused, nothing was asked
        qtbot.waitUntil(lambda: s.PV in mirror.read(0), timeout=10000)
    finally:
        if mirror is not None:
            mirror.close()
        store.close()
        fake.stop()


def test_the_mirrored_demo_reads_the_demo_home_through_a_fake_aiseg2(tmp_path: Path,
                                                                     qtbot) -> None:
    from app.sources.aiseg2.demo import start_mirrored_demo

    store = open_store(tmp_path / "demo", "Asia/Tokyo")
    demo = None
    try:
        settings = MirrorSettings(interval_s=0.2, gap_s=0.01)
        demo = start_mirrored_demo(store, 1, FakeClock(T0), settings)
        keys = {c.series_key for c in store.circuits()
                if c.measured and c.kind.value != "main"}
        # Every commissioned circuit is found by name on the AiSEG2's screens.
        qtbot.waitUntil(lambda: keys <= set(demo.read(0)), timeout=15000)
        assert demo.mirror.unresolved == set()
        assert demo.read(0)[s.PV] == pytest.approx(demo.fake.readings()[s.PV], abs=0.5)
        assert demo.mirror_status().state is MirrorState.CONNECTED
    finally:
        if demo is not None:
            demo.close()
        store.close()


def test_backfilled_days_go_into_the_store_once(tmp_path: Path, home, qtbot) -> None:
    """The AiSEG2's past days reach the rollups through the one import, and a mirror
    started again knows them (it does not ask their pages again)."""
    fake = FakeAiseg2(home, FakeClock(T0), history_days=2).start()
    data = tmp_path / "panel"
    store = open_store(data, "Asia/Tokyo")
    mirrors = []
    try:
        store.save_circuits([c for c in home.circuits if c.measured])
        # Rounds far apart: the backfill asks between them.
        settings = MirrorSettings(interval_s=3.0, gap_s=0.01, backfill_gap_s=0.01)
        login = Aiseg2Login(fake.host, "aiseg", "secret")

        def start():
            mirrors.append(start_mirror(store, login, settings, clock=FakeClock(T0),
                                        open_store=lambda: open_store(data, "Asia/Tokyo")))

        start()
        today = datetime.fromtimestamp(T0, ZoneInfo("Asia/Tokyo")).date()  # the home's
        days = {today - timedelta(days=1), today - timedelta(days=2)}
        qtbot.waitUntil(lambda: store.imported_days(GRAPH_ORIGIN) == days, timeout=30_000)
        zone = ZoneInfo("Asia/Tokyo")
        first = datetime(*min(days).timetuple()[:3], tzinfo=zone)
        used = store.rollup([s.CONSUMPTION], "day", first, first + timedelta(days=2))
        assert len(used.starts) == 2 and (used.values[s.CONSUMPTION] > 0).all()
        mirrors.pop().close()
        start()
        assert mirrors[-1]._known_days == days
    finally:
        for mirror in mirrors:
            mirror.close()
        store.close()
        fake.stop()
