"""SQLAlchemy over the store's one sqlite3 connection: ORM sessions and Alembic.

Imported lazily (by `Store` on the first circuits/devices call, by `open_store`
only when a database must be created or upgraded): SQLAlchemy and SQLModel
cost ~750 ms of imports, too much for the panel's start-up path.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from .database import translate_error

WRITE = "hems_write"  # execution option: begin the transaction with BEGIN IMMEDIATE


def make_engine(conn: sqlite3.Connection) -> Engine:
    """An SQLAlchemy engine over our one connection (ORM sessions, Alembic).

    Disposing of it closes `conn` (StaticPool owns the connection it was given).
    """
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)

    # pysqlite's own transaction handling is off (isolation_level=None), so
    # SQLAlchemy's begin() must emit BEGIN itself (the documented recipe).
    @event.listens_for(engine, "begin")
    def _begin(sa_conn) -> None:  # type: ignore[no-untyped-def]
        write = sa_conn.get_execution_options().get(WRITE, False)
        sa_conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def translate_dbapi_error(exc: DBAPIError, db_path: Path) -> BaseException:
    """The StoreError for the SQLite failure SQLAlchemy wrapped, else `exc` itself."""
    return translate_error(exc.orig, db_path) or exc


@contextlib.contextmanager
def orm_session(engine: Engine, db_path: Path, write: bool = False) -> Iterator[Session]:
    """One transaction (BEGIN IMMEDIATE if `write`); SQLite failures become StoreErrors."""
    bound = engine.execution_options(**{WRITE: True}) if write else engine
    try:
        with Session(bound) as s, s.begin():
            yield s
    except DBAPIError as exc:
        raise translate_dbapi_error(exc, db_path) from exc
