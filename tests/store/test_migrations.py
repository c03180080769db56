"""Migrations: the models match the migrated schema; an older schema is backed up, then upgraded."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from app.store import SchemaTooNew, open_store
from app.store.database import connect
from app.store.engine import make_engine
from app.store.migrate import SCRIPT_LOCATION, head_revision, known_revisions, migrate
from app.store.schema_version import HEAD_REVISION, KNOWN_REVISIONS

from .conftest import SPECS, downgrade

# A test-only revision on top of the real head (a placeholder, filled in below).
_REVISION_NEXT = '''"""test only: add a note to settings"""
from alembic import op
import sqlalchemy as sa

revision = "0099"
down_revision = HEAD
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("setting") as batch:
        batch.add_column(sa.Column("note", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("setting") as batch:
        batch.drop_column("note")
'''


def test_models_match_the_migrated_schema(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        engine = make_engine(store._conn)  # not disposed: that would close the store's conn
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_light_revision_constants_match_the_migration_scripts() -> None:
    # open_store checks revisions without Alembic (start-up cost): after adding a
    # migration, bump HEAD_REVISION and KNOWN_REVISIONS in app/store/schema_version.py.
    assert HEAD_REVISION == head_revision()
    assert KNOWN_REVISIONS == tuple(known_revisions())
    assert KNOWN_REVISIONS[-1] == HEAD_REVISION


def test_older_schema_is_copied_aside_then_upgraded(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with open_store(data_dir) as store:
        store.define_series(SPECS)
        store.set_setting("keep", "me")
        store.append(29_000_000, {"p": np.arange(90.0)})
        store.flush()
        # Leave data in the WAL (no checkpoint): the backup must still hold it.
        db = store.path
        scripts = tmp_path / "scripts"
        shutil.copytree(SCRIPT_LOCATION, scripts, ignore=shutil.ignore_patterns("__pycache__"))
        (scripts / "versions" / "0099_note.py").write_text(
            _REVISION_NEXT.replace("HEAD", repr(HEAD_REVISION)))
        conn = connect(db)
        engine = make_engine(conn)
        assert migrate(conn, engine, db, script_location=scripts) == HEAD_REVISION
        engine.dispose()
        conn.close()

    backup = data_dir / f"hems.sqlite3.bak-{HEAD_REVISION}"
    assert backup.exists()
    with sqlite3.connect(backup) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
        assert old.execute("SELECT value FROM setting WHERE key = 'keep'").fetchone() == ("me",)
        assert old.execute("SELECT count(*) FROM raw_block").fetchone() == (2,)
    old.close()
    with sqlite3.connect(db) as new:
        assert new.execute("SELECT version_num FROM alembic_version").fetchone() == ("0099",)
        assert "note" in {r[1] for r in new.execute("PRAGMA table_info(setting)")}
        assert new.execute("SELECT value FROM setting WHERE key = 'keep'").fetchone() == ("me",)
    new.close()
    # The real panel software does not know 0099: it refuses and leaves the file alone.
    before = db.read_bytes()
    with pytest.raises(SchemaTooNew):
        open_store(data_dir)
    assert db.read_bytes() == before


def test_circuits_of_an_older_home_keep_their_channels_by_position(tmp_path: Path) -> None:
    """Before commissioning, channel n was the n-th measured special or branch circuit."""
    from app.domain.circuits import CircuitKind

    data_dir = tmp_path / "data"
    with open_store(data_dir) as store:
        db = store.path
    downgrade(db, "0002")
    with sqlite3.connect(db) as old:
        old.executemany("INSERT INTO circuit (kind, number, name, measured) VALUES (?,?,?,?)",
                        [("main", 1, "L1", 1), ("branch", 2, "キッチン", 1),
                         ("branch", 1, "リビング", 1), ("branch", 3, "予備", 0),
                         ("special", 1, "エコキュート", 1)])
    old.close()
    with open_store(data_dir) as store:
        channels = {(c.kind, c.number): c.channel for c in store.circuits()}
    assert channels == {(CircuitKind.MAIN, 1): None, (CircuitKind.SPECIAL, 1): 1,
                        (CircuitKind.BRANCH, 1): 2, (CircuitKind.BRANCH, 2): 3,
                        (CircuitKind.BRANCH, 3): None}
