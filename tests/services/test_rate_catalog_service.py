"""Rate plans from a real center server: fetched, kept, used offline, refused when tampered,
and a newer version of the household's plan offered with last month's difference in yen."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.cloud.client import CenterClient
from app.cloud.plan_cache import CACHE_DIR, INDEX, load_cached
from app.cloud.token_store import StoredRegistration, TokenStore
from app.domain.home_clock import HomeClock
from app.domain.tariff_json import load_plan
from app.services.cloud_problem import UNREACHABLE
from app.services.plan_query import CATALOG_DIR, DECLINED_SETTING, load_catalog
from app.services.plan_service import PlanService
from app.services.rate_catalog_service import NOT_REGISTERED, RateCatalogService
from app.store import open_store
from server.config import RESOURCES_DIR
from server.embedded import start_embedded
from tests.cloud.conftest import FAST, HOUSEHOLD, fake_server, json_answer
from tests.current_documents import PRIVACY, TERMS
from tests.services.cloud_helpers import connector, dead_url
from tests.services.rate_catalog_helpers import TEPCO, month_of_usage, new_version

ZONE = "Asia/Tokyo"
NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # 12:00 in Japan: last month is November
@pytest.fixture(scope="module")
def catalog_dir(tmp_path_factory) -> Path:
    """The server's resources: ours, with a catalog of its own the tests change."""
    root = tmp_path_factory.mktemp("resources")
    for name in ("documents", "municipalities", "weather"):
        (root / name).symlink_to(RESOURCES_DIR / name)
    shutil.copytree(CATALOG_DIR, root / "rate_plans" / "catalog")
    return root / "rate_plans" / "catalog"


@pytest.fixture(scope="module")
def center(tmp_path_factory, catalog_dir):
    server = start_embedded(tmp_path_factory.mktemp("center"), extra_args=[
        "--register-limit", "10000", "--resources", str(catalog_dir.parents[1])])
    yield server
    server.stop()


@pytest.fixture
def clock() -> HomeClock:
    return HomeClock.of(lambda: NOW.timestamp(), ZONE)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    open_store(path, ZONE).close()
    return path


def register(url: str, data: Path) -> None:
    client = CenterClient(url, TokenStore(data), retry=FAST)
    try:
        client.register(HOUSEHOLD, TERMS, PRIVACY)
    finally:
        client.close()


@pytest.fixture
def services(data: Path, clock: HomeClock):
    made: list[PlanService] = []

    def make(url: str) -> PlanService:
        catalog = RateCatalogService(connector([url]), data, clock)
        plans = PlanService(lambda: open_store(data, ZONE), clock, catalog=catalog,
                            data_dir=data)
        made.append(plans)
        return plans

    yield make
    for plans in made:
        plans.shutdown()


def fetched(qtbot, plans: PlanService):
    assert plans.catalog is not None
    with qtbot.waitSignal(plans.catalog_changed, timeout=20_000) as got:
        plans.catalog.refresh()
    return got.args[0]


def choice(qtbot, plans: PlanService):
    with qtbot.waitSignal(plans.choice_changed, timeout=20_000) as got:
        plans.refresh()
    return got.args[0]


def test_fetched_kept_and_listed_with_the_bundled_plans(qtbot, center, catalog_dir, data,
                                                        services) -> None:
    register(center.url, data)
    plans = services(center.url)
    status = fetched(qtbot, plans)
    assert status.problem is None and status.refused == ()
    assert status.fetched_at == NOW.timestamp()
    served = {p.stem for p in catalog_dir.glob("*.json")}
    assert status.plans == len(served)
    kept = load_cached(data)
    assert {p.id for p in kept.plans} == served and kept.version
    for plan in kept.plans:  # exactly what the server has
        assert plan == load_plan((catalog_dir / f"{plan.id}.json").read_bytes())
    got = choice(qtbot, plans)
    assert got.server_ids == served and got.catalog_updated == NOW.timestamp()
    assert {p.id for p in got.catalog} >= {p.id for p in load_catalog()}
    areas = [p.area for p in got.catalog]
    assert areas.index("hokkaido") < areas.index("tokyo") < areas.index("kansai") \
        < areas.index("okinawa")
    # The same catalog again: no plan is fetched or rewritten, only the time of the check.
    files = sorted((data / CACHE_DIR).iterdir())
    assert fetched(qtbot, plans).problem is None
    assert sorted((data / CACHE_DIR).iterdir()) == files


def test_offline_the_kept_plans_stay_and_say_since_when(qtbot, center, data,
                                                        services) -> None:
    register(center.url, data)
    assert fetched(qtbot, services(center.url)).problem is None
    offline = services(dead_url())
    status = fetched(qtbot, offline)
    assert status.problem == UNREACHABLE
    assert status.fetched_at == NOW.timestamp() and status.plans > 0
    got = choice(qtbot, offline)
    assert got.server_ids and got.catalog_updated == NOW.timestamp()


