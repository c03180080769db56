from __future__ import annotations

import pytest

from app.domain.access_password import PasswordPolicyError
from app.services.access_service import AccessService
from app.services.preferences_service import PreferencesService
from app.services.settings_backend import MemorySettings


def test_access_password_is_stored_hashed(qtbot) -> None:
    settings = MemorySettings()
    access = AccessService(settings)
    assert not access.has_password() and not access.verify("")
    with qtbot.waitSignal(access.password_changed):
        access.set_password("1357")
    assert access.has_password()
    assert access.verify("1357") and not access.verify("1358")
    assert "1357" not in str(settings.get_setting("access_password_hash"))
    with pytest.raises(PasswordPolicyError):
        access.set_password("1")
    assert access.verify("1357")


def test_language_defaults_to_japanese_and_switches(qtbot) -> None:
    prefs = PreferencesService(MemorySettings())
    assert prefs.language == "ja"
    with qtbot.waitSignal(prefs.language_changed) as blocker:
        prefs.set_language("en")
    assert blocker.args == ["en"] and prefs.language == "en"
    with pytest.raises(ValueError):
        prefs.set_language("fr")
    assert PreferencesService(MemorySettings({"language": "xx"})).language == "ja"
