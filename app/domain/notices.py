"""Notices of the inbox, folding of repeats, the indicator lamp's state, server notices.

Home notices store a template id and JSON arguments (the UI writes the text in
the panel's language, so switching language re-words old notices too); server
notices carry their own ja/en texts. A notice's `fold_key` says which notices
are "the same": an error reported 50 times is one notice with count 50.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any


class NoticeSource(StrEnum):
    SERVER = "server"
    HOME = "home"
    WEATHER = "weather"


class Importance(IntEnum):
    """Ordered: a folded notice keeps the highest importance it was posted with."""

    INFO = 0
    NORMAL = 1
    IMPORTANT = 2  # the lamp blinks while one is unread


class LampState(StrEnum):
    OFF = "off"
    ON = "on"
    BLINK = "blink"


class Template(StrEnum):
    """Home notices; the UI has one text per template, filled from `args`."""

    DEVICE_ERROR = "device_error"  # args: device, name, code, fault_class
    DEVICE_RECOVERED = "device_recovered"  # args: device, name, code
    BACKUP_FAILED = "backup_failed"  # args: reason
    SAVING_TARGET_EXCEEDED = "saving_target_exceeded"  # args: slot, target_w, actual_w
    LEARNING_DATA_SHORT = "learning_data_short"  # args: day_type, days, needed
    PASSWORD_REMINDER = "password_reminder"  # args: days_since_change
    WEATHER_WARNING = "weather_warning"  # args: kind, level, area (WarningKind/Level values)
    WEATHER_WARNING_LIFTED = "weather_warning_lifted"  # args: kind, level, area
    # The control loop (AIソーラーチャージ): a device that would not take a Set, retried
    # (args: device, name, epc, value, outcome); a plan the solver could not make (args:
    # message). Either way the home runs self-consumption, or plans without that device.
    CONTROL_DEVICE_FAILED = "control_device_failed"
    CONTROL_PLAN_FAILED = "control_plan_failed"
    # Panel updates: a signed version offered (args: version, notes: language -> text),
    # installed (args: version), or rolled back / not installed (args: version, running,
    # reason, detail).
    UPDATE_AVAILABLE = "update_available"
    UPDATE_INSTALLED = "update_installed"
    UPDATE_FAILED = "update_failed"


@dataclass(frozen=True, slots=True)
class Notice:
    source: NoticeSource
    importance: Importance
    at: float  # unix s of the latest occurrence
    fold_key: str
    template: str = ""  # Template value for home notices; "" for server texts
    args: Mapping[str, Any] = field(default_factory=dict)
    title: Mapping[str, str] = field(default_factory=dict)  # language -> text (server)
    body: Mapping[str, str] = field(default_factory=dict)
    count: int = 1
    read: bool = False
    expires_at: float | None = None  # gone from the inbox after this
    lamp_until: float | None = None  # keeps the lamp lit until then, read or not
    first_at: float | None = None  # first occurrence (None = `at`)
    id: int | None = None  # set by the store

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and now >= self.expires_at

    def args_json(self) -> str:
        return json.dumps(dict(self.args), ensure_ascii=False, sort_keys=True)


def home_notice(template: Template, at: float, args: Mapping[str, Any] | None = None,
                importance: Importance = Importance.NORMAL, fold: str = "",
                lamp_until: float | None = None, expires_at: float | None = None) -> Notice:
    """A home notice; `fold` distinguishes notices of one template that are not repeats."""
    return Notice(NoticeSource.HOME, importance, at, f"{template.value}:{fold}",
                  template.value, dict(args or {}), lamp_until=lamp_until,
                  expires_at=expires_at)


def device_error_notice(device: str, name: str, code: int | None, fault_class: str,
                        at: float) -> Notice:
    """One folded notice per device and code: the same fault 50 times is count 50."""
    args = {"device": device, "name": name, "code": code, "fault_class": fault_class}
    importance = Importance.IMPORTANT if fault_class == "repair" else Importance.NORMAL
    return home_notice(Template.DEVICE_ERROR, at, args, importance, f"{device}:{code}")


def device_recovered_notice(device: str, name: str, code: int | None, at: float) -> Notice:
    return home_notice(Template.DEVICE_RECOVERED, at,
                       {"device": device, "name": name, "code": code}, Importance.INFO,
                       f"{device}:{code}")


def fold(existing: Notice, new: Notice) -> Notice:
    """`new` posted again onto `existing` (same fold key).

    A server notice sent twice is the same notice (content updated, read state
    kept); a home notice that happens again counts up and is unread again.
    """
    if new.source is NoticeSource.SERVER:
        return replace(new, id=existing.id, read=existing.read, count=existing.count,
                       first_at=existing.first_at or existing.at)
    return replace(existing, at=max(existing.at, new.at), count=existing.count + new.count,
                   read=False, importance=max(existing.importance, new.importance),
                   args=new.args or existing.args,
                   lamp_until=_latest(existing.lamp_until, new.lamp_until),
                   expires_at=new.expires_at, first_at=existing.first_at or existing.at)


def _latest(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)


def lamp_state(notices: Iterable[Notice], now: float) -> LampState:
    """Blink for an unread important notice; on for any unread or a running `lamp_until`."""
    state = LampState.OFF
    for n in notices:
        if n.expired(now):
            continue
        if not n.read and n.importance >= Importance.IMPORTANT:
            return LampState.BLINK
        if not n.read or (n.lamp_until is not None and now < n.lamp_until):
            state = LampState.ON
    return state


def next_lamp_change(notices: Iterable[Notice], now: float) -> float | None:
    """The next time the lamp may change by itself (a lamp_until or an expiry passing)."""
    times = [t for n in notices for t in (n.lamp_until, n.expires_at)
             if t is not None and t > now]
    return min(times, default=None)


# -- notices from the server ---------------------------------------------------------------

def server_notice(ident: str, kind: str, importance: str, published: datetime,
                  title: Mapping[str, str], body: Mapping[str, str], *,
                  expires: datetime | None = None,
                  lamp_until: datetime | None = None) -> Notice:
    """The inbox's notice for one notice of the center server, as the cloud client parsed
    it (app/cloud/client.py is the one parser of the server's JSON)."""
    level = Importance.IMPORTANT if importance == "important" else Importance.NORMAL
    return Notice(NoticeSource.SERVER, level, published.timestamp(), f"server:{ident}", kind,
                  {"id": ident}, dict(title), dict(body),
                  expires_at=expires.timestamp() if expires else None,
                  lamp_until=lamp_until.timestamp() if lamp_until else None)
