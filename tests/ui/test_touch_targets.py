"""Everything a finger is asked to press is at least 48 px in both directions.

Walks the pages and dialogs of the shell, settings, AI Solar Charge and rates (the kiosk
at 800×480, Japanese and English): every visible button, field and list row. The band
"✕" was 28 px wide and the price history's rows 36 px tall.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLineEdit, QWidget

from app.ui.dialogs.choice_dialog import ChoiceDialog
from app.ui.dialogs.confirm_dialog import ConfirmDialog
from app.ui.dialogs.number_dialog import NumberDialog, NumberRange
from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog
from app.ui.dialogs.set_password_dialog import SetPasswordDialog
from app.ui.dialogs.unregister_dialog import UnregisterDialog
from tests.ui import control_helpers
from tests.ui.password_helpers import enter_password
from tests.ui.test_rates_page import _tap_plan
from tests.ui.weather_helpers import publish, sample, with_still_weather

TARGET = 48


def too_small(root: QWidget) -> list[str]:
    """Every visible clickable thing under ``root`` smaller than a finger."""
    found = []
    for widget in (root, *root.findChildren(QWidget)):
        if not widget.isVisible() or widget.width() <= 1:
            continue
        if isinstance(widget, (QAbstractButton, QLineEdit)):
            if widget.width() < TARGET or widget.height() < TARGET:
                found.append(f"{type(widget).__name__} {widget.objectName()!r} "
                             f"{getattr(widget, 'text', lambda: '')()!r}: "
                             f"{widget.width()}×{widget.height()}")
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(model.rowCount(), 20)):
                rect = widget.visualRect(model.index(row, 0))
                if rect.isValid() and rect.height() < TARGET:
                    found.append(f"{widget.objectName()!r} row {row}: {rect.height()} px tall")
    return found


def _page(qtbot, kiosk, page_id: str):
    kiosk.view.go(page_id)
    page = kiosk.view.page(page_id)
    qtbot.waitUntil(page.isVisible)
    return page


def _check(qtbot, widget, where: str, qapp) -> None:
    qapp.processEvents()
    assert not too_small(widget), f"{where}: {too_small(widget)}"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_target_on_the_pages_is_a_finger_wide(qtbot, make_services, switcher_for,
                                                    open_kiosk, qapp, language):
    services = control_helpers.with_still_control(
        with_still_weather(make_services(language=language)))
    switcher_for(services)
    kiosk = open_kiosk(services)
    _check(qtbot, kiosk.view.header, "header", qapp)
    _check(qtbot, kiosk.view.footer, "footer", qapp)
    publish(services, sample(services))  # the home page's forecast, the weather page
    _check(qtbot, kiosk.view.page("home"), "home", qapp)
    weather = _page(qtbot, kiosk, "weather")
    _check(qtbot, weather, "weather", qapp)
    publish(services, replace(sample(services), forecast=None))
    _check(qtbot, weather, "weather without a forecast", qapp)
    for page_id in ("measurement", "settings", "devices", "registration", "commissioning"):
        page = _page(qtbot, kiosk, page_id)
        if page_id == "measurement":
            qtbot.waitUntil(lambda page=page: page.snapshot is not None, timeout=10_000)
        _check(qtbot, page, page_id, qapp)
    ai_charge = _page(qtbot, kiosk, "ai_charge")
    control_helpers.publish(services, control_helpers.sample(services))
    _check(qtbot, ai_charge, "AI Solar Charge", qapp)
    ai_charge.change_settings()
    enter_password(qtbot, ai_charge)
    settings = ai_charge.dialog
    _check(qtbot, settings, "AI Solar Charge settings", qapp)
    settings.edit_targets(holiday=False)
    _check(qtbot, settings.dialog, "30-minute targets", qapp)
    settings.dialog.reject()
    settings.reject()
    rates = _page(qtbot, kiosk, "rates")
    qtbot.waitUntil(lambda: rates.choice is not None, timeout=10_000)
    _tap_plan(qtbot, rates, "hepco-etime3")
    services.plans.use(rates.selected, 30, None)
    qtbot.waitUntil(lambda: rates.edit_button.isEnabled(), timeout=10_000)
    _check(qtbot, rates, "rates", qapp)
    rates.edit_button.click()
    enter_password(qtbot, rates)
    editor = kiosk.view.page("plan_editor")
    qtbot.waitUntil(lambda: editor.version is not None, timeout=10_000)
    _check(qtbot, editor, "plan editor", qapp)
    editor.show_history()
    _check(qtbot, editor.dialog, "price history", qapp)
    editor.dialog.reject()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_target_in_the_dialogs_is_a_finger_wide(qtbot, make_services, switcher_for,
                                                      open_kiosk, qapp, language):
    services = make_services(language=language)
    switcher_for(services)
    kiosk = open_kiosk(services)
    page = _page(qtbot, kiosk, "settings")
    dialogs = [
        PasswordPromptDialog(services.access, page, purpose="verify"),
        SetPasswordDialog(services.access, page),
        NumberDialog(page, title="t", message="m", unit="円/kWh",
                     allowed=NumberRange(0.0, 100.0), current=12.5),
        NumberDialog(page, title="t", message="m", unit="kW", allowed=NumberRange(0.5, 50.0),
                     clear_text="不明"),
        ConfirmDialog(page, title="t", message="m", confirm="OK"),
        ChoiceDialog("t", [(1, "一"), (2, "二"), (3, "三")], 1, page),
        UnregisterDialog(services, page),
    ]
    devices = _page(qtbot, kiosk, "devices")
    qtbot.waitUntil(lambda: bool(devices.rows), timeout=10_000)
    from app.ui.dialogs.device_name_dialog import DeviceNameDialog

    dialogs.append(DeviceNameDialog(devices.rows[0].entry, devices))
    rates = _page(qtbot, kiosk, "rates")
    qtbot.waitUntil(lambda: rates.choice is not None, timeout=10_000)
    from app.ui.dialogs.use_plan_dialog import UsePlanDialog

    dialogs.append(UsePlanDialog(rates.choice.catalog[0], language, rates))
    for dialog in dialogs:
        with qtbot.waitExposed(dialog):
            dialog.present()
        _check(qtbot, dialog, type(dialog).__name__, qapp)
        if isinstance(dialog, DeviceNameDialog):  # its places, its kana and Latin keys
            dialog.select(dialog.location_field)
            _check(qtbot, dialog, "device places", qapp)
            dialog.show_page(1)
            _check(qtbot, dialog, "kana keyboard", qapp)
            dialog.keyboard.set_page(dialog.keyboard.LATIN)
            _check(qtbot, dialog, "Latin keyboard", qapp)
        dialog.done(0)
    assert date  # (dates of the walk come from the pinned clock)


def test_a_dialog_opened_from_a_sheet_is_a_sheet_over_the_whole_panel(qtbot, make_services,
                                                                      switcher_for, open_kiosk):
    services = make_services()
    switcher_for(services)
    kiosk = open_kiosk(services)
    page = _page(qtbot, kiosk, "settings")
    outer = ConfirmDialog(page, title="t", message="m", confirm="OK")
    with qtbot.waitExposed(outer):
        outer.present()
    inner = ChoiceDialog("t", [(1, "一"), (2, "二")], 1, outer)  # as a wizard's list
    with qtbot.waitExposed(inner):
        inner.present()
    assert inner.geometry() == kiosk.geometry() == outer.geometry()
    inner.reject()
    outer.reject()
