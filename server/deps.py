"""Shared state of one server (`Center`) and the dependencies routes use."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlmodel import select

from server.catalog import RatePlanCatalog
from server.commands import Changes
from server.config import Settings
from server.db import session_scope
from server.documents import DocumentStore
from server.errors import ApiError
from server.manuals import ManualShelf
from server.models import Device, RemoteToken
from server.municipalities import Municipalities
from server.remote_access import token_for
from server.security import token_hash
from server.storage import BlobStorage
from server.weather.service import WeatherService


@dataclass
class Center:
    settings: Settings
    engine: Engine
    storage: BlobStorage
    documents: DocumentStore
    catalog: RatePlanCatalog
    municipalities: Municipalities
    manuals: ManualShelf
    trusted_networks: list = field(default_factory=list)
    clock: Callable[[], float] = time.time  # Unix seconds: attempt counters, weather
    weather: WeatherService | None = None
    updates: BlobStorage | None = None  # update wheels: apart from backups (server.updates)
    # Set when the server begins to shut down: long-polls answer at once.
    stopping: threading.Event = field(default_factory=threading.Event)
    command_changes: Changes = field(default_factory=Changes)  # wakes this worker's polls


def get_center(request: Request) -> Center:
    return request.app.state.center


def _networks(entries: tuple[str, ...]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(e, strict=False) for e in entries]


def _parse_ip(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request: Request) -> str:
    """The address per-client limits count: the TCP peer, unless the peer is a trusted
    proxy; then the nearest X-Forwarded-For hop that is not itself a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    trusted = get_center(request).trusted_networks
    if not trusted:
        return peer

    def is_trusted(ip) -> bool:
        return ip is not None and any(ip in net for net in trusted)

    if not is_trusted(_parse_ip(peer)):
        return peer
    hops = [h for v in request.headers.getlist("x-forwarded-for") for h in v.split(",")]
    for hop in reversed(hops):
        ip = _parse_ip(hop)
        if ip is None:  # garbage in the header: stop at the last address we can vouch for
            return peer
        if not is_trusted(ip):
            return str(ip)
    return peer


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


REMOTE_COOKIE = "hems_remote"  # the phone page's session: HttpOnly, Secure, SameSite=Strict


def current_remote(request: Request) -> RemoteToken:
    """The remote-access token (a phone's or an app's) that came with the request, as a
    bearer token or the phone page's cookie, else 401. Scoped to one home: routes under
    /v1/homes/{home_id} check it with `remote_home`."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else ""
    token = token or request.cookies.get(REMOTE_COOKIE, "").strip()
    if not token:
        raise ApiError(401, "unauthorized", "a remote-access token is required",
                       {"WWW-Authenticate": "Bearer"})
    center = get_center(request)
    now = datetime.fromtimestamp(center.clock(), UTC)
    with session_scope(center.engine) as session:
        row = token_for(session, token, now)
        session.commit()
    if row is None:
        raise ApiError(401, "unauthorized", "unknown or revoked token",
                       {"WWW-Authenticate": "Bearer"})
    return row


def remote_home(remote: RemoteToken, home_id: str) -> str:
    """`home_id` if the token is that home's; another home's id answers 404, as an
    unknown one does, so a token learns nothing about other homes."""
    if remote.device_id != home_id:
        raise ApiError(404, "not_found", "no such home")
    return home_id


def needs_acceptance(center: Center, device: Device) -> bool:
    terms, privacy = center.documents.current_versions()
    return (terms, privacy) != (device.terms_version, device.privacy_version)


CenterDep = Annotated[Center, Depends(get_center)]
DeviceDep = Annotated[Device, Depends(current_device)]
RemoteDep = Annotated[RemoteToken, Depends(current_remote)]
