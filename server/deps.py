"""Shared state of one server (`Center`) and the dependencies routes use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlmodel import select

from server.catalog import RatePlanCatalog
from server.config import Settings
from server.db import session_scope
from server.documents import DocumentStore
from server.errors import ApiError
from server.models import Device
from server.security import SlidingWindowLimiter, token_hash
from server.storage import BlobStorage


@dataclass
class Center:
    settings: Settings
    engine: Engine
    storage: BlobStorage
    documents: DocumentStore
    catalog: RatePlanCatalog
    register_limiter: SlidingWindowLimiter


def get_center(request: Request) -> Center:
    return request.app.state.center


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_device(request: Request) -> Device:
    """The device whose bearer token came with the request, else 401."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "a bearer token is required",
                       {"WWW-Authenticate": "Bearer"})
    center = get_center(request)
    with session_scope(center.engine) as session:
        device = session.exec(
            select(Device).where(Device.token_hash == token_hash(token.strip()))).first()
    if device is None:
        raise ApiError(401, "unauthorized", "unknown or revoked token",
                       {"WWW-Authenticate": "Bearer"})
    return device


def needs_acceptance(center: Center, device: Device) -> bool:
    terms, privacy = center.documents.current_versions()
    return (terms, privacy) != (device.terms_version, device.privacy_version)


CenterDep = Annotated[Center, Depends(get_center)]
DeviceDep = Annotated[Device, Depends(current_device)]
