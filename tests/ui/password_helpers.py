"""Answer the access-password prompt that guards a setting, as a finger would."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog
from tests.ui.conftest import PASSWORD


def enter_password(qtbot, owner, password: str = PASSWORD) -> None:
    """Type ``password`` on the prompt shown over ``owner`` (its ``dialog``) and press OK."""
    prompt = getattr(owner, "dialog", None)
    if not isinstance(prompt, PasswordPromptDialog):
        shown = [d for d in owner.findChildren(PasswordPromptDialog) if d.isVisible()]
        prompt = shown[-1] if shown else prompt
    assert isinstance(prompt, PasswordPromptDialog), f"no password prompt but {prompt!r}"
    prompt.keypad.press(password)
    prompt.submit()


def tap_and_enter_password(qtbot, owner, button, password: str = PASSWORD) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    enter_password(qtbot, owner, password)
