"""`hems-center`: run the server, or manage notices.

    hems-center [--host H] [--port N|0] [--data DIR] [--database URL] [--port-file FILE]
                [--workers N] [--db-pool-size N] [--db-max-overflow N] [--db-pool-timeout S]
    hems-center [--blob-url s3://BUCKET/PREFIX] [--s3-endpoint URL] [--s3-region R]
    hems-center notice add --kind announcement --title-ja ... --title-en ... \\
        --body-ja ... --body-en ... [--importance important] [--expires ISO] [--lamp-days N]
    hems-center notice list
    hems-center [--weather synthetic|open-meteo|jma|open-meteo+jma] [--weather-seed N]
    hems-center warn --city 13101 --kind heavy_rain --level warning   # prints the id
    hems-center warn --lift ID
    hems-center warn --list [--city 13101]
    hems-center keygen --out release-key.pem        # prints the public key (base64)
    hems-center publish-update WHEEL --key release-key.pem --notes-ja ... --notes-en ... \\
        [--min-from-version 0.1.0]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from server.config import MIB, RESOURCES_DIR, DbPool, Settings, make_settings
from server.weather.model import KINDS, LEVELS

# server.weather.service.MODES, without importing the providers for every command.
WEATHER_MODES = ("synthetic", "open-meteo", "jma", "open-meteo+jma")

DEFAULT_PORT = 8470
# How `--workers` hands the command line to the worker processes uvicorn spawns.
WORKER_ARGV_ENV = "HEMS_CENTER_WORKER_ARGV"


def _env(name: str, kind=str, default=None):
    """A default from the environment (HEMS_CENTER_*), as a deployment's unit sets them."""
    value = os.environ.get(name)
    return default if value in (None, "") else kind(value)


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    data_default = Path(os.environ.get("HEMS_CENTER_DATA", "center-data"))
    parser.add_argument("--data", type=Path, default=default if suppress else data_default,
                        help="data directory")
    parser.add_argument("--database",
                        default=default if suppress else _env("HEMS_CENTER_DATABASE"),
                        help="database URL, e.g. postgresql://hems@db.example/hems "
                             "(default: $HEMS_CENTER_DATABASE, else SQLite in the data "
                             "directory)")
    pool = DbPool()
    for flag, env, kind, value, what in (
            ("--db-pool-size", "HEMS_CENTER_DB_POOL_SIZE", int, pool.size,
             "connections each worker keeps open (PostgreSQL)"),
            ("--db-max-overflow", "HEMS_CENTER_DB_MAX_OVERFLOW", int, pool.max_overflow,
             "extra connections per worker under load"),
            ("--db-pool-timeout", "HEMS_CENTER_DB_POOL_TIMEOUT", float, pool.timeout_s,
             "seconds a request waits for a free connection before 503"),
            ("--db-connect-timeout", "HEMS_CENTER_DB_CONNECT_TIMEOUT", int,
             pool.connect_timeout_s, "seconds to reach the database before 503")):
        parser.add_argument(flag, type=kind,
                            default=default if suppress else _env(env, kind, value),
                            help=f"{what} (default: ${env}, else {value})")


def _network(text: str) -> str:
    try:
        return str(ipaddress.ip_network(text, strict=False))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an address or network: {text}") from None


