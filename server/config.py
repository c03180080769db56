"""Server settings: where data, documents and the rate-plan catalog live, and the limits."""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from app.resource_files import resources_dir

# The same resources/ tree the panel ships (app/resource_files.py finds it).
RESOURCES_DIR = resources_dir()

MIB = 1024 * 1024


@dataclass(frozen=True)
class DbPool:
    """The connection pool of each worker (PostgreSQL; SQLite keeps its own small one).

    A deployment's database allows so many connections (PostgreSQL: max_connections,
    100 by default): workers × (size + overflow) must stay below it.
    """
    size: int = 10  # connections kept open
    max_overflow: int = 10  # more, opened under load and closed after
    timeout_s: float = 10.0  # waiting for a free connection, then 503
    connect_timeout_s: int = 5  # reaching the database, then 503
    recycle_s: float = 1800.0  # reopen older connections (idle timeouts of proxies)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str | None = None  # None: SQLite file in data_dir
    db_pool: DbPool = field(default_factory=DbPool)
    documents_dir: Path = RESOURCES_DIR / "documents"
    catalog_dir: Path = RESOURCES_DIR / "rate_plans" / "catalog"
    manuals_dir: Path = RESOURCES_DIR / "manuals"
    municipalities_csv: Path = RESOURCES_DIR / "municipalities" / "municipalities.csv"
    jma_areas_csv: Path = RESOURCES_DIR / "weather" / "jma_areas.csv"
    max_backup_bytes: int = 256 * MIB
    # Backup blobs: None for files under data_dir/blobs, or "s3://bucket/prefix" for an
    # S3-compatible bucket (endpoint None: AWS itself; credentials from boto3's usual
    # AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profile or instance role).
    blob_url: str | None = None
    s3_endpoint: str | None = None
    s3_region: str | None = None
    s3_multipart_threshold: int = 16 * MIB  # larger blobs go up in parts...
    s3_part_size: int = 8 * MIB  # ...of this size (S3: at least 5 MiB)
    # Temp files, half uploads and blobs without a row younger than this are left alone
    # by housekeeping (at start and hourly): with several workers, they may be another
    # worker's upload.
    sweep_grace_s: float = 3600.0
    housekeeping_s: float = 3600.0  # how often one of the workers runs retention.housekeep
    max_json_bytes: int = 64 * 1024
    # Registration: at most this many attempts per client address per window.
    register_limit: int = 30
    register_window_s: float = 60.0
    # Reverse proxies whose X-Forwarded-For is believed (addresses or networks); from
    # anyone else the header is ignored, so it cannot dodge per-address limits.
    trusted_proxies: tuple[str, ...] = ()
    # Restore: confirmation-code checks per client address and per requesting panel
    # (the attacker's own identities) before 429...
    restore_max_failures: int = 5
    restore_window_s: float = 15 * 60.0
    # ...and per old device code from everyone: a bound on a distributed guesser
    # (50 a day against 10^8 codes) that a single attacker cannot reach alone.
    restore_code_max_attempts: int = 50
    restore_code_window_s: float = 24 * 3600.0
    restore_grant_s: float = 3600.0
    # Remote view (server/routes/remote.py): the address phones reach this server at, for
    # the link the panel shows (None: the address the panel's request came to), and the
    # login-code checks allowed per client address per window (40-bit codes live 10 min).
    public_url: str | None = None
    remote_login_limit: int = 10
    remote_login_window_s: float = 15 * 60.0
    # Weather (server/weather): the provider (synthetic | open-meteo | jma | open-meteo+jma),
    # the synthetic one's seed, where upstream is, and how hard to try it.
    weather: str = "synthetic"
    weather_seed: int = 1
    open_meteo_url: str = "https://api.open-meteo.com/v1/forecast"
    jma_url: str = "https://www.jma.go.jp/bosai"
    jma_warning_path: str = "warning/data/r8/{office}.json"
    weather_timeout_s: float = 10.0
    weather_max_bytes: int = 4 * MIB
    weather_retry_s: float = 600.0  # after a failure, upstream again at most this often
    weather_upstream_per_minute: int = 300  # requests toward one upstream, all workers
    # Key of the backup-time hash; read from data_dir so it survives restarts.
    schedule_key: bytes = field(default=b"", repr=False)

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'center.sqlite3'}"


def _read_key(path: Path) -> bytes | None:
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        return None
    return key if len(key) >= 16 else None


def load_schedule_key(data_dir: Path) -> bytes:
    """A random key created once per server; spreads backup times unpredictably.

    Workers of one host share the data directory and start together: the first key
    written wins (a hard link fails where the file exists) and every worker reads it.
    """
    path = data_dir / "schedule.key"
    key = _read_key(path)
    if key is not None:
        return key
    data_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".schedule-", suffix=".tmp")  # 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(32))
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            if _read_key(path) is None:  # a key cut short: replace it
                os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    key = _read_key(path)
    if key is None:
        raise RuntimeError(f"{path} could not be written")
    return key


def make_settings(data_dir: Path, **overrides) -> Settings:
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    overrides.setdefault("schedule_key", load_schedule_key(data_dir))
    return Settings(data_dir=data_dir, **overrides)
