"""Dialogs of the panel (sheets over the kiosk, ordinary dialogs on a desktop)."""

from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog
from app.ui.dialogs.set_password_dialog import SetPasswordDialog
from app.ui.dialogs.sheet_dialog import SheetDialog, is_kiosk

__all__ = ["PasswordPromptDialog", "SetPasswordDialog", "SheetDialog", "is_kiosk"]
