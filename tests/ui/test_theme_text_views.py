"""Scrollable text views read well in both themes: the theme's text on the theme's surface.

The night theme's text is light; a text view that kept the platform's white base
showed the terms of use light grey on white. The fix is in the stylesheet, for every
read-only text view and list, so the check renders each kind under each theme, and the
wizard's own terms step under the night theme.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QListWidget,
    QPlainTextEdit,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.cloud.models import Document
from app.ui.theme import DAY, NIGHT, Theme


def _luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(color.red()) + 0.7152 * channel(color.green())
            + 0.0722 * channel(color.blue()))


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _background_and_text(view: QWidget) -> tuple[QColor, QColor]:
    """The colour painted behind the text (from a grab of the whole window, so a
    transparent view shows what is under it) and the text's colour."""
    window = view.window()
    image = window.grab().toImage()
    corner = view.viewport().mapTo(window, view.viewport().rect().bottomRight())
    background = image.pixelColor(corner.x() - 3, corner.y() - 3)
    return background, view.palette().color(view.viewport().foregroundRole())


@pytest.mark.parametrize("theme", [DAY, NIGHT], ids=lambda t: t.name)
def test_every_kind_of_text_view_shows_theme_text_on_a_theme_background(
        qtbot, kiosk, theme: Theme):
    kiosk.set_theme(theme)
    holder = QDialog(kiosk)  # styled as a page: the window's background under its views
    qtbot.addWidget(holder)
    column = QVBoxLayout(holder)
    views = [QTextBrowser(), QTextEdit(readOnly=True), QPlainTextEdit(readOnly=True),
             QListWidget()]
    for view in views:
        column.addWidget(view)
    views[0].setPlainText("利用規約 " * 50)
    views[3].addItem("2026年11月1日から")
    holder.resize(400, 460)
    with qtbot.waitExposed(holder):
        holder.show()
    for view in views:
        background, text = _background_and_text(view)
        assert text == theme.color("text"), type(view).__name__
        assert contrast(background, text) >= 4.5, (
            f"{theme.name} {type(view).__name__}: {text.name()} on {background.name()}")


def test_the_terms_step_of_the_registration_wizard_reads_at_night(qtbot, kiosk):
    from app.ui.wizards.wizard_steps import DocumentStep

    kiosk.set_theme(NIGHT)
    step = DocumentStep(kiosk)
    step.show_document(Document("terms", "1", "ja", "利用規約", "第1条 この規約は…\n" * 40))
    step.setGeometry(kiosk.rect())
    with qtbot.waitExposed(step):
        step.show()
    background, text = _background_and_text(step.browser)
    assert text == NIGHT.color("text")
    assert contrast(background, text) >= 4.5, f"{text.name()} on {background.name()}"


@pytest.mark.parametrize("theme", [DAY, NIGHT], ids=lambda t: t.name)
def test_destructive_buttons_are_red_and_readable(qtbot, kiosk, theme: Theme):
    """Deleting the registration is red (the theme's danger), its label readable."""
    kiosk.set_theme(theme)
    kiosk.view.go("registration")
    page = kiosk.view.page("registration")
    button = page.unregister_button
    button.setEnabled(True)
    button.style().unpolish(button)
    button.style().polish(button)
    face = button.palette().color(button.backgroundRole())
    text = button.palette().color(button.foregroundRole())
    assert face == theme.color("danger")
    assert text == theme.color("danger_text")
    assert contrast(face, text) >= 4.5


@pytest.mark.parametrize("page_id", ["measurement", "circuit_ranking"])
def test_tiles_made_after_the_theme_changed_take_the_night_theme(qtbot, kiosk, page_id):
    """Circuit tiles are made when a grid grows (a larger window, more circuits ranked);
    made after the switch to night they used to paint the day's white cards."""
    from app.ui.widgets.circuit_tile import CircuitTile

    kiosk.set_theme(NIGHT)
    kiosk.view.go(page_id)
    page = kiosk.view.page(page_id)
    kiosk.resize(1280, 800)  # more room: the measurement grid makes more tiles
    qtbot.waitUntil(lambda: bool(page.findChildren(CircuitTile)), timeout=10_000)
    tiles = page.findChildren(CircuitTile)
    assert all(tile._theme is NIGHT for tile in tiles)
    kiosk.resize(800, 480)