def _demo_clock(text: str) -> Callable[[], float]:
    """EPOCH:SPEED -> "now" running SPEED times faster than the wall from EPOCH (unix s)."""
    try:
        epoch_text, speed_text = text.split(":")
        epoch, speed = float(epoch_text), float(speed_text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not EPOCH:SPEED: {text}") from None
    if speed <= 0:
        raise argparse.ArgumentTypeError("SPEED must be positive")
    return lambda: epoch + (time.time() - epoch) * speed


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hems-center", description="HEMS center server")
    _common(p, suppress=False)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="0 picks a free port")
    p.add_argument("--port-file", type=Path, help="write the port here once listening")
    p.add_argument("--workers", type=int, default=_env("HEMS_CENTER_WORKERS", int, 1),
                   help="worker processes on the one socket (default: $HEMS_CENTER_WORKERS, "
                        "else 1); they share everything through the database and blobs")
    p.add_argument("--resources", type=Path, default=RESOURCES_DIR,
                   help="folder with documents/, rate_plans/catalog/ and manuals/")
    p.add_argument("--max-backup-mib", type=int, default=256)
    p.add_argument("--blob-url", default=_env("HEMS_CENTER_BLOB_URL"),
                   metavar="s3://BUCKET/PREFIX",
                   help="keep backup blobs in this S3-compatible bucket (default: files in "
                        "the data directory; env HEMS_CENTER_BLOB_URL)")
    p.add_argument("--s3-endpoint", default=_env("HEMS_CENTER_S3_ENDPOINT"), metavar="URL",
                   help="the S3 API's URL, e.g. http://127.0.0.1:9000 for MinIO (default: "
                        "AWS; env HEMS_CENTER_S3_ENDPOINT)")
    p.add_argument("--s3-region", default=_env("HEMS_CENTER_S3_REGION"),
                   help="the bucket's region (env HEMS_CENTER_S3_REGION, else AWS_REGION)")
    p.add_argument("--s3-multipart-threshold-mib", type=int,
                   default=_env("HEMS_CENTER_S3_MULTIPART_THRESHOLD_MIB", int, 16),
                   help="larger backups go up as a multipart upload (env "
                        "HEMS_CENTER_S3_MULTIPART_THRESHOLD_MIB)")
    p.add_argument("--s3-part-mib", type=int, default=_env("HEMS_CENTER_S3_PART_MIB", int, 8),
                   help="size of a part, at least 5 (env HEMS_CENTER_S3_PART_MIB)")
    p.add_argument("--sweep-grace-s", type=float,
                   default=_env("HEMS_CENTER_SWEEP_GRACE_S", float, Settings.sweep_grace_s),
                   help="housekeeping (at start, then hourly) removes half uploads and blobs "
                        "without a row only when older than this (younger ones may be another "
                        "worker's upload; env HEMS_CENTER_SWEEP_GRACE_S)")
    p.add_argument("--public-url", default=_env("HEMS_CENTER_PUBLIC_URL"), metavar="URL",
                   help="where phones reach this server, e.g. https://hems.example.jp (the "
                        "remote-view link; default: the address the panel used; env "
                        "HEMS_CENTER_PUBLIC_URL)")
    p.add_argument("--register-limit", type=int, default=30,
                   help="registrations per client address per minute")
    p.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDR[/BITS]",
                   type=_network,
                   help="a reverse proxy whose X-Forwarded-For is believed (repeatable); "
                        "from anyone else the header is ignored")
    p.add_argument("--weather", default="synthetic", choices=WEATHER_MODES,
                   help="where forecasts come from (synthetic: the simulated home's weather; "
                        "open-meteo+jma: Open-Meteo's forecast with JMA's warnings)")
    p.add_argument("--weather-seed", type=int, default=1,
                   help="seed of the synthetic forecast (the demo's seed)")
    p.add_argument("--open-meteo-url", default=Settings.open_meteo_url,
                   help="Open-Meteo's forecast endpoint")
    p.add_argument("--jma-url", default=Settings.jma_url, help="base of JMA's bosai files")
    p.add_argument("--weather-upstream-per-minute", type=int,
                   default=Settings.weather_upstream_per_minute,
                   help="requests toward one weather upstream per minute, all workers")
    p.add_argument("--log-level", default="warning")
    p.add_argument("--demo-clock", type=_demo_clock, metavar="EPOCH:SPEED",
                   help="developers: run the server's clock SPEED times faster than the wall "
                        "from the unix time EPOCH, as an accelerated demo panel's (--speed)")
    p.add_argument("--parent-pid", type=int, default=None,
                   help="stop when this process ends (the panel that started it)")
    sub = p.add_subparsers(dest="command")
    notice = sub.add_parser("notice", help="publish and list notices").add_subparsers(
        dest="action", required=True)
    add = notice.add_parser("add", help="publish a notice now")
    _common(add, suppress=True)
    add.add_argument("--kind", required=True, choices=["announcement", "terms", "maintenance"])
    add.add_argument("--importance", default="normal", choices=["normal", "important"])
    for field in ("title-ja", "title-en", "body-ja", "body-en"):
        add.add_argument(f"--{field}", required=True)
    add.add_argument("--expires", type=datetime.fromisoformat, help="UTC, ISO 8601")
    add.add_argument("--lamp-days", type=float, help="keep the panels' lamp lit this long")
    lst = notice.add_parser("list", help="list notices")
    _common(lst, suppress=True)
    warn = sub.add_parser("warn", help="inject, lift and list the warnings an administrator "
                          "sets (drills, the demo's synthetic weather); works while the server "
                          "runs on the same data")
    _common(warn, suppress=True)
    what = warn.add_mutually_exclusive_group(required=True)
    what.add_argument("--kind", choices=KINDS, help="inject a warning of this kind (with "
                      "--city and --level)")
    what.add_argument("--lift", metavar="ID", help="lift the injected warning ID")
    what.add_argument("--list", action="store_true", help="list the warnings kept")
    warn.add_argument("--city", help="JIS X 0402 municipality code, e.g. 13101")
    warn.add_argument("--level", choices=LEVELS, default="warning")
    keygen = sub.add_parser("keygen", help="make an Ed25519 key pair for signing panel "
                            "updates: the private key to --out (0600), the public key printed "
                            "for the panel's resources/update_keys/keys.json")
    keygen.add_argument("--out", type=Path, required=True)
    pub = sub.add_parser("publish-update", help="sign a wheel of the panel and offer it to "
                         "every registered panel (works while the server runs on the same "
                         "data; the storage options --blob-url... go before the command)")
    _common(pub, suppress=True)
    pub.add_argument("wheel", type=Path, help="dist/hems_panel-<version>-py3-none-any.whl")
    pub.add_argument("--key", type=Path, required=True, help="the private key (PEM)")
    pub.add_argument("--notes-ja", required=True, help="what is new, in Japanese")
    pub.add_argument("--notes-en", required=True, help="what is new, in English")
    pub.add_argument("--min-from-version", help="panels older than this must install an "
                     "intermediate version first")
    return p


