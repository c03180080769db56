"""Public reading: terms and privacy documents, the rate-plan catalog and device manuals."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

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


def _not_modified(etag: str, if_none_match: str | None) -> bool:
    """The panel already has this (RFC 9110 If-None-Match: a list of tags, or *)."""
    if not if_none_match:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag in tags


@router.get("/manuals")
def manuals(_: DeviceDep, center: CenterDep,
            if_none_match: Annotated[str | None, Header()] = None) -> Response:
    """Every device manual (class, maker, version, sha256); ETag: the listing's version."""
    listing = center.manuals.listing()
    etag = '"' + listing["version"] + '"'
    if _not_modified(etag, if_none_match):
        return Response(status_code=304, headers={"ETag": etag})
    return Response(json.dumps(listing), media_type="application/json",
                    headers={"ETag": etag})


@router.get("/manuals/{class_code}")
def manual(class_code: str, _: DeviceDep, center: CenterDep,
           maker: Annotated[str | None, Query(max_length=8)] = None,
           if_none_match: Annotated[str | None, Header()] = None) -> Response:
    """A class's manual, or (?maker=000000) that maker's notes for the class: the file's
    own bytes, so the sha256 in the listing matches what is received (and is the ETag)."""
    found = center.manuals.get(class_code, maker)
    if found is None:
        what = f"class {class_code}" + (f" of maker {maker}" if maker else "")
        raise ApiError(404, "not_found", f"no manual for {what}")
    etag = f'"{found.sha256}"'
    if _not_modified(etag, if_none_match):
        return Response(status_code=304, headers={"ETag": etag})
    return Response(found.raw, media_type="application/json", headers={"ETag": etag})
