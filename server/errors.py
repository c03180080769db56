"""One JSON error shape for every failure: {"error": {"code": ..., "message": ...}}."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}},
                        status_code=status, headers=headers)


# The database is away (down, restarting, unreachable, every connection busy): the panel
# retries after this many seconds (app/cloud retries 503 and honours Retry-After).
DB_RETRY_AFTER_S = 30
# OperationalError: connection refused or lost, the server shutting down, SQLite busy past
# its timeout; InterfaceError: a connection closed under us; the pool's TimeoutError: no
# free connection within Settings.db_pool.timeout_s.
DB_AWAY = (OperationalError, InterfaceError, PoolTimeout)

_HTTP_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type"}


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        # Say which field is wrong, but not the whole pydantic dump.
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(422, "invalid_request", "; ".join(parts) or "invalid request")

    async def _database_away(_: Request, exc: Exception) -> JSONResponse:
        # Not our bug and not the client's: one line in the log, no traceback to anyone.
        log.warning("database unavailable: %s", str(exc).splitlines()[0][:300])
        return error_response(503, "unavailable", "the server's database is unavailable; "
                              "try again later", {"Retry-After": str(DB_RETRY_AFTER_S)})

    for kind in DB_AWAY:
        app.add_exception_handler(kind, _database_away)

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        # Logged by the server; the client only learns that it was our fault.
        log.exception("unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "the server failed; try again later")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # Starlette's "error parsing the body" (invalid UTF-8, JSON nested too deep):
            # a malformed request, which the contract answers with 422.
            return error_response(422, "invalid_request", "the body is not valid JSON")
        code = _HTTP_CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, code, str(exc.detail),
                              getattr(exc, "headers", None))
