"""Control views for the UI tests, and a control service that shows only what it is given.

`StillControl` has the control service's `view`, `view_changed`, `refresh()` and
`set_settings()`; it counts the refreshes, keeps the settings it was asked to save
and emits only what `publish` gives it. Everything else (the weather-warning
linkage's signals and calls, used by the settings page) goes to the real service
it stands in front of. `with_still_control` puts it in a copy of the services.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from app.domain.control_view import ControlSettings, ControlView
from app.services.services import Services
from app.ui.sample_control import sample_control_view


class StillControl(QObject):
    view_changed = Signal(object)

    def __init__(self, real: object, view: ControlView | None = None) -> None:
        super().__init__()
        self._real = real
        self.view = view
        self.refreshes = 0
        self.saved: list[ControlSettings] = []

    def __getattr__(self, name: str):
        if name == "_real":  # not set yet
            raise AttributeError(name)
        return getattr(self._real, name)

    def refresh(self) -> None:
        self.refreshes += 1

    def set_settings(self, settings: ControlSettings) -> None:
        self.saved.append(settings)

    def shutdown(self) -> None:
        """The real service is shut down by the fixture that made it."""


def with_still_control(services: Services, view: ControlView | None = None) -> Services:
    return replace(services, control=StillControl(services.control, view))


def sample(services: Services) -> ControlView:
    """The sample round made at the services' pinned clock."""
    return sample_control_view(services.clock.local_now())


def publish(services: Services, view: ControlView) -> None:
    """What the control service does after a round."""
    control = services.control
    assert isinstance(control, StillControl), "publish needs with_still_control(services)"
    control.view = view
    control.view_changed.emit(view)
