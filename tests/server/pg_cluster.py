"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temp dir.

Listens on 127.0.0.1 (a free port) and on a unix socket in its own directory; no
fsync (the data dies with the test run). As root it runs as the `postgres` OS user,
because initdb refuses root. Binaries: $HEMS_TEST_PG_BIN, else the newest
/usr/lib/postgresql/<version>/bin (Debian's `postgresql`; packaging/system-deps.sh).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.loopback import free_port

SUPERUSER = "hems"
# Set to 1 on a developer machine without PostgreSQL: its tests are skipped, not failed.
SKIP_ENV = "HEMS_TEST_SKIP_PG"


class PgUnavailable(RuntimeError):
    pass


def find_bin() -> Path:
    override = os.environ.get("HEMS_TEST_PG_BIN")
    if override:
        candidates = [Path(override)]
    else:
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                          key=lambda p: int(re.sub(r"\D", "", p.parent.name) or 0))
        candidates = list(reversed(versions))
    for path in candidates:
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file():
            return path
    raise PgUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found in "
        f"{override or '/usr/lib/postgresql/<version>/bin'}: install Debian's `postgresql` "
        "(sh packaging/system-deps.sh does) or point HEMS_TEST_PG_BIN at them. "
        f"On a developer machine {SKIP_ENV}=1 skips the PostgreSQL variants.")


@dataclass
class PgCluster:
    root: Path
    bin: Path
    port: int
    as_user: list[str]

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    @classmethod
    def start(cls, bin_dir: Path | None = None) -> PgCluster:
        bin_dir = bin_dir or find_bin()
        root = Path(tempfile.mkdtemp(prefix="hems-pg-"))
        as_user: list[str] = []
        if os.geteuid() == 0:
            import pwd

            pw = pwd.getpwnam("postgres")
            os.chown(root, pw.pw_uid, pw.pw_gid)
            as_user = ["runuser", "-u", "postgres", "--"]
        cluster = cls(root, bin_dir, 0, as_user)
        (root / "sock").mkdir()
        if as_user:
            shutil.chown(root / "sock", "postgres", "postgres")
        cluster._run("initdb", "-D", str(cluster.data), "-U", SUPERUSER, "-A", "trust",
                     "-E", "UTF8", "--locale=C", "--no-sync")
        for _attempt in range(5):  # the free port may be taken in between: try another
            cluster.port = free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {cluster.port} "
                       f"-k {cluster.socket_dir} -c fsync=off -c synchronous_commit=off "
                       "-c full_page_writes=off -c max_connections=400")
            done = subprocess.run(
                [*as_user, str(bin_dir / "pg_ctl"), "-D", str(cluster.data), "-l",
                 str(root / "server.log"), "-w", "-t", "60", "-o", options, "start"],
                capture_output=True, text=True, check=False)
            if done.returncode == 0:
                return cluster
        log = (root / "server.log").read_text(errors="replace")[-2000:]
        shutil.rmtree(root, ignore_errors=True)
        raise PgUnavailable(f"PostgreSQL did not start: {done.stderr.strip()}\n{log}")

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([*self.as_user, str(self.bin / tool), *args],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            shutil.rmtree(self.root, ignore_errors=True)
            raise PgUnavailable(f"{tool} failed: {done.stderr.strip() or done.stdout.strip()}")

    def stop(self) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data),
                        "-m", "immediate", "-w", "stop"], capture_output=True, check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                               dbname="postgres", autocommit=True)

    def create_database(self, name: str, template: str | None = None) -> str:
        with self.admin() as conn:
            sql = f'CREATE DATABASE "{name}"'
            if template:
                sql += f' TEMPLATE "{template}" STRATEGY FILE_COPY'
            conn.execute(sql)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
