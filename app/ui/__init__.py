"""The Qt Widgets user interface: shells, pages, widgets and dialogs.

The composition root (app.main) uses three things::

    prepare_application(app)                      # fonts and theme
    switcher = LanguageSwitcher(app, services.preferences)
    window = create_main_window(services, kiosk=True)
    window.exit_requested.connect(app.quit)       # kiosk only
"""

from app.ui.application import prepare_application
from app.ui.i18n import LanguageSwitcher
from app.ui.main_window import create_main_window

__all__ = ["LanguageSwitcher", "create_main_window", "prepare_application"]
