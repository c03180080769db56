"""When the daily backup is due, and what the service remembers between runs (no Qt).

The server picks each day's minute (`backup-time`); a day whose minute passed
while the panel was offline or off is caught up as soon as it can run. One
backup covers every change since the last confirmed one, so catching up two
missed days is one backup, not two.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path


def parse_hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def is_due(now: datetime, done_day: date | None, at: time | None) -> bool:
    """Today's backup is due: its minute has come, or an earlier day was missed.

    `at` None means today's minute is not known (it is needed only when no day
    was missed).
    """
    today = now.date()
    if done_day is not None and done_day >= today:
        return False
    if done_day is not None and done_day < today - timedelta(days=1):
        return True  # yesterday's backup never happened: catch up now
    return at is not None and now.time() >= at


def needs_time(now: datetime, done_day: date | None) -> bool:
    today = now.date()
    return done_day is None or done_day == today - timedelta(days=1)


@dataclass(frozen=True)
class LastRun:
    at: float
    ok: bool
    kind: str = ""  # full | incremental
    size: int = 0  # bytes sent
    reason: str = ""  # a CloudProblem kind:code or a local error, "" when ok


@dataclass(frozen=True)
class ScheduleState:
    device_id: str | None = None  # the registration the chain belongs to
    base_id: str | None = None  # the server's id of the last confirmed archive
    done_day: str | None = None  # ISO date of the last successful daily backup
    last: LastRun | None = None
    last_success_at: float | None = None
    failing_since: float | None = None
    notice_posted: bool = False  # the grace-period notice of this failure streak
    sent_bytes: int = 0  # all backup bytes ever sent (benchmarks, diagnostics)
    extra: dict = field(default_factory=dict)

    @property
    def done_date(self) -> date | None:
        return date.fromisoformat(self.done_day) if self.done_day else None

    def succeeded(self, now: float, day: date, kind: str, size: int, base_id: str
                  ) -> ScheduleState:
        return replace(self, base_id=base_id, done_day=day.isoformat(),
                       last=LastRun(now, True, kind, size), last_success_at=now,
                       failing_since=None, notice_posted=False,
                       sent_bytes=self.sent_bytes + size)

    def failed(self, now: float, reason: str) -> ScheduleState:
        return replace(self, last=LastRun(now, False, reason=reason),
                       failing_since=self.failing_since or now)

    def notice_due(self, now: float, grace_s: float) -> bool:
        """Failing for `grace_s` since the last success (or since failing began): once."""
        if self.notice_posted or self.failing_since is None:
            return False
        since = self.last_success_at if self.last_success_at is not None \
            else self.failing_since
        return now - since >= grace_s


def load_state(path: Path) -> ScheduleState:
    with contextlib.suppress(FileNotFoundError):
        return load_state_text(path.read_text())
    return ScheduleState()


def load_state_text(text: str) -> ScheduleState:
    """A damaged file is a fresh start: the next backup is simply a full one."""
    with contextlib.suppress(ValueError, TypeError, AttributeError):
        raw = json.loads(text)
        last = LastRun(**raw.pop("last")) if raw.get("last") else None
        raw.pop("last", None)
        return ScheduleState(**raw, last=last)
    return ScheduleState()


def save_state(path: Path, state: ScheduleState) -> None:
    write_atomic(path, json.dumps(asdict(state), indent=1))


def write_atomic(path: Path, text: str) -> None:
    """Temp file, fsync, rename: a power cut leaves the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def local_now(now: float, zone) -> datetime:
    return datetime.fromtimestamp(now, zone)
