"""ソフトウェア更新, used by tapping on the kiosk: from Settings, the offered version and
what is new (in Japanese), install (after the access password) with its progress handed
to the installer; night installs allowed; a refused update says why."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QApplication, QLabel

from app.cloud.client import CenterClient
from app.cloud.token_store import TokenStore
from app.domain.home_clock import HomeClock
from app.services.update_service import UpdateService
from app.store import open_store
from app.update import installer
from app.update.launch import CommandInstaller
from server import updates
from server.db import make_engine
from server.embedded import start_embedded
from server.storage import FileSystemStorage
from tests.cloud.conftest import FAST, HOUSEHOLD
from tests.current_documents import PRIVACY, TERMS
from tests.services.cloud_helpers import connector
from tests.ui.conftest import HISTORY_NOW
from tests.ui.password_helpers import enter_password
from tests.ui.touch_helpers import tap
from tests.update_fixtures import probe_wheel, signing_key, trusted_keys

ZONE = "Asia/Tokyo"
NOW = datetime.fromtimestamp(HISTORY_NOW, UTC)  # the kiosk's clock in tests/ui
NOTES = {"ja": "・停電時の表示を見やすくしました\n・蓄電池の充電計画を改善しました",
         "en": "- Clearer power-cut display\n- Better battery charge plans"}
SHOTS = os.environ.get("HEMS_UPDATE_SHOTS")  # a folder: save the page's screenshots there


@pytest.fixture
def center(tmp_path):
    server = start_embedded(tmp_path / "center", extra_args=["--register-limit", "1000"])
    server.data_dir = tmp_path / "center"
    yield server
    server.stop()


def _publish(center, wheel: Path, key=None) -> None:
    engine = make_engine(f"sqlite:///{center.data_dir / 'center.sqlite3'}")
    try:
        updates.publish(engine, FileSystemStorage(center.data_dir / "updates"), wheel,
                        key or signing_key(), NOTES, NOW - timedelta(days=1))
    finally:
        engine.dispose()


@pytest.fixture
def panel(tmp_path, center, make_services, switcher_for, open_kiosk):
    """A registered kiosk running 0.1.0, with its update service on the real server."""
    data = tmp_path / "panel"
    open_store(data, ZONE).close()
    client = CenterClient(center.url, TokenStore(data), retry=FAST)
    client.register(HOUSEHOLD, TERMS, PRIVACY)
    client.close()
    made = []

    def open_panel(installer_=None):
        base = make_services()
        service = UpdateService(connector([center.url]), data,
                                lambda: open_store(data, ZONE), base.notices,
                                HomeClock.of(lambda: NOW.timestamp(), ZONE), trusted_keys(),
                                "0.1.0", installer_)
        made.append(service)
        services = dataclasses.replace(base, updates=service)
        switcher_for(services)
        return services, open_kiosk(services)

    yield data, open_panel
    for service in made:
        service.shutdown()


def _shot(window, name: str) -> None:
    if SHOTS:
        QApplication.processEvents()  # the layout's pending request, as a paint would
        window.grab().save(str(Path(SHOTS) / f"kiosk_800x480_ja_{name}.png"))


def _open_update_page(qtbot, services, kiosk, checks: bool = True):
    kiosk.view.go("settings")
    settings = kiosk.view.page("settings")
    assert settings.update_heading.text() == "ソフトウェア更新"
    if not checks:  # checked already
        tap(qtbot, settings.update_button)
    else:
        with qtbot.waitSignal(services.updates.view_changed, timeout=20_000,
                              check_params_cb=lambda v: v.phase == "idle"):
            tap(qtbot, settings.update_button)  # the page checks when first shown
    assert kiosk.view.navigator.current_id == "software_update"
    return kiosk.view.page("software_update")


def test_offered_update_installed_by_tapping(qtbot, center, panel, tmp_path):
    data, open_panel = panel
    _publish(center, probe_wheel(tmp_path / "w", "0.1.1"))
    handed = CommandInstaller(["true"])
    services, kiosk = open_panel(handed)
    page = _open_update_page(qtbot, services, kiosk)
    assert page.installed_label.text() == "バージョン 0.1.0"
    assert page.offer_label.text().startswith("バージョン 0.1.1 が利用できます")
    assert page.notes_label.text() == NOTES["ja"]
    assert page.install_button.isVisible() and page.install_button.isEnabled()
    _shot(kiosk, "software_update_offer")

    tap(qtbot, page.install_button)
    assert handed.process is None  # the kiosk asks the password first
    with qtbot.waitSignal(services.updates.view_changed, timeout=20_000,
                          check_params_cb=lambda v: v.phase == "installing"):
        enter_password(qtbot, page)
    assert page.progress.isVisible() and page.progress.value() == 100
    assert "再起動" in page.progress.format()
    assert not page.install_button.isEnabled() and not page.check_button.isEnabled()
    assert handed.process.wait(timeout=30) == 0
    assert (installer.request_dir(data) / installer.MANIFEST_NAME).is_file()
    _shot(kiosk, "software_update_installing")


def test_night_installs_allowed_by_tapping(qtbot, center, panel, tmp_path):
    _data, open_panel = panel
    _publish(center, probe_wheel(tmp_path / "w", "0.1.1"))
    services, kiosk = open_panel(CommandInstaller(["true"]))
    page = _open_update_page(qtbot, services, kiosk)
    assert not page.night_button.isChecked()
    tap(qtbot, page.night_button)
    assert not page.night_button.isChecked()  # not before the password
    with qtbot.waitSignal(services.updates.view_changed, timeout=5_000):
        enter_password(qtbot, page)
    assert page.night_button.isChecked() and services.updates.view.night_install


def test_refused_update_says_why(qtbot, center, panel, tmp_path):
    _data, open_panel = panel
    _publish(center, probe_wheel(tmp_path / "w", "0.1.1"), key=Ed25519PrivateKey.generate())
    services, kiosk = open_panel(CommandInstaller(["true"]))
    page = _open_update_page(qtbot, services, kiosk)
    assert page.problem_label.text() == ("更新を拒否しました: 署名がパネルのメーカーの"
                                         "ものではありません。")
    assert not page.install_button.isVisible()
    _shot(kiosk, "software_update_refused")


def test_without_an_installer_nothing_installs(qtbot, center, panel, tmp_path):
    _data, open_panel = panel
    _publish(center, probe_wheel(tmp_path / "w", "0.1.1"))
    services, kiosk = open_panel(None)  # a checkout, not the package
    page = _open_update_page(qtbot, services, kiosk)
    assert not page.install_button.isEnabled()
    assert "パッケージ" in page.problem_label.text()


def test_rolled_back_update_is_told_on_the_page_and_in_a_notice(qtbot, panel):
    data, open_panel = panel
    installer_outcome = installer.Outcome("rolled_back", "0.1.1", "0.1.0", "first_frame",
                                          "no first frame within 180 s")
    installer.result_path(data).parent.mkdir(parents=True)
    installer.result_path(data).write_text(json.dumps(dataclasses.asdict(installer_outcome)))
    services, kiosk = open_panel(CommandInstaller(["true"]))
    with qtbot.waitSignals([services.notices.changed, services.updates.view_changed],
                           timeout=20_000, check_params_cbs=[
                               None, lambda v: v.phase == "idle" and v.checked_at]):
        services.updates.start()  # as the panel does after its first frame
    page = _open_update_page(qtbot, services, kiosk, checks=False)
    assert page.outcome_label.text() == ("バージョン 0.1.1 が正常に起動しなかったため、"
                                         "0.1.0 に戻しました。")
    _shot(kiosk, "software_update_rolled_back")
    kiosk.view.go("notices")
    inbox = kiosk.view.page("notices")
    qtbot.waitUntil(lambda: inbox.model.rowCount() > 0, timeout=10_000)
    inbox.open_row(inbox.model.index(0))
    texts = " ".join(label.text() for label in inbox.dialog.findChildren(QLabel))
    assert "バージョン 0.1.1 が正常に起動しなかったため、バージョン 0.1.0 に戻しました" in texts
    _shot(inbox.dialog, "software_update_rolled_back_notice")
    inbox.dialog.reject()
    assert not installer.result_path(data).exists()  # told once


def test_update_notices_in_the_panels_language(make_services, switcher_for) -> None:
    from app.domain.notices import Template, home_notice
    from app.ui.notice_texts import notice_body, notice_title

    services = make_services(language="ja")
    switcher_for(services)
    offered = home_notice(Template.UPDATE_AVAILABLE, HISTORY_NOW,
                          {"version": "0.1.1", "notes": NOTES})
    assert notice_title(offered, "ja") == "ソフトウェア更新 0.1.1 があります"
    body = notice_body(offered, "ja")
    assert NOTES["ja"] in body and NOTES["en"] not in body and "設定 → ソフトウェア更新" in body
    failed = home_notice(Template.UPDATE_FAILED, HISTORY_NOW, {
        "version": "0.1.1", "running": "0.1.0", "reason": "failed", "detail": "pip"})
    assert notice_body(failed, "ja") == ("バージョン 0.1.1 をインストールできませんでした。"
                                         "引き続きバージョン 0.1.0 で動作します。")
    services.preferences.set_language("en")
    assert NOTES["en"] in notice_body(offered, "en") and NOTES["ja"] not in notice_body(
        offered, "en")
    assert notice_title(home_notice(Template.UPDATE_INSTALLED, HISTORY_NOW,
                                    {"version": "0.1.1"}), "en") == "Software updated to 0.1.1"


def test_a_panel_without_the_update_service_says_so(make_services, switcher_for,
                                                    open_kiosk) -> None:
    services = make_services()  # as tests and pictures build the panel
    switcher_for(services)
    kiosk = open_kiosk(services)
    kiosk.view.go("settings")
    assert not kiosk.view.page("settings").update_button.isVisible()
    kiosk.view.go("software_update")
    page = kiosk.view.page("software_update")
    assert page.offer_label.text() == "このパネルでは更新を利用できません。"
    assert not page.night_card.isVisible() and not page.install_button.isVisible()
