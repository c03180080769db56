"""A deployment configures the database and workers by environment (a unit's
Environment=) or by flags; flags win."""

from __future__ import annotations

from server.config import DbPool
from server.db import normalize_url
from server.main import _settings, build_parser


def test_database_pool_and_workers_come_from_the_environment(tmp_path, monkeypatch):
    for name, value in (("HEMS_CENTER_DATABASE", "postgresql://hems@db.internal/hems"),
                        ("HEMS_CENTER_DB_POOL_SIZE", "7"), ("HEMS_CENTER_DB_MAX_OVERFLOW", "3"),
                        ("HEMS_CENTER_DB_POOL_TIMEOUT", "2.5"),
                        ("HEMS_CENTER_DB_CONNECT_TIMEOUT", "4"), ("HEMS_CENTER_WORKERS", "6")):
        monkeypatch.setenv(name, value)
    args = build_parser().parse_args(["--data", str(tmp_path)])
    settings = _settings(args)
    assert args.workers == 6
    assert settings.database_url == "postgresql://hems@db.internal/hems"
    assert settings.db_pool == DbPool(size=7, max_overflow=3, timeout_s=2.5,
                                      connect_timeout_s=4)
    # The admin commands read the same variables (they work on the running server's data).
    notice = _settings(build_parser().parse_args(["--data", str(tmp_path), "notice", "list"]))
    assert notice.database_url == settings.database_url
    flags = build_parser().parse_args(["--data", str(tmp_path), "--database", "sqlite:///x.db",
                                       "--db-pool-size", "2", "--workers", "1"])
    assert (_settings(flags).database_url, _settings(flags).db_pool.size, flags.workers) == (
        "sqlite:///x.db", 2, 1)


def test_without_the_environment_sqlite_in_the_data_directory(tmp_path, monkeypatch):
    for name in ("HEMS_CENTER_DATABASE", "HEMS_CENTER_DB_POOL_SIZE", "HEMS_CENTER_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    args = build_parser().parse_args(["--data", str(tmp_path)])
    settings = _settings(args)
    assert args.workers == 1 and settings.db_pool == DbPool()
    assert settings.db_url == f"sqlite:///{tmp_path / 'center.sqlite3'}"


def test_postgres_urls_mean_psycopg_3():
    assert normalize_url("postgres://u:p@h:5433/d?sslmode=require") == \
        "postgresql+psycopg://u:p@h:5433/d?sslmode=require"
    assert normalize_url("postgresql://h/d") == "postgresql+psycopg://h/d"
    assert normalize_url("postgresql+psycopg://h/d") == "postgresql+psycopg://h/d"
    assert normalize_url("sqlite:////tmp/c.sqlite3") == "sqlite:////tmp/c.sqlite3"
