"""Engine and sessions. SQLite by default; any SQLAlchemy URL by configuration."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from server.models import ServerModel


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=10, max_overflow=20)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            # WAL lets readers run during the writes of many panels; FULL sync because a
            # registration that was answered must survive a power cut.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            # Deleted rows are overwritten with zeros, not left in free pages.
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()
    else:
        engine = create_engine(url, pool_pre_ping=True)
    ServerModel.metadata.create_all(engine)
    _add_missing_columns(engine)
    _forget_free_text(engine)
    return engine


def _add_missing_columns(engine: Engine) -> None:
    """The one migration we need so far: nullable columns added to existing tables."""
    found = inspect(engine)
    with engine.begin() as conn:
        for table in ServerModel.metadata.sorted_tables:
            have = {c["name"] for c in found.get_columns(table.name)}
            for column in table.columns:
                if column.name not in have and column.nullable:
                    kind = column.type.compile(dialect=engine.dialect)
                    conn.exec_driver_sql(
                        f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}')


def _forget_free_text(engine: Engine) -> None:
    """Registrations before city codes kept a typed `city`, and people typed addresses,
    names and telephone numbers there: blank it (secure_delete zeroes the old bytes,
    the checkpoint empties the WAL). Their devices keep working, without a city."""
    with engine.begin() as conn:
        changed = conn.exec_driver_sql(
            "UPDATE device SET city = '' WHERE city IS NOT NULL AND city != ''").rowcount
    if changed:
        scrub(engine)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


def scrub(engine: Engine) -> bool:
    """After deleting personal data: copy the WAL into the database and empty it, so the
    deleted rows' old pages no longer sit in `*-wal`. True when the WAL was emptied
    (another connection still reading can keep the checkpoint from finishing)."""
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as conn:
        busy, _, _ = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    return busy == 0
