"""SQLModel tables of the panel's database.

The migrations in `migrations/versions` create exactly these tables (a test
compares them). Circuits and devices are ordinary ORM rows (`orm_catalog.py`).
Settings, series and the time-series tables are declared here for the schema
only; they are read and written with plain SQL (`catalog.py`, `timeseries.py`,
`rollups.py`) because they are on the panel's start-up path, where importing
this module (SQLModel + SQLAlchemy, ~750 ms) is too slow.

Events and notices (`events.py`, `notices.py`) are plain SQL too: the collector
writes events on its flush, and the notice service runs on the start-up path.

Time-series keys put time first (hour, day, month) so that appending new data
always lands at the right edge of each B-tree: pages fill completely instead
of splitting, which keeps the file small on the panel's flash storage.
"""

from __future__ import annotations

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

_NO_ROWID = {"sqlite_with_rowid": False}


def _pk() -> object:
    return Field(primary_key=True, sa_column_kwargs={"autoincrement": False})


class SettingRow(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str


class CircuitRow(SQLModel, table=True):
    __tablename__ = "circuit"
    __table_args__ = (UniqueConstraint("kind", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # CircuitKind value
    number: int
    name: str
    measured: bool = True
    channel: int | None = None  # the board channel that measures it
    role: str | None = None  # CircuitRole value
    reversed: bool = False


class DeviceRow(SQLModel, table=True):
    __tablename__ = "device"
    __table_args__ = (UniqueConstraint("class_code", "instance"),)
    id: int | None = Field(default=None, primary_key=True)
    class_code: int  # ECHONET Lite class group + class, e.g. 0x0279
    instance: int
    name: str
    location: str


class SeriesRow(SQLModel, table=True):
    __tablename__ = "series"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    kind: str  # SeriesKind value
    unit: str


class RawBlockRow(SQLModel, table=True):
    """One series for one UTC hour: 60 minute samples packed by `codec`."""

    __tablename__ = "raw_block"
    __table_args__ = _NO_ROWID
    hour: int = _pk()  # UTC epoch minute // 60
    series_id: int = Field(primary_key=True, foreign_key="series.id",
                           sa_column_kwargs={"autoincrement": False})
    data: bytes


class Rollup30MinRow(SQLModel, table=True):
    """One series for one local day: per 30-minute slot, sample counts and sums (tenths)."""

    __tablename__ = "rollup_30min"
    __table_args__ = _NO_ROWID
    day: int = _pk()  # local days since 1970-01-01
    series_id: int = Field(primary_key=True, foreign_key="series.id",
                           sa_column_kwargs={"autoincrement": False})
    counts: bytes
    sums: bytes


class RollupDayRow(SQLModel, table=True):
    __tablename__ = "rollup_day"
    __table_args__ = _NO_ROWID
    day: int = _pk()
    series_id: int = Field(primary_key=True, foreign_key="series.id",
                           sa_column_kwargs={"autoincrement": False})
    total: int  # sum of samples in tenths of the unit
    count: int


class RollupMonthRow(SQLModel, table=True):
    __tablename__ = "rollup_month"
    __table_args__ = _NO_ROWID
    month: int = _pk()  # (year - 1970) * 12 + month - 1, local
    series_id: int = Field(primary_key=True, foreign_key="series.id",
                           sa_column_kwargs={"autoincrement": False})
    total: int
    count: int


class ImportedBucketRow(SQLModel, table=True):
    """A rollup bucket filled from another HEMS's history (an AiSEG2), not measured here.

    `total` and `count` are what the import added to the rollup tables (sums in tenths,
    counts as if fully sampled), so measured counts are the rollup's minus these.
    """

    __tablename__ = "imported_bucket"
    __table_args__ = _NO_ROWID
    level: str = Field(primary_key=True)  # "30min", "day" or "month" (Resolution value)
    bucket: int = _pk()  # local day ("30min" and "day") or month index
    series_id: int = Field(primary_key=True, foreign_key="series.id",
                           sa_column_kwargs={"autoincrement": False})
    total: int
    count: int
    slots: int  # "30min": bit n set = slot n of the day imported (one row per day); else 0
    origin: str  # the file it came from ("30minhistory_rc_20260412.csv:12" for a day/month)


class LiveRow(SQLModel, table=True):
    __tablename__ = "live_value"
    series_id: int = Field(primary_key=True, foreign_key="series.id",
                           sa_column_kwargs={"autoincrement": False})
    at: float  # unix seconds of the reading
    value: float


class StoreMetaRow(SQLModel, table=True):
    """Facts about the store itself: its time zone, how far raw data was pruned."""

    __tablename__ = "store_meta"
    key: str = Field(primary_key=True)
    value: str


class EventRow(SQLModel, table=True):
    """Appliance history: operation, energy-saving and error events (`app.domain.events`).

    Pages are read newest first by keyset (at, id): the indexes end in `at` so that a
    filtered page is an index range scan, not a sort of 100,000 rows.
    """

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_at", "at"), Index("ix_event_kind_at", "kind", "at"),
                      Index("ix_event_device_at", "device", "at"))
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # EventKind value
    at: float  # unix seconds
    device: str  # domain.events.device_key
    epc: int | None = None  # operation
    old: str | None = None
    new: str | None = None
    cause: str | None = None  # Cause value
    action: str | None = None  # saving
    saving_wh: float | None = None
    detail: str = ""
    code: int | None = None  # error: raw 0x89
    fault_class: str | None = None
    maker: int | None = None
    recovered_at: float | None = None


class NoticeRow(SQLModel, table=True):
    """The notices inbox (`app.domain.notices`); one row per fold key."""

    __tablename__ = "notice"
    __table_args__ = (Index("ix_notice_at", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    fold_key: str = Field(unique=True)
    source: str  # NoticeSource value
    importance: int
    at: float
    first_at: float
    template: str
    args: str  # JSON
    title: str  # JSON {lang: text}
    body: str  # JSON
    count: int
    read: bool
    expires_at: float | None = None
    lamp_until: float | None = None


class WeatherForecastRow(SQLModel, table=True):
    """The last good weather forecast, the JSON exactly as the server sent it (one row)."""

    __tablename__ = "weather_forecast"
    slot: int = _pk()  # always 1
    body: str  # GET /v1/weather answer (app.domain.weather_json parses it)
    fetched_at: float  # unix s when the panel got it


class DayAheadForecastRow(SQLModel, table=True):
    """A local day's forecast as made the day before: judged against what then happened."""

    __tablename__ = "day_ahead_forecast"
    kind: str = Field(primary_key=True)  # ForecastKind value
    day: str = Field(primary_key=True)  # local ISO date
    start: float  # unix s of the first slot
    wh: str  # JSON list: Wh per 30-minute slot
    factor: float | None = None  # the solar calibration factor it was made with
    made_at: float


class ForecastAccuracyRow(SQLModel, table=True):
    __tablename__ = "forecast_accuracy"
    kind: str = Field(primary_key=True)
    day: str = Field(primary_key=True)
    mae_wh: float
    bias_wh: float
    forecast_kwh: float
    actual_kwh: float


class OutdoorTemperatureRow(SQLModel, table=True):
    """An hour's outdoor temperature as the panel last had it once the hour had begun (the
    newest forecast's value for it): what the load forecast learns the weather from."""

    __tablename__ = "outdoor_temperature"
    __table_args__ = _NO_ROWID
    hour: int = _pk()  # UTC epoch minute // 60 of the hour's start
    temp_c: float
    fetched_at: float  # unix s when the panel got the forecast it came from


class WeatherWarningSeenRow(SQLModel, table=True):
    """A weather warning the panel posted a notice for, and whether its lifting was too."""

    __tablename__ = "weather_warning_seen"
    id: str = Field(primary_key=True)  # the server's warning id
    kind: str
    level: str
    posted_at: float
    lifted_at: float | None = None
