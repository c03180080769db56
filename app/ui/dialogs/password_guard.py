"""Ask for the access password, then do it: one guard for every setting that changes the home.

On the kiosk anyone passing the wall can touch the panel, so choosing the rate plan,
editing prices, naming devices, the home setup, registration and the takeover all
ask for the household's access password first (``ask_password_then``). On the
desktop window they do not, except for what says it will ask (deleting the
registration: ``always=True``); a desktop with no password yet sets one first, so
the promise holds there too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.services.access_service import AccessService
from app.ui.dialogs.password_prompt_dialog import PasswordPromptDialog
from app.ui.dialogs.set_password_dialog import SetPasswordDialog
from app.ui.dialogs.sheet_dialog import SheetDialog, is_kiosk


def ask_password_then(parent: QWidget, access: AccessService, action: Callable[[], None], *,
                      always: bool = False) -> SheetDialog | None:
    """Run ``action`` once the access password has been entered (kiosk, or ``always``).

    Returns the dialog shown (the caller may keep it, e.g. as ``self.dialog``), or None
    when nothing needed asking and ``action`` has run already. Cancelling, or a wrong
    password, does nothing; the prompt shows the wait after repeated wrong entries.
    """
    if not (always or is_kiosk(parent)):
        action()
        return None
    if access.has_password():
        dialog: SheetDialog = PasswordPromptDialog(access, parent, purpose="guard")
    else:  # only a desktop gets here: the kiosk sets a password at its first start
        dialog = SetPasswordDialog(access, parent)
    dialog.accepted.connect(action)
    dialog.present()
    return dialog