def _settings(args: argparse.Namespace):
    resources = getattr(args, "resources", RESOURCES_DIR)
    pool = DbPool(size=args.db_pool_size, max_overflow=args.db_max_overflow,
                  timeout_s=args.db_pool_timeout, connect_timeout_s=args.db_connect_timeout)
    return make_settings(
        args.data, database_url=args.database, db_pool=pool,
        documents_dir=resources / "documents",
        catalog_dir=resources / "rate_plans" / "catalog",
        manuals_dir=resources / "manuals",
        municipalities_csv=resources / "municipalities" / "municipalities.csv",
        jma_areas_csv=resources / "weather" / "jma_areas.csv",
        weather=getattr(args, "weather", "synthetic"),
        weather_seed=getattr(args, "weather_seed", 1),
        open_meteo_url=getattr(args, "open_meteo_url", Settings.open_meteo_url),
        jma_url=getattr(args, "jma_url", Settings.jma_url),
        weather_upstream_per_minute=getattr(args, "weather_upstream_per_minute",
                                            Settings.weather_upstream_per_minute),
        max_backup_bytes=getattr(args, "max_backup_mib", 256) * MIB,
        blob_url=getattr(args, "blob_url", None),
        s3_endpoint=getattr(args, "s3_endpoint", None),
        s3_region=getattr(args, "s3_region", None),
        s3_multipart_threshold=getattr(args, "s3_multipart_threshold_mib", 16) * MIB,
        s3_part_size=getattr(args, "s3_part_mib", 8) * MIB,
        sweep_grace_s=getattr(args, "sweep_grace_s", Settings.sweep_grace_s),
        register_limit=getattr(args, "register_limit", 30),
        public_url=getattr(args, "public_url", None),
        trusted_proxies=tuple(getattr(args, "trusted_proxy", ())))


def _notice_command(args: argparse.Namespace) -> int:
    from server import notices
    from server.db import make_engine, session_scope
    from server.models import utcnow

    settings = _settings(args)
    engine = make_engine(settings.db_url, settings.db_pool)
    with session_scope(engine) as session:
        if args.action == "add":
            lamp = utcnow() + timedelta(days=args.lamp_days) if args.lamp_days else None
            n = notices.add_notice(session, kind=args.kind, importance=args.importance,
                                   title_ja=args.title_ja, title_en=args.title_en,
                                   body_ja=args.body_ja, body_en=args.body_en,
                                   expires=args.expires, lamp_until=lamp)
            print(n.id)
        else:
            for n in notices.page(session, 0, 10_000)[0]:
                print(f"{n.id}\t{n.kind}\t{n.importance}\t{n.published:%Y-%m-%d %H:%M}\t"
                      f"{n.title_ja}")
    engine.dispose()
    return 0


