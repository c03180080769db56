"""The FastAPI application: routes under /v1, JSON errors, body-size limits."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import secrets
import time
from collections.abc import Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from server.catalog import RatePlanCatalog
from server.config import Settings
from server.db import make_engine, session_scope
from server.deps import Center, _networks
from server.documents import DocumentStore
from server.errors import error_response, install_handlers
from server.manuals import ManualShelf
from server.municipalities import Municipalities
from server.notices import ensure_terms_notice
from server.retention import housekeep
from server.routes import (
    backups,
    commands,
    devices,
    notices,
    phone,
    public,
    remote,
    restore,
    updates,
    weather,
)
from server.shared_state import HOUSEKEEPING_TURN, claim_turn, schedule_key
from server.storage import BlobStorage, open_storage
from server.updates import update_storage
from server.weather import service as weather_service

log = logging.getLogger(__name__)
BACKUP_UPLOAD_PATH = "/v1/devices/me/backups"


class BodyLimit:
    """413 for bodies over the limit: by Content-Length up front, else while reading.

    The backup upload has its own, larger limit and counts bytes itself as it streams.
    """

    def __init__(self, app: ASGIApp, json_limit: int) -> None:
        self.app = app
        self.json_limit = json_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (scope["path"] == BACKUP_UPLOAD_PATH
                                       and scope["method"] == "POST"):
            await self.app(scope, receive, send)
            return
        limit = self.json_limit
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                response = error_response(413, "too_large",
                                          f"request bodies may be at most {limit} bytes")
                await response(scope, receive, send)
                return
        seen = 0

        async def counting_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # An HTTPException, because FastAPI turns other errors while
                    # reading a body into 400.
                    raise HTTPException(413, f"request bodies may be at most {limit} bytes")
            return message

        await self.app(scope, counting_receive, send)


async def _housekeep(center: Center) -> None:
    try:
        await run_in_threadpool(housekeep, center)
    except OSError as exc:  # the blob store is down: serve anyway, sweep next time
        log.warning("housekeeping of backup blobs skipped: %s", exc)


def _my_turn(center: Center, interval_s: float) -> bool:
    return claim_turn(center.engine, HOUSEKEEPING_TURN, center.clock(), interval_s)


async def _housekeep_every(center: Center, interval_s: float) -> None:
    """Expired takeovers and orphans go within the hour, not at the next restart. Every
    worker asks each interval; one of them does the work (listing a fleet's bucket once
    an hour, not once per worker), and another takes over if that one is gone."""
    while interval_s > 0:
        await asyncio.sleep(interval_s)
        try:
            if await run_in_threadpool(_my_turn, center, interval_s):
                await _housekeep(center)
        except Exception:  # e.g. the database is down: next time, then
            log.exception("housekeeping failed")


def create_app(settings: Settings, storage: BlobStorage | None = None,
               on_ready: Callable[[], None] | None = None,
               clock: Callable[[], float] = time.time,
               update_blobs: BlobStorage | None = None) -> FastAPI:
    engine = make_engine(settings.db_url, settings.db_pool)
    # Every worker hashes backup times with the one key the database holds.
    settings = dataclasses.replace(settings, schedule_key=schedule_key(
        engine, settings.schedule_key or secrets.token_bytes(32)))
    blobs = storage or open_storage(settings)
    center = Center(settings=settings, engine=engine, storage=blobs, clock=clock,
                    documents=DocumentStore(settings.documents_dir),
                    catalog=RatePlanCatalog(settings.catalog_dir),
                    manuals=ManualShelf(settings.manuals_dir),
                    municipalities=Municipalities(settings.municipalities_csv),
                    trusted_networks=_networks(settings.trusted_proxies),
                    updates=update_blobs or update_storage(settings))
    center.weather = weather_service.build(settings, engine, center.municipalities)

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        # At start every worker sweeps (what a crash left is gone before serving), and
        # the periodic turn starts from here.
        await _housekeep(center)
        await run_in_threadpool(_my_turn, center, settings.housekeeping_s)
        with session_scope(engine) as session:
            ensure_terms_notice(session, center.documents)
        keeper = asyncio.create_task(_housekeep_every(center, settings.housekeeping_s))
        if on_ready:
            on_ready()
        yield
        center.stopping.set()
        keeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeper
        engine.dispose()
        if storage is None and hasattr(blobs, "close"):
            blobs.close()
        if update_blobs is None and hasattr(center.updates, "close"):
            center.updates.close()

    app = FastAPI(title="HEMS center server", version="1", lifespan=lifespan,
                  openapi_url="/v1/openapi.json", docs_url=None, redoc_url=None)
    app.state.center = center
    install_handlers(app)
    for module in (public, devices, backups, restore, notices, weather, updates, remote,
                   commands):
        app.include_router(module.router, prefix="/v1")
    app.include_router(phone.router)  # the phone page, at /r (the link the panel shows)
    app.add_middleware(BodyLimit, json_limit=settings.max_json_bytes)
    return app
