"""Engine and sessions: SQLite by default, PostgreSQL for deployments with many workers.

The schema is Alembic's (server/migrations, applied by `server.migrate` at start-up).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from server import migrate
from server.config import DbPool


def normalize_url(url: str) -> str:
    """postgres:// and postgresql:// mean psycopg 3, the driver we ship."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, pool: DbPool | None = None) -> Engine:
    """An engine on `url` whose database is at the newest schema."""
    engine = connect(url, pool)
    before = migrate.upgrade(engine)
    if before != migrate.head_revision():
        scrub(engine)  # data migrations may have blanked personal data
    return engine


def connect(url: str, pool: DbPool | None = None) -> Engine:
    """An engine on `url`, without touching the schema."""
    pool = pool or DbPool()
    url = normalize_url(url)
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
        return engine
    # Pre-ping: a connection the database (or a proxy) closed is replaced, not handed
    # to a request. Timeouts: a database that is away answers 503 soon (server.errors).
    return create_engine(url, pool_pre_ping=True, pool_size=pool.size,
                         max_overflow=pool.max_overflow, pool_timeout=pool.timeout_s,
                         pool_recycle=pool.recycle_s,
                         connect_args={"connect_timeout": pool.connect_timeout_s,
                                       "application_name": "hems-center"})


def insert_for(dialect: str):
    """The INSERT with ON CONFLICT of a dialect: the atomic upserts and claims every worker
    relies on (counters, weather claims, shared values) exist on SQLite and PostgreSQL."""
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(dialect)
    if insert is None:
        raise RuntimeError(f"the center server runs on SQLite or PostgreSQL, not {dialect}")
    return insert


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
