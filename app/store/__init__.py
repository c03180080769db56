"""The store: SQLite (WAL) file with settings, circuits, devices and 1-minute time series.

Raw samples are kept as compressed hour blocks; 30-minute, day and month
rollups in local time are maintained incrementally in the same transactions.
See `store.Store` for threads and crash safety, `codec` for the block format.
"""

# Keep this package light: the panel imports it at start-up. SQLAlchemy, SQLModel
# and Alembic (~1.2 s) load only on first use (see opening.py, store.py), numpy
# (~140 ms) on the first time-series call (see series_io.py).
from .catalog import DeviceInfo
from .errors import DatabaseCorrupt, DataDirMissing, DataDirNotWritable, SchemaTooNew, StoreError
from .frames import Interval, SeriesFrame
from .opening import open_store
from .store import Store

__all__ = [
    "DataDirMissing",
    "DataDirNotWritable",
    "DatabaseCorrupt",
    "DeviceInfo",
    "Interval",
    "SchemaTooNew",
    "SeriesFrame",
    "Store",
    "StoreError",
    "open_store",
]
