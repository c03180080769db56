"""Panel updates (registered panels): the newest signed manifest and its wheel."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from server import updates
from server.deps import CenterDep, DeviceDep
from server.errors import ApiError
from server.routes.backups import storage_error

router = APIRouter()
_CHUNK = 256 * 1024


@router.get("/updates/latest")
def latest(_: DeviceDep, center: CenterDep) -> dict:
    """The manifest exactly as signed, and its signature (the panel checks both)."""
    signed = updates.latest(center.engine)
    if signed is None:
        raise ApiError(404, "no_update", "no update has been published")
    return signed


@router.get("/updates/{version}/bundle")
def bundle(version: str, _: DeviceDep, center: CenterDep) -> StreamingResponse:
    signed = updates.of_version(center.engine, version)
    if signed is None:
        raise ApiError(404, "not_found", f"no update {version}")
    key, size = signed["manifest"]["sha256"], signed["manifest"]["size"]
    try:
        blob = center.updates.get(key)
    except FileNotFoundError:
        raise ApiError(404, "not_found", f"the bundle of {version} is gone") from None
    except OSError as exc:
        raise storage_error(exc) from exc

    def chunks():
        with blob:
            while chunk := blob.read(_CHUNK):
                yield chunk

    return StreamingResponse(chunks(),
                             media_type="application/octet-stream",
                             headers={"Content-Length": str(size),
                                      "X-Update-SHA256": key})