def _warn_command(args: argparse.Namespace, now: float) -> int:
    from server.db import make_engine, session_scope
    from server.municipalities import Municipalities
    from server.weather import warning_log

    settings = _settings(args)
    if args.kind and not args.city:
        print("hems-center warn: --kind needs --city", file=sys.stderr)
        return 2
    if args.city:
        town = Municipalities(settings.municipalities_csv).get(args.city)
        if town is None:
            print(f"hems-center warn: {args.city} is not a municipality code (JIS X 0402, "
                  "5 digits, as /v1/municipalities lists them)", file=sys.stderr)
            return 2
    engine = make_engine(settings.db_url, settings.db_pool)
    try:
        with session_scope(engine) as session:
            if args.kind:
                print(warning_log.inject(session, args.city, args.kind, args.level, now))
                session.commit()
            elif args.lift:
                if not warning_log.lift(session, args.lift, now):
                    print(f"hems-center warn: no injected warning {args.lift} is in force",
                          file=sys.stderr)
                    return 1
                session.commit()
                print(f"lifted {args.lift}")
            else:
                for w in warning_log.listing(session, args.city):
                    lifted = (datetime.fromtimestamp(w.lifted, UTC).isoformat(timespec="minutes")
                              if w.lifted is not None else "in force")
                    print(f"{w.id}\t{w.source}\t{w.kind}\t{w.level}\t"
                          f"{datetime.fromtimestamp(w.issued, UTC).isoformat(timespec='minutes')}"
                          f"\t{lifted}")
    finally:
        engine.dispose()
    return 0


def _keygen_command(args: argparse.Namespace) -> int:
    from server.updates import generate_key

    try:
        print(generate_key(args.out))
    except FileExistsError:
        print(f"hems-center keygen: {args.out} exists; not overwritten", file=sys.stderr)
        return 1
    return 0


