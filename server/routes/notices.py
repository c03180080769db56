"""GET /v1/notices: paging by an opaque cursor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from server import notices
from server.db import session_scope
from server.deps import CenterDep, DeviceDep
from server.errors import ApiError

router = APIRouter()
_MAX_CURSOR = 2**63 - 1


@router.get("/notices")
def list_notices(_: DeviceDep, center: CenterDep,
                 since: Annotated[str, Query(max_length=20)] = "0",
                 limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict:
    # A cursor is a notice id: a 64-bit integer in every database we run on.
    if not (since.isascii() and since.isdigit()) or int(since) > _MAX_CURSOR:
        raise ApiError(422, "invalid_request", "since must be a cursor from an earlier answer")
    with session_scope(center.engine) as session:
        notices.ensure_terms_notice(session, center.documents)  # new terms files appear live
        rows, nxt = notices.page(session, int(since), limit)
        return {"notices": [notices.notice_json(n) for n in rows], "next": str(nxt)}