def test_unregistered_the_bundled_plans_only(qtbot, center, data, services) -> None:
    plans = services(center.url)
    status = fetched(qtbot, plans)
    assert (status.problem, status.fetched_at, status.plans) == (NOT_REGISTERED, None, 0)
    got = choice(qtbot, plans)
    assert got.server_ids == frozenset() and got.catalog_updated is None
    assert [p.id for p in got.catalog] == [p.id for p in load_catalog()]


def test_a_tampered_or_unreadable_plan_is_refused_and_never_shown(qtbot, data,
                                                                  services) -> None:
    good = (CATALOG_DIR / "kepco-juryo-dento-a.json").read_bytes()
    tampered = good.replace(b"20.21", b"2.21")
    unreadable = b'{"schema": "hems-rate-plan/1", "id": "broken"}'

    def summary(plan_id: str, body: bytes) -> dict:
        return {"id": plan_id, "name": {"ja": "x", "en": "x"},
                "company": {"ja": "x", "en": "x"}, "sha256": hashlib.sha256(body).hexdigest()}

    listing = {"version": "v1", "plans": [summary("kepco-juryo-dento-a", good),
                                          summary("broken", unreadable)]}
    answers = [json_answer(listing), (200, {"Content-Type": "application/json"}, tampered),
               (200, {"Content-Type": "application/json"}, unreadable)]
    TokenStore(data).save(StoredRegistration("t0k3n", "dev", TERMS, PRIVACY))
    with fake_server(answers) as (url, seen):
        status = fetched(qtbot, services(url))
    assert seen[0] == "GET /v1/rate-plans"
    assert status.problem is None
    assert sorted(status.refused) == ["broken", "kepco-juryo-dento-a"]
    assert load_cached(data).plans == ()
    index = json.loads((data / CACHE_DIR / INDEX).read_text())
    assert index["plans"] == {} and index["version"] == "v1"


def test_a_changed_plan_is_offered_with_last_months_difference(qtbot, center, catalog_dir,
                                                               data, services) -> None:
    path = catalog_dir / f"{TEPCO}.json"
    original = path.read_text(encoding="utf-8")
    month_of_usage(data, date(2026, 11, 1), NOW.timestamp(), 500.0)  # 30 days: 360 kWh
    register(center.url, data)
    plans = services(center.url)
    bundled = next(p for p in load_catalog() if p.id == TEPCO)
    with qtbot.waitSignal(plans.saved, timeout=20_000):
        plans.use(bundled, 30, None)
    try:
        with qtbot.waitSignal(plans.choice_changed, timeout=20_000) as got:
            assert fetched(qtbot, plans).problem is None  # new plans kept: read again
        assert got.args[0].update is None  # the server has the same plan

        changed = json.loads(original)
        changed["versions"].append(new_version("2027-01-01"))
        path.write_text(json.dumps(changed, ensure_ascii=False, indent=2), encoding="utf-8")
        with qtbot.waitSignal(plans.choice_changed, timeout=20_000) as got:
            fetched(qtbot, plans)  # changed plans: the plan service reads them again
        offer = got.args[0]
        assert offer.update is not None and offer.update.valid_from.isoformat() == "2027-01-01"
        assert offer.update_month.isoformat() == "2026-11-01"
        # November by hand at 30 A, 360 kWh, tiers 120 / 300 kWh (the national surcharge
        # is the same on both sides):
        now = int(935.25 + 120 * 29.80 + 180 * 36.40 + 60 * 40.49)  # 13,492.65
        new = int(960.00 + 120 * 31.00 + 180 * 37.00 + 60 * 41.00)  # 13,800.00
        assert offer.update_yen == new - now == 308

        with qtbot.waitSignal(plans.choice_changed, timeout=20_000) as got:
            plans.decline_update(offer.update.key)
        assert got.args[0].update is None
        store = open_store(data, ZONE)
        try:
            assert offer.update.key in json.loads(store.get_setting(DECLINED_SETTING) or "")
        finally:
            store.close()

        corrected = json.loads(json.dumps(changed))
        corrected["versions"][-1]["energy"]["tiers"][0]["yen_per_kwh"] = 30.5
        path.write_text(json.dumps(corrected, ensure_ascii=False), encoding="utf-8")
        with qtbot.waitSignal(plans.choice_changed, timeout=20_000) as got:
            fetched(qtbot, plans)
        again = got.args[0]
        assert again.update is not None and again.update.key != offer.update.key
        assert again.update_yen == 308 - 60  # 120 kWh at 0.50 yen less
        with qtbot.waitSignal(plans.saved, timeout=20_000) as saved:
            plans.accept_update(again.update.key)
        assert saved.args == [True]
        mine = plans.last_choice.current
        assert plans.last_choice.update is None
        assert [v.valid_from.isoformat() for v in mine.versions] == [
            "2023-06-01", "2024-04-01", "2027-01-01"]
        assert mine.version_on(NOW.date()).basic.charge(30) == 935.25  # today: old prices
        assert mine.version_on(datetime(2027, 1, 1).date()).basic.charge(30) == 960.0
    finally:
        path.write_text(original, encoding="utf-8")