def _publish_command(args: argparse.Namespace, now: float) -> int:
    from server.db import make_engine
    from server.updates import PublishError, load_private_key, publish, update_storage

    settings = _settings(args)
    engine = make_engine(settings.db_url, settings.db_pool)
    storage = update_storage(settings)
    try:
        signed = publish(engine, storage, args.wheel, load_private_key(args.key),
                         {"ja": args.notes_ja, "en": args.notes_en},
                         datetime.fromtimestamp(now, UTC), args.min_from_version)
    except (PublishError, ValueError, OSError) as exc:
        print(f"hems-center publish-update: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
        if hasattr(storage, "close"):
            storage.close()
    print(json.dumps(signed.manifest, ensure_ascii=False))
    return 0


def _write_port_file(path: Path, port: int) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # workers write it each
    tmp.write_text(f"{port}\n")
    os.replace(tmp, path)  # the reader never sees a half-written number


def listen_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket whose accepted connections asyncio sets to TCP_NODELAY.

    asyncio turns Nagle off only for sockets whose protocol is IPPROTO_TCP; with
    protocol 0 every small answer on a kept-alive connection waited ~40 ms for the
    peer's delayed ACK.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def uvicorn_config(app, log_level: str, workers: int = 1):
    import uvicorn

    # proxy_headers off: uvicorn would otherwise believe X-Forwarded-For from any
    # loopback peer; server.deps.client_address applies --trusted-proxy instead.
    return uvicorn.Config(app, log_level=log_level, access_log=False, proxy_headers=False,
                          limit_concurrency=4096, timeout_keep_alive=30, backlog=2048,
                          workers=workers, factory=isinstance(app, str))


def _on_ready(args: argparse.Namespace, port: int,
              worker: bool = False) -> Callable[[], None] | None:
    """Announce the port once ready. Each of `--workers` announces it; the first one
    is enough, and its reader (server.embedded) may have taken the file and its folder
    away before the next worker is ready: that worker must start all the same."""
    if not args.port_file:
        return None

    def announce() -> None:
        try:
            _write_port_file(args.port_file, port)
        except FileNotFoundError:
            if not worker:
                raise

    return announce


def worker_app():
    """The app of one `--workers` process (uvicorn spawns them and calls this)."""
    from server.app import create_app

    argv = json.loads(os.environ[WORKER_ARGV_ENV])
    args = build_parser().parse_args(argv["argv"])
    return create_app(_settings(args), on_ready=_on_ready(args, argv["port"], worker=True),
                      clock=args.demo_clock or time.time)


def serve(args: argparse.Namespace, storage=None, argv: list[str] | None = None) -> int:
    """Run uvicorn; `storage` replaces the file-system blob store (tests inject faults).
    `argv`: the command line, which `--workers` processes parse again."""
    from server.app import create_app
    from server.errors import DB_AWAY

    # Households' data: the database (and its -wal), the backup blobs and the logs are
    # the server's own, whatever umask it was started with (files 0600, folders 0700).
    os.umask(0o077)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s %(message)s")
    # Bind first, so --port 0 is resolved before the app starts and the port
    # file is written only once the socket is listening and the app is ready.
    sock = listen_socket(args.host, args.port)
    port = sock.getsockname()[1]
    try:
        if args.workers > 1:
            return _serve_workers(args, sock, port, argv if argv is not None else sys.argv[1:])
        app = create_app(_settings(args), storage=storage, on_ready=_on_ready(args, port),
                         clock=args.demo_clock or time.time)
    except DB_AWAY as exc:
        # At start-up there is nothing to serve: say why in one line; a service manager
        # starts us again (once running, a lost database is a 503 per request instead).
        print(f"hems-center: the database is unavailable: {str(exc).splitlines()[0]}",
              file=sys.stderr, flush=True)
        return 1
    config = uvicorn_config(app, args.log_level)
    print(f"hems-center listening on http://{args.host}:{port}", file=sys.stderr, flush=True)
    server = stopping_server(config, app.state.center.stopping)
    if args.parent_pid is not None:
        _stop_with_parent(server, args.parent_pid)
    server.run(sockets=[sock])
    return 0


def stopping_server(config, stopping: threading.Event):
    """A uvicorn server that sets `stopping` as soon as it begins to shut down, before it
    waits for open requests: the commands relay's long-polls answer then, not up to
    25 s later (uvicorn is imported here, with the app, not with the command line)."""
    import uvicorn

    class StoppingServer(uvicorn.Server):
        async def shutdown(self, sockets=None) -> None:
            stopping.set()
            await super().shutdown(sockets)

    return StoppingServer(config)


def _serve_workers(args: argparse.Namespace, sock: socket.socket, port: int,
                   argv: list[str]) -> int:
    """N processes accepting on one socket (uvicorn's supervisor restarts dead ones).
    Nothing is shared in memory: counters, locks and claims live in the database."""
    from uvicorn.supervisors import Multiprocess

    from server.db import make_engine

    settings = _settings(args)
    make_engine(settings.db_url, settings.db_pool).dispose()  # migrate once, before them
    os.environ[WORKER_ARGV_ENV] = json.dumps({"argv": argv, "port": port})
    config = uvicorn_config("server.main:worker_app", args.log_level, workers=args.workers)
    print(f"hems-center listening on http://{args.host}:{port} with {args.workers} workers",
          file=sys.stderr, flush=True)
    supervisor = Multiprocess(config, sockets=[sock])
    if args.parent_pid is not None:
        _watch_parent(args.parent_pid, lambda: supervisor.should_exit.is_set(),
                      supervisor.should_exit.set)
    supervisor.run()
    return 0


def _stop_with_parent(server, parent_pid: int) -> None:
    """An embedded server must not outlive a panel that was killed (no clean stop())."""
    _watch_parent(parent_pid, lambda: server.should_exit,
                  lambda: setattr(server, "should_exit", True))


def _watch_parent(parent_pid: int, stopping: Callable[[], bool],
                  stop: Callable[[], None]) -> None:
    def watch() -> None:
        while not stopping():
            if os.getppid() != parent_pid:  # re-parented: the panel is gone
                stop()
                return
            time.sleep(1.0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main(argv: list[str] | None = None, clock: Callable[[], float] = time.time) -> int:
    """`clock`: what "now" is for the admin commands (tests pin it)."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    if args.command == "notice":
        return _notice_command(args)
    if args.command == "warn":
        return _warn_command(args, clock())
    if args.command == "keygen":
        return _keygen_command(args)
    if args.command == "publish-update":
        return _publish_command(args, clock())
    if args.workers < 1:
        print("hems-center: --workers must be at least 1", file=sys.stderr)
        return 2
    return serve(args, argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
