"""The services the UI is given (built once in app.main).

The composition root builds them in two stages: what the first frame shows (the
shell and the home page: `FirstFrameServices`), then, once it has painted, all of
them (`Services`). The classes are imported for type checking only, so that a module
naming these sets loads no service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from app.domain.home_clock import HomeClock
    from app.services.access_service import AccessService
    from app.services.aiseg2_import_service import Aiseg2ImportService
    from app.services.backup_service import BackupService
    from app.services.circuits_service import CircuitsService
    from app.services.cloud_service import CloudService
    from app.services.command_relay_service import CommandRelayService
    from app.services.commissioning_service import CommissioningService
    from app.services.control_service import ControlService
    from app.services.devices_service import DevicesService
    from app.services.event_service import EventService
    from app.services.history_service import HistoryService
    from app.services.home_service import HomeService
    from app.services.manual_service import ManualService
    from app.services.mirror_status_service import MirrorStatusService
    from app.services.notice_service import NoticeService
    from app.services.plan_service import PlanService
    from app.services.preferences_service import PreferencesService
    from app.services.remote_view_service import RemoteViewService
    from app.services.update_service import UpdateService
    from app.services.weather_service import WeatherService


class FrontServices(Protocol):
    """What the shell (header, footer, the kiosk's password) and the home page use on
    the first frame (the home page's forecast follows with the weather service)."""

    @property
    def clock(self) -> HomeClock: ...
    @property
    def home(self) -> HomeService: ...
    @property
    def access(self) -> AccessService: ...
    @property
    def preferences(self) -> PreferencesService: ...
    @property
    def notices(self) -> NoticeService: ...


@dataclass(frozen=True)
class FirstFrameServices:
    """The front services alone: the window is shown with these, the rest follows."""

    clock: HomeClock
    home: HomeService
    access: AccessService
    preferences: PreferencesService
    notices: NoticeService

    def shutdown(self) -> None:
        for service in (self.home, self.notices):
            service.shutdown()


@dataclass(frozen=True)
class Services:
    clock: HomeClock  # the home's now: pages read dates from it, never from the OS
    home: HomeService
    access: AccessService
    preferences: PreferencesService
    devices: DevicesService
    circuits: CircuitsService
    history: HistoryService
    plans: PlanService
    notices: NoticeService
    events: EventService
    cloud: CloudService
    backup: BackupService
    commissioning: CommissioningService
    control: ControlService  # Sets to devices, the weather-warning linkage
    weather: WeatherService
    # Optional services by name only: two optional fields side by side took each other's
    # place when passed by position.
    mirror: MirrorStatusService | None = field(default=None, kw_only=True)  # --source aiseg2
    aiseg2_import: Aiseg2ImportService | None = field(  # Settings: history from an AiSEG2 card
        default=None, kw_only=True)
    manuals: ManualService | None = field(default=None, kw_only=True)  # device help pages
    updates: UpdateService | None = field(default=None, kw_only=True)  # signed panel updates
    # Settings → View on a smartphone: the summary pushed for the phone page (issue 21).
    remote_view: RemoteViewService | None = field(default=None, kw_only=True)
    # Commands from smartphones and smart speakers, relayed by the server (Settings).
    relay: CommandRelayService | None = field(default=None, kw_only=True)

    def shutdown(self) -> None:
        """Stop every service's timer and worker thread (notices last: the others post)."""
        if self.mirror is not None:
            self.mirror.shutdown()
        if self.relay is not None:  # before the control service: it sends Sets as well
            self.relay.shutdown()
        for service in (self.home, self.devices, self.circuits, self.history, self.plans,
                        self.commissioning, self.control, self.events, self.backup,
                        self.remote_view, self.cloud, self.weather, self.aiseg2_import,
                        self.manuals, self.updates, self.notices):
            if service is not None:
                service.shutdown()
