"""Registration, status, re-acceptance, unregistration and the backup schedule."""

from __future__ import annotations

import hmac
import json
import secrets
import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.exc import IntegrityError
from sqlmodel import select, update

from server import security, throttle
from server.db import session_scope
from server.deps import Center, CenterDep, DeviceDep, client_address, get_center, needs_acceptance
from server.errors import ApiError
from server.models import Device, iso, utcnow
from server.retention import delete_device_data
from server.schemas import Acceptance, CityChoice, Registration
from server.throttle import Limit

router = APIRouter()
REGISTER_SCOPE = "reg:"  # attempt counters of registrations, per client address


def _rate_limit_registration(request: Request) -> None:
    """Registrations per client address, counted in the database (exact across workers)."""
    center = get_center(request)
    s = center.settings
    limit = Limit(f"{REGISTER_SCOPE}{client_address(request)}", s.register_limit,
                  s.register_window_s)
    now = center.clock()
    with session_scope(center.engine) as session:
        wait = throttle.reserve(session, limit, now)
        if secrets.randbelow(100) == 0:
            throttle.prune(session, now, s.register_window_s, prefix=REGISTER_SCOPE)
        session.commit()
    if wait:
        raise ApiError(429, "rate_limited", "too many registrations from this address",
                       {"Retry-After": str(int(wait + 0.999))})


def _require_municipality(center: Center, prefecture: str, city_code: str, where: str) -> None:
    town = center.municipalities.get(city_code)
    if town is None or town.prefecture != prefecture:
        raise ApiError(422, "invalid_request", f"{where}city_code {city_code} is not a "
                       f"municipality of {where}prefecture {prefecture} (see "
                       "/v1/municipalities)")


def _require_current(center: Center, terms: str, privacy: str) -> None:
    cur_terms, cur_privacy = center.documents.current_versions()
    if (terms, privacy) != (cur_terms, cur_privacy):
        raise ApiError(409, "terms_not_accepted",
                       f"the current terms ({cur_terms}) and privacy policy ({cur_privacy}) "
                       "must be accepted")


@router.post("/devices", status_code=201, dependencies=[Depends(_rate_limit_registration)])
def register(body: Registration, center: CenterDep) -> dict:
    code = security.normalize_device_code(body.device_code)
    if code is None:
        raise ApiError(422, "invalid_device_code", "device code must be XXXX-XXXX-XXXX "
                       "in Crockford base32")
    _require_current(center, body.terms_version, body.privacy_version)
    hh = body.household
    _require_municipality(center, hh.prefecture, hh.city_code, "household.")
    token = security.new_token()
    confirmation = security.new_confirmation_code()
    salt = security.new_salt()
    issued = (security.token_hash(token), salt,
                security.confirmation_hash(confirmation, salt))
    try:
        device = _store_registration(center, body, code, *issued)
    except IntegrityError:
        # The same panel's other request (a retry while the first was in flight) inserted
        # the code between our read and our insert: the database let one insert win.
        # Now the code is there, and this request takes the "same panel again" path.
        try:
            device = _store_registration(center, body, code, *issued)
        except IntegrityError:
            raise ApiError(409, "already_registered",
                           "this device code is already registered") from None
    return {"device_id": device.id, "token": token, "confirmation_code": confirmation,
            "terms_version": device.terms_version, "privacy_version": device.privacy_version}


def _store_registration(center: Center, body: Registration, code: str, token_hash: str,
                        salt: str, confirmation_hash: str) -> Device:
    """Insert the device, or reissue the secrets of the same panel's registration."""
    hh = body.household
    key_hash = security.token_hash(body.registration_key)
    device = Device(
        id=uuid.uuid4().hex, device_code=code, token_hash=token_hash,
        registration_key_hash=key_hash,
        confirmation_salt=salt, confirmation_hash=confirmation_hash,
        terms_version=body.terms_version, privacy_version=body.privacy_version,
        prefecture=hh.prefecture, city_code=hh.city_code, postal_code=hh.postal_code,
        household_size=hh.household_size, building_type=hh.building_type,
        energies=json.dumps(hh.energies))
    with session_scope(center.engine) as session:
        existing = session.exec(select(Device).where(Device.device_code == code)).first()
        same_panel = existing is not None and hmac.compare_digest(
            existing.registration_key_hash or "", key_hash)
        if not same_panel and code != security.code_for_key(body.registration_key):
            # Whether or not the code is registered: nobody but the key's holder can
            # register it, so this answer says nothing about other panels.
            raise ApiError(422, "invalid_device_code",
                           "the device code does not belong to this registration key")
        if existing is not None and not same_panel:
            # A panel registered with a random code before codes came from keys and
            # the key of this one maps to it: 2^-60, but never hand its data over.
            raise ApiError(409, "already_registered", "this device code is already registered")
        if existing is not None:
            if existing.retired is not None:
                raise ApiError(409, "device_retired",
                               "this panel was replaced by another one; it can register "
                               "again once the takeover is complete")
            # The same panel again (its answer was lost): new token and code, same data.
            existing.token_hash = device.token_hash
            existing.confirmation_salt = salt
            existing.confirmation_hash = device.confirmation_hash
            existing.terms_version, existing.privacy_version = (body.terms_version,
                                                                body.privacy_version)
            existing.accepted = utcnow()
            device = existing
        session.add(device)
        session.commit()  # IntegrityError: a concurrent registration of the code won
    return device


