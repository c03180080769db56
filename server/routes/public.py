"""Public reading: terms and privacy documents, and the rate-plan catalog."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from server.deps import CenterDep, DeviceDep
from server.errors import ApiError

router = APIRouter()


@router.get("/documents")
def documents(center: CenterDep) -> dict:
    return center.documents.current()


@router.get("/documents/{kind}/{version}")
def document(kind: str, version: str, center: CenterDep,
             lang: Annotated[str, Query(pattern="^(ja|en)$")] = "ja") -> dict:
    doc = center.documents.get(kind, version, lang)
    if doc is None:
        raise ApiError(404, "not_found", f"no {kind} version {version} in {lang}")
    return {"kind": doc.kind, "version": doc.version, "lang": doc.lang, "title": doc.title,
            "body": doc.body}


@router.get("/municipalities")
def municipalities(center: CenterDep,
                   prefecture: Annotated[str, Query(pattern=r"^(0[1-9]|[1-3][0-9]|4[0-7])$")]
                   ) -> dict:
    """The municipalities of one prefecture, in code order (public: no household data)."""
    return {"prefecture": prefecture,
            "municipalities": [m.json() for m in center.municipalities.of_prefecture(prefecture)]}


@router.get("/rate-plans")
def rate_plans(_: DeviceDep,
               center: CenterDep) -> dict:
    return center.catalog.listing()


@router.get("/rate-plans/{plan_id}")
def rate_plan(plan_id: str, _: DeviceDep,
              center: CenterDep) -> Response:
    raw = center.catalog.get(plan_id)
    if raw is None:
        raise ApiError(404, "not_found", f"no rate plan {plan_id}")
    # The file's own bytes, so the sha256 in the listing matches what is received.
    return Response(raw, media_type="application/json")
