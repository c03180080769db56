"""The server's schema comes from its Alembic migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from server import migrate
from server.db import connect, make_engine
from server.models import ServerModel
from tests.server.conftest import make_center, register, upload

REPO = Path(__file__).resolve().parents[2]


def _baseline_tables() -> sa.MetaData:
    """The tables as the previous release's create_all made them (the baseline's copy)."""
    path = migrate.SCRIPT_LOCATION / "versions" / "0001_baseline.py"
    spec = importlib.util.spec_from_file_location("baseline_0001", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    meta = sa.MetaData()
    module._tables(meta)
    return meta


def test_the_migrations_make_the_schema_of_the_models(tmp_path, server_db):
    """A model changed without a migration fails here, on both engines."""
    engine = make_engine(server_db.empty_url(tmp_path / "c.sqlite3"))
    try:
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert compare_metadata(MigrationContext.configure(conn), ServerModel.metadata) == []
    finally:
        engine.dispose()


def test_a_database_of_the_previous_release_is_adopted_without_losing_rows(tmp_path, server_db):
    """create_all of an older release (no alembic_version, no `retired` and `city_code`
    columns yet, a typed city) is migrated at the next start: rows kept, columns added,
    the typed city forgotten, and the server works on it."""
    url = server_db.empty_url(tmp_path / "data" / "center.sqlite3")
    (tmp_path / "data").mkdir()
    old = _baseline_tables()
    old.tables["device"]._columns.remove(old.tables["device"].c.retired)
    old.tables["device"]._columns.remove(old.tables["device"].c.city_code)
    engine = connect(url)
    old.create_all(engine)
    with make_center(tmp_path / "new") as scratch:  # a registration as the panel sends it
        dev = register(scratch)
        assert upload(scratch, dev, b"kept").status_code == 201
        with scratch.app.state.center.engine.connect() as conn:
            row = conn.execute(sa.text("SELECT * FROM device")).mappings().one()
            backup = conn.execute(sa.text("SELECT * FROM backup")).mappings().one()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        values = {k: v for k, v in row.items() if k not in ("retired", "city_code")}
        values |= {"city": "1-2-3 Kitazawa, Tanaka Taro", "registered": now, "accepted": now}
        conn.execute(old.tables["device"].insert().values(**values))
        conn.execute(old.tables["backup"].insert().values(dict(backup) | {"created": now}))
        conn.execute(old.tables["notice"].insert().values(
            kind="announcement", importance="normal", published=now, title_ja="お知らせ",
            title_en="News", body_ja="本文", body_en="Body"))
    engine.dispose()

    (tmp_path / "new").rename(tmp_path / "scratch")
    data = tmp_path / "data"
    (tmp_path / "scratch" / "data" / "blobs").rename(data / "blobs")  # the blob of the row
    with make_center(tmp_path, database_url=url) as api:
        me = api.get("/v1/devices/me", headers=dev["auth"])
        assert me.status_code == 200, me.text
        assert me.json()["household"]["city_code"] is None
        backups = api.get("/v1/devices/me/backups", headers=dev["auth"]).json()["backups"]
        assert [b["id"] for b in backups] == [backup["id"]]
        notices = api.get("/v1/notices", headers=dev["auth"]).json()["notices"]
        assert [n["title"]["en"] for n in notices] == ["News"]
        engine = api.app.state.center.engine
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert conn.execute(sa.text("SELECT city FROM device")).scalar_one() == ""
            assert compare_metadata(MigrationContext.configure(conn), ServerModel.metadata) == []
        # The largest cursor the API promises works on the adopted notice table too.
        r = api.get("/v1/notices", params={"since": str(2**63 - 1)}, headers=dev["auth"])
        assert r.status_code == 200


MIGRATE = """
import sys
from server.db import make_engine
make_engine(sys.argv[1]).dispose()
"""


def test_workers_starting_at_once_migrate_the_database_once(tmp_path, server_db):
    """Three processes open a new database at the same moment: all start, one upgrades."""
    url = server_db.empty_url(tmp_path / "c.sqlite3")
    procs = [subprocess.Popen([sys.executable, "-c", MIGRATE, url], cwd=REPO,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    engine = connect(url)
    try:
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        engine.dispose()


def test_every_revision_goes_down_and_up_again(tmp_path, server_db):
    from alembic import command

    engine = make_engine(server_db.empty_url(tmp_path / "c.sqlite3"))
    cfg = migrate.alembic_config()
    try:
        for target in ("0002", "base"):
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, target)
        with engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
        engine.dispose()
        engine = make_engine(engine.url.render_as_string(hide_password=False))
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), ServerModel.metadata) == []
    finally:
        engine.dispose()
