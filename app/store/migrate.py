"""Schema migrations with Alembic, run in-process (no alembic.ini on disk).

Order of checks at open, none of which writes to an existing file:
unknown revision -> SchemaTooNew; an SQLite file that is not ours ->
DatabaseCorrupt; at head -> nothing to do. `open_store` makes these checks
with plain sqlite3 (`schema_version.py`) and imports this module (Alembic +
SQLAlchemy, ~1.2 s) only for a new or older file. An older revision is first
copied aside (hems.sqlite3.bak-<rev>, via SQLite's online backup so the copy
includes what is still in the WAL), then upgraded in one transaction.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from .database import connect, enable_wal
from .engine import WRITE, make_engine
from .schema_version import check_revision as _check_known

SCRIPT_LOCATION = Path(__file__).with_name("migrations")


def alembic_config(script_location: Path = SCRIPT_LOCATION) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    return cfg


def head_revision(script_location: Path = SCRIPT_LOCATION) -> str:
    head = ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()
    assert head is not None
    return head


def known_revisions(script_location: Path = SCRIPT_LOCATION) -> list[str]:
    """Every revision of the scripts, oldest first."""
    script = ScriptDirectory.from_config(alembic_config(script_location))
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def check_revision(conn: sqlite3.Connection, db_path: Path,
                   script_location: Path = SCRIPT_LOCATION) -> str | None:
    """The file's revision if these scripts can work with it (None = empty), else raise."""
    return _check_known(conn, db_path, set(known_revisions(script_location)))


def backup_before_upgrade(conn: sqlite3.Connection, db_path: Path, revision: str) -> Path:
    """Consistent copy of the database next to it; never overwrites an earlier copy."""
    target = db_path.with_name(f"{db_path.name}.bak-{revision}")
    n = 1
    while target.exists():
        target = db_path.with_name(f"{db_path.name}.bak-{revision}.{n}")
        n += 1
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


# Alembic keeps its running context in module globals (`alembic.context`): two threads
# upgrading at once (two services opening a new database) corrupt each other's, which
# crashed the process. Processes are kept apart by SQLite's write lock below.
_UPGRADE_LOCK = threading.Lock()


def upgrade(engine: Engine, script_location: Path = SCRIPT_LOCATION) -> None:
    """Upgrade to head inside one write transaction (re-checked under the write lock)."""
    cfg = alembic_config(script_location)
    head = head_revision(script_location)
    with _UPGRADE_LOCK, engine.connect() as sa_conn:
        sa_conn.execution_options(**{WRITE: True})
        with sa_conn.begin():
            if MigrationContext.configure(sa_conn).get_current_revision() == head:
                return  # another process or thread got there first
            cfg.attributes["connection"] = sa_conn
            command.upgrade(cfg, "head")


def migrate(conn: sqlite3.Connection, engine: Engine, db_path: Path,
            script_location: Path = SCRIPT_LOCATION) -> str | None:
    """Bring the database to head. Returns the revision it had (None if it was empty)."""
    revision = check_revision(conn, db_path, script_location)
    enable_wal(conn)  # only now: it rewrites the header of a file that is not yet in WAL mode
    if revision == head_revision(script_location):
        return revision
    if revision is not None:
        backup_before_upgrade(conn, db_path, revision)
    upgrade(engine, script_location)
    return revision


def new_revision(message: str) -> None:
    """Autogenerate a revision from the models against a scratch database at head."""
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "scratch.sqlite3")
        engine = make_engine(conn)
        upgrade(engine)
        cfg = alembic_config()
        with engine.connect() as sa_conn, sa_conn.begin():
            cfg.attributes["connection"] = sa_conn
            command.revision(cfg, message=message, autogenerate=True)
        engine.dispose()
        conn.close()
    print("Now set HEAD_REVISION and KNOWN_REVISIONS in app/store/schema_version.py "
          "to the new revision id (a test checks them).")


if __name__ == "__main__":  # python -m app.store.migrate revision "what changed"
    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        sys.exit('usage: python -m app.store.migrate revision "what changed"')
    new_revision(sys.argv[2])
