"""Fixtures of the store tests: a fresh store in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.domain.series import SeriesKind, SeriesSpec
from app.store import Store, open_store

TZ = ZoneInfo("Asia/Tokyo")
POWER = SeriesSpec("p", SeriesKind.POWER, "W")
POWER2 = SeriesSpec("q", SeriesKind.POWER, "W")
VOLUME = SeriesSpec("v", SeriesKind.VOLUME, "L")
LEVEL = SeriesSpec("soc", SeriesKind.LEVEL, "%")
SPECS = [POWER, POWER2, VOLUME, LEVEL]


def downgrade(db: Path, revision: str) -> None:
    """The store file `db` taken back to schema `revision`, as an older panel left it."""
    from alembic import command

    from app.store.database import connect
    from app.store.engine import make_engine
    from app.store.migrate import alembic_config

    conn = connect(db)
    engine = make_engine(conn)
    try:
        with engine.begin() as sa_conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = sa_conn
            command.downgrade(cfg, revision)
    finally:
        engine.dispose()
        conn.close()


def minute_of(when: datetime) -> int:
    return int(when.timestamp()) // 60


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "data")
    s.define_series(SPECS)
    yield s
    s.close()
