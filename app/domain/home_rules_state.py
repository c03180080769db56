"""The home's real state as the charging rules need it (SPEC §8), never a default that passes.

What the panel knows of the home, from commissioning (circuits and the installer's
answers), from the devices (a battery found, the mode it reports) and from the
server registration, becomes the `HomeSettings` the rules judge. What it does
not know fails the rule with the reason, rather than passing it:

* no battery found: ``battery_supported`` is False;
* the battery's mode as it reports it (0xDA). The seed's two modes that allow
  surplus charging are 環境 (environment) and カスタム (custom). An ECHONET Lite
  battery has neither name: its "auto" mode is the battery running its own
  self-consumption program, which is what 環境 means on AiSEG2, so "auto" reads as
  "environment". Every manual mode (charging, discharging, standby…) reads as
  itself and fails; no reading at all is "unknown" and fails;
* the EV charger's circuit: set up only when a circuit has the EV charger's role,
  is measured and sits on a board channel;
* 全量買取 and the EV's own solar charging: the installer's answers; not answered
  is None, which the rules refuse with "not answered";
* a weather-warning charge: whether the panel's own linkage (warning_linkage) is in
  force, as its stored state says.

The conditions nothing in the home can tell yet (buying during the surplus hours,
another controller) keep what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from app.domain.charging_rules import HomeSettings
from app.domain.circuits import CircuitRole, CircuitSpec
from app.domain.commissioning import HomeFacts

BATTERY_CLASS = 0x027D
UNKNOWN_MODE = "unknown"
# ECHONET Lite 0xDA operation mode -> the seed's battery mode (see the module doc).
SEED_MODE_OF_ECHONET = {"auto": "environment"}


def seed_battery_mode(echonet_mode: str | None) -> str:
    if echonet_mode is None:
        return UNKNOWN_MODE
    return SEED_MODE_OF_ECHONET.get(echonet_mode, echonet_mode)


def ev_circuit_measured(circuits: Iterable[CircuitSpec]) -> bool:
    return any(c.role is CircuitRole.EV_CHARGER and c.measured and c.channel is not None
               for c in circuits)


def settings_from_home(stored: HomeSettings, *, circuits: Iterable[CircuitSpec],
                       facts: HomeFacts, device_classes: Iterable[int],
                       battery_mode: str | None, registered: bool,
                       linkage_in_force: bool) -> HomeSettings:
    return replace(stored,
                   battery_supported=BATTERY_CLASS in set(device_classes),
                   battery_mode=seed_battery_mode(battery_mode),
                   weather_warning_linkage=linkage_in_force,
                   ev_charger_circuit_measured=ev_circuit_measured(circuits),
                   full_feed_in_pv=facts.pv_full_feed_in,
                   registered=registered,
                   ev_solar_charging_on=facts.ev_solar_charging)