def _state(center: Center, device: Device) -> dict:
    cur_terms, cur_privacy = center.documents.current_versions()
    town = center.municipalities.get(device.city_code) if device.city_code else None
    return {
        "device_id": device.id,
        "device_code": device.device_code,
        "registered": iso(device.registered),
        "terms_version": device.terms_version,
        "privacy_version": device.privacy_version,
        "current_terms_version": cur_terms,
        "current_privacy_version": cur_privacy,
        "needs_acceptance": needs_acceptance(center, device),
        "household": {
            "prefecture": device.prefecture, "city_code": device.city_code,
            "city_name": town.name if town else None,
            "postal_code": device.postal_code, "household_size": device.household_size,
            "building_type": device.building_type, "energies": json.loads(device.energies),
        },
    }


@router.get("/devices/me")
def me(device: DeviceDep, center: CenterDep) -> dict:
    return _state(center, device)


@router.post("/devices/me/acceptance")
def accept(body: Acceptance, device: DeviceDep,
           center: CenterDep) -> dict:
    _require_current(center, body.terms_version, body.privacy_version)
    with session_scope(center.engine) as session:
        row = session.get(Device, device.id)
        if row is None:  # unregistered meanwhile
            raise ApiError(401, "unauthorized", "unknown or revoked token")
        row.terms_version, row.privacy_version = body.terms_version, body.privacy_version
        row.accepted = utcnow()
        session.add(row)
        session.commit()
        return _state(center, row)


@router.put("/devices/me/city")
def choose_city(body: CityChoice, device: DeviceDep, center: CenterDep) -> dict:
    """The household's municipality (and prefecture), chosen from /v1/municipalities."""
    _require_municipality(center, body.prefecture, body.city_code, "")
    with session_scope(center.engine) as session:
        row = session.get(Device, device.id)
        if row is None:  # unregistered meanwhile
            raise ApiError(401, "unauthorized", "unknown or revoked token")
        row.prefecture, row.city_code = body.prefecture, body.city_code
        session.add(row)
        session.commit()
        return _state(center, row)


@router.post("/devices/me/token")
def rotate_token(device: DeviceDep, center: CenterDep) -> dict:
    """A new token for this device; the one that authenticated this request dies."""
    token = security.new_token()
    with session_scope(center.engine) as session:
        # Conditional on the old token: of two concurrent rotations one wins, and the
        # other is answered as its token now is, unknown.
        changed = session.exec(
            update(Device).where(Device.id == device.id,
                                 Device.token_hash == device.token_hash)
            .values(token_hash=security.token_hash(token))).rowcount
        session.commit()
    if changed != 1:
        raise ApiError(401, "unauthorized", "unknown or revoked token",
                       {"WWW-Authenticate": "Bearer"})
    return {"token": token}


@router.delete("/devices/me", status_code=204)
def unregister(device: DeviceDep,
               center: CenterDep) -> Response:
    delete_device_data(center, device.id, device.device_code)
    return Response(status_code=204)


@router.get("/devices/me/backup-time")
def backup_time(device: DeviceDep, center: CenterDep,
                day: Annotated[str, Query(alias="date", pattern=r"^\d{4}-\d{2}-\d{2}$")]) -> dict:
    try:
        date.fromisoformat(day)
    except ValueError:
        raise ApiError(422, "invalid_request", "date must be a real YYYY-MM-DD") from None
    minute = security.backup_minute(center.settings.schedule_key, device.id, day)
    return {"date": day, "time": f"{minute // 60:02d}:{minute % 60:02d}"}
