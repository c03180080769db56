"""The panel's client of the center server (API contract: server/README.md).

One method per endpoint, each returning frozen dataclasses or raising a
`CloudError`: `Unreachable`, `ServerError`, `Rejected` (`Unauthorized` for 401,
`CityRequired` when the household's municipality must be chosen again) or
`BadResponse`. Blocking; services call it from a worker thread.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import requests

from app.cloud import models as m
from app.cloud.errors import BadResponse, Rejected, Unauthorized, Unreachable
from app.cloud.token_store import StoredRegistration, TokenStore
from app.cloud.transport import Http, RetryPolicy, json_of
from app.domain.household import Household, Municipality, Registration
from app.domain.update_manifest import Manifest, SignedManifest, UpdateRefused
from app.domain.weather import WeatherForecast
from app.domain.weather_json import ForecastFormatError, forecast_from_json
from app.store.backup.archive_file import file_sha256

_CHUNK = 256 * 1024
# What requests raises while a body streams in (truncated, cut, malformed chunks).
_STREAM_ERRORS = (requests.exceptions.ChunkedEncodingError,
                  requests.exceptions.ContentDecodingError,
                  requests.exceptions.ConnectionError, requests.exceptions.Timeout)


def _field(obj: Any, key: str, kind: type | tuple[type, ...], optional: bool = False) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise BadResponse(f"answer lacks {key!r}")
    value = obj[key]
    if value is None and optional:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BadResponse(f"{key!r} has the wrong type: {value!r:.60}")
    return value


def _time(obj: Any, key: str, optional: bool = False) -> datetime | None:
    text = _field(obj, key, str, optional)
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadResponse(f"{key!r} is not a time: {text!r:.40}") from exc


def _backup(obj: Any) -> m.BackupInfo:
    created = _time(obj, "created") if isinstance(obj, dict) and "created" in obj else None
    return m.BackupInfo(id=_field(obj, "id", str), kind=_field(obj, "kind", str),
                        base=_field(obj, "base", str, optional=True),
                        size=_field(obj, "size", int), sha256=_field(obj, "sha256", str),
                        created=created)


def _household(obj: Any) -> Household:
    def optional(key: str) -> str | None:  # absent from servers before city codes
        return _field(obj, key, str, optional=True) if isinstance(obj, dict) and key in obj \
            else None

    return Household(prefecture=_field(obj, "prefecture", str), city_code=optional("city_code"),
                       city_name=optional("city_name"),
                       building_type=_field(obj, "building_type", str),
                       energies=tuple(_field(obj, "energies", list)),
                       postal_code=_field(obj, "postal_code", str, optional=True),
                       household_size=_field(obj, "household_size", int, optional=True))


def _status(d: Any) -> m.DeviceStatus:
    """The registered device's state (GET /v1/devices/me, and the answer of its changes)."""
    return m.DeviceStatus(
        device_id=_field(d, "device_id", str), device_code=_field(d, "device_code", str),
        terms_version=_field(d, "terms_version", str),
        privacy_version=_field(d, "privacy_version", str),
        current_terms_version=_field(d, "current_terms_version", str, True),
        current_privacy_version=_field(d, "current_privacy_version", str, True),
        needs_acceptance=_field(d, "needs_acceptance", bool),
        household=_household(_field(d, "household", dict)))


def _notice(obj: Any) -> m.Notice:
    return m.Notice(id=_field(obj, "id", str), kind=_field(obj, "kind", str),
                    importance=_field(obj, "importance", str), published=_time(obj, "published"),
                    expires=_time(obj, "expires", True), lamp_until=_time(obj, "lamp_until", True),
                    title=_field(obj, "title", dict), body=_field(obj, "body", dict))


class CenterClient:
    def __init__(self, base_url: str, token_store: TokenStore, ca_bundle: str | None = None,
                 timeout: tuple[float, float] = (3.05, 20), *, retry: RetryPolicy | None = None,
                 sleep=None, allow_insecure_http: bool = False, today=None) -> None:
        kwargs = {"sleep": sleep} if sleep else {}
        self.http = Http(base_url, ca_bundle=ca_bundle, timeout=timeout,
                         retry=retry or RetryPolicy(), allow_insecure_http=allow_insecure_http,
                         **kwargs)
        self.store = token_store
        self._today = today or date.today

    def close(self) -> None:
        self.http.close()

    def _token(self) -> str:
        token = self.store.token
        if not token:
            raise Unauthorized("not_registered", "this panel is not registered", 401)
        return token

    def _call(self, method: str, path: str, **kw) -> Any:
        auth = kw.pop("auth", True)
        response = self.http.request(method, path, token=self._token() if auth else None, **kw)
        with response:
            return json_of(response)

    # Public documents
    def documents(self) -> dict[str, m.DocumentVersion]:
        data = self._call("GET", "/v1/documents", auth=False)
        if not isinstance(data, dict):
            raise BadResponse("documents: not an object")
        return {kind: m.DocumentVersion(kind, _field(v, "version", str),
                                        tuple(_field(v, "languages", list)))
                for kind, v in data.items()}

    def document(self, kind: str, version: str, lang: str) -> m.Document:
        d = self._call("GET", f"/v1/documents/{kind}/{version}", params={"lang": lang},
                       auth=False)
        return m.Document(_field(d, "kind", str), _field(d, "version", str),
                          _field(d, "lang", str), _field(d, "title", str), _field(d, "body", str))

    def municipalities(self, prefecture: str) -> tuple[Municipality, ...]:
        """The municipalities of a prefecture ("01"–"47") a household chooses from."""
        d = self._call("GET", "/v1/municipalities", params={"prefecture": prefecture},
                       auth=False)

        def point(obj: Any, key: str) -> float | None:
            value = _field(obj, key, (int, float), optional=True)
            return None if value is None else float(value)

        return tuple(Municipality(_field(x, "code", str), _field(x, "prefecture", str),
                                    _field(x, "name", str), _field(x, "kana", str),
                                    point(x, "lat"), point(x, "lon"))
                     for x in _field(d, "municipalities", list))

    # Registration
    def register(self, household: Household, terms_version: str,
                 privacy_version: str) -> Registration:
        code = self.store.device_code()
        body = {"device_code": code, "registration_key": self.store.registration_key(),
                "terms_version": terms_version, "privacy_version": privacy_version,
                "household": {"prefecture": household.prefecture,
                              "city_code": household.city_code,
                              "postal_code": household.postal_code,
                              "household_size": household.household_size,
                              "building_type": household.building_type,
                              "energies": list(household.energies)}}
        # Safe to retry: with our registration key the server reissues a token it gave
        # in an answer that was lost, rather than refusing the code as taken.
        d = self._call("POST", "/v1/devices", json=body, auth=False)
        reg = Registration(device_id=_field(d, "device_id", str), device_code=code,
                             confirmation_code=_field(d, "confirmation_code", str),
                             terms_version=_field(d, "terms_version", str),
                             privacy_version=_field(d, "privacy_version", str))
        self.store.save(StoredRegistration(token=_field(d, "token", str), device_id=reg.device_id,
                                           terms_version=reg.terms_version,
                                           privacy_version=reg.privacy_version,
                                           server_url=self.http.base_url,
                                           token_issued=self._today().isoformat()))
        return reg

    def rotate_token(self) -> None:
        """Replace the token: the server kills the old one and returns a new one, which
        is stored (0600) before this returns.

        Not retried once sent: if the answer is lost the old token is dead and the new
        one unknown, and `register()` (with this panel's key) recovers a token.
        """
        stored = self.store.load()
        if stored is None:
            raise Unauthorized("not_registered", "this panel is not registered", 401)
        response = self.http.request("POST", "/v1/devices/me/token", token=stored.token,
                                     idempotent=False)
        with response:
            d = json_of(response)
        self.store.save(dataclasses.replace(stored, token=_field(d, "token", str),
                                            token_issued=self._today().isoformat()))

    def token_age_days(self) -> int | None:
        """Days since the stored token was issued; None when unknown or unregistered."""
        stored = self.store.load()
        if stored is None or not stored.token_issued:
            return None
        try:
            return (self._today() - date.fromisoformat(stored.token_issued)).days
        except ValueError:
            return None

    def status(self) -> m.DeviceStatus:
        return _status(self._call("GET", "/v1/devices/me"))

    def choose_city(self, prefecture: str, city_code: str) -> m.DeviceStatus:
        """The household's municipality chosen again (a registration from before city codes,
        or a move); the server checks it like a registration's (422 otherwise)."""
        return _status(self._call("PUT", "/v1/devices/me/city",
                                  json={"prefecture": prefecture, "city_code": city_code}))

    def accept(self, terms_version: str, privacy_version: str) -> m.DeviceStatus:
        self._call("POST", "/v1/devices/me/acceptance",
                   json={"terms_version": terms_version, "privacy_version": privacy_version})
        stored = self.store.load()
        if stored:
            self.store.save(dataclasses.replace(stored, terms_version=terms_version,
                                                privacy_version=privacy_version))
        return self.status()

    def unregister(self) -> None:
        """Delete everything on the server, then forget the token.

        A 401 means the server no longer knows this token (e.g. an earlier delete
        whose answer was lost): there is nothing left there either.
        """
        try:
            self.http.request("DELETE", "/v1/devices/me", token=self._token()).close()
        except Unauthorized:
            pass
        self.store.clear()

    def backup_time(self, day: date) -> str:
        d = self._call("GET", "/v1/devices/me/backup-time", params={"date": day.isoformat()})
        return _field(d, "time", str)

    # Backups
    def upload_backup(self, path: Path, kind: str, base: str | None = None) -> m.BackupInfo:
        """Stream a backup file; the server checks its SHA-256 before keeping it."""
        path = Path(path)
        headers = {"Content-Type": "application/octet-stream", "X-Backup-Kind": kind,
                   "X-Backup-SHA256": file_sha256(path)}
        if base:
            headers["X-Backup-Base"] = base
        opened: list = []

        def body():  # a fresh file object for every attempt
            f = open(path, "rb")
            opened.append(f)
            return f

        try:
            return _backup(self._call("POST", "/v1/devices/me/backups", body=body,
                                      headers=headers))
        finally:
            for f in opened:
                f.close()

    def backups(self) -> tuple[m.BackupInfo, ...]:
        d = self._call("GET", "/v1/devices/me/backups")
        return tuple(_backup(b) for b in _field(d, "backups", list))

    # Restore (replacing a panel)
    def start_restore(self, old_device_code: str, confirmation_code: str) -> m.RestorePlan:
        d = self._call("POST", "/v1/restore", json={"device_code": old_device_code,
                                                    "confirmation_code": confirmation_code})
        return m.RestorePlan(_field(d, "restore_id", str),
                             tuple(_backup(b) for b in _field(d, "chain", list)))

    def download_backup(self, restore_id: str, backup: m.BackupInfo, dest: Path) -> Path:
        """Stream one backup to `dest`; it appears there only when its SHA-256 matched."""
        return self._download(f"/v1/restore/{restore_id}/backups/{backup.id}", dest,
                              backup.size, backup.sha256, f"backup {backup.id}", BadResponse)

    def _download(self, path: str, dest: Path, size: int, sha256: str, what: str,
                  refuse: Callable[[str], Exception],
                  progress: Callable[[int, int], None] | None = None) -> Path:
        """Stream `path` to `dest`: it appears there only whole, `size` bytes with SHA-256
        `sha256` (else `refuse(message)` is raised); a connection that drops leaves
        nothing (Unreachable)."""
        dest = Path(dest)
        response = self.http.request("GET", path, token=self._token(), stream=True)
        digest, got = hashlib.sha256(), 0
        fd, tmp_name = tempfile.mkstemp(prefix=".download-", dir=dest.parent)
        tmp = Path(tmp_name)
        try:
            with response, os.fdopen(fd, "wb") as out:
                try:
                    for chunk in response.iter_content(_CHUNK):
                        digest.update(chunk)
                        got += len(chunk)
                        if got > size:  # never store more than was promised
                            raise refuse(f"{what} is larger than its {size} bytes; "
                                         "download stopped")
                        out.write(chunk)
                        if progress:
                            progress(got, size)
                except _STREAM_ERRORS as exc:
                    raise Unreachable(f"{what} broke off after {got} of {size} bytes: "
                                      f"{type(exc).__name__}") from exc
                out.flush()
                os.fsync(out.fileno())
            if got != size or digest.hexdigest() != sha256:
                raise refuse(f"{what} arrived damaged (size {got}, expected {size}, or "
                             "not its SHA-256)")
            os.replace(tmp, dest)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return dest

    # Rate plans and notices
    def rate_plans(self) -> tuple[m.RatePlanSummary, ...]:
        return self.rate_plan_listing().plans

    def rate_plan_listing(self) -> m.RatePlanListing:
        """The catalog's plans and its version (GET /v1/rate-plans)."""
        d = self._call("GET", "/v1/rate-plans")
        version = _field(d, "version", str, optional=True) if isinstance(d, dict) and \
            "version" in d else None
        return m.RatePlanListing(version, tuple(
            m.RatePlanSummary(_field(p, "id", str), _field(p, "name", dict),
                              _field(p, "company", dict), _field(p, "sha256", str))
            for p in _field(d, "plans", list)))

    def rate_plan_bytes(self, plan_id: str, sha256: str | None = None) -> bytes:
        """The plan file as the server sent it; BadResponse unless it has `sha256`."""
        response = self.http.request("GET", f"/v1/rate-plans/{plan_id}", token=self._token())
        with response:
            raw = response.content
        if sha256 and hashlib.sha256(raw).hexdigest() != sha256:
            raise BadResponse(f"rate plan {plan_id} does not match its listed SHA-256")
        return raw

    def rate_plan(self, plan_id: str, sha256: str | None = None) -> dict:
        raw = self.rate_plan_bytes(plan_id, sha256)
        try:
            plan = json.loads(raw)
        except ValueError as exc:
            raise BadResponse(f"rate plan {plan_id}: not JSON") from exc
        if not isinstance(plan, dict):
            raise BadResponse(f"rate plan {plan_id} is not a JSON object")
        return plan

    # Device manuals
    def manual_listing(self, etag: str | None = None) -> m.ManualListing | None:
        """GET /v1/manuals; None when the server says the listing is still `etag` (304)."""
        headers = {"If-None-Match": etag} if etag else None
        response = self.http.request("GET", "/v1/manuals", token=self._token(),
                                     headers=headers)
        with response:
            if response.status_code == 304:
                return None
            d = json_of(response)
            new_etag = response.headers.get("ETag")

        def summary(x: Any) -> m.ManualSummary:
            maker = _field(x, "maker", str, optional=True)
            try:
                return m.ManualSummary(int(_field(x, "class_code", str), 16),
                                       None if maker is None else int(maker, 16),
                                       _field(x, "version", str), _field(x, "sha256", str))
            except ValueError as exc:
                raise BadResponse(f"manual listing: not a hex code: {x!r:.80}") from exc

        return m.ManualListing(_field(d, "version", str), new_etag,
                               tuple(summary(x) for x in _field(d, "manuals", list)))

    def manual_bytes(self, class_code: int, maker: int | None, sha256: str) -> bytes:
        """A manual file as the server sent it; BadResponse unless it has `sha256`."""
        params = None if maker is None else {"maker": f"{maker:06X}"}
        response = self.http.request("GET", f"/v1/manuals/{class_code:04X}", params=params,
                                     token=self._token())
        with response:
            raw = response.content
        if hashlib.sha256(raw).hexdigest() != sha256:
            raise BadResponse(f"manual {class_code:04X}/{maker} does not match its listed "
                              "SHA-256")
        return raw

    def notices(self, since: str = "0", limit: int = 50) -> m.NoticePage:
        d = self._call("GET", "/v1/notices", params={"since": since, "limit": limit})
        return m.NoticePage(tuple(_notice(n) for n in _field(d, "notices", list)),
                            _field(d, "next", str))

    # Panel updates
    def latest_update(self) -> SignedManifest | None:
        """The newest published update as signed (not yet verified: the caller checks it
        with its keys); None when nothing is published. UpdateRefused for a bad shape."""
        try:
            d = self._call("GET", "/v1/updates/latest")
        except Rejected as exc:
            if exc.code == "no_update":
                return None
            raise
        return SignedManifest.from_json(d)

    def download_update(self, manifest: Manifest, dest: Path,
                        progress: Callable[[int, int], None] | None = None) -> Path:
        """Stream the wheel of a verified manifest to `dest`; it appears there only whole
        and with the signed SHA-256 (UpdateRefused "tampered" otherwise). A connection
        that drops leaves nothing (Unreachable)."""
        return self._download(f"/v1/updates/{manifest.version}/bundle", dest, manifest.size,
                              manifest.sha256, "the update",
                              lambda message: UpdateRefused("tampered", message), progress)

    # Remote view (a phone sees the home through the server)
    def remote_code(self) -> m.RemoteCode:
        """A new one-time login code and the phone link with it (valid minutes)."""
        d = self._call("POST", "/v1/devices/me/remote-codes")  # a retry: one more code
        return m.RemoteCode(_field(d, "code", str), _time(d, "expires"), _field(d, "url", str))

    def remote_tokens(self) -> tuple[m.RemoteTokenInfo, ...]:
        d = self._call("GET", "/v1/devices/me/remote-tokens")
        return tuple(m.RemoteTokenInfo(_field(t, "id", str), _field(t, "label", str),
                                       _time(t, "created"), _time(t, "last_used", True))
                     for t in _field(d, "tokens", list))

    def revoke_remote_token(self, token_id: str) -> None:
        """The phone can no longer see the home; Rejected (404) if it had no such token."""
        self.http.request("DELETE", f"/v1/devices/me/remote-tokens/{token_id}",
                          token=self._token()).close()

    def push_summary(self, summary: dict) -> m.PushAnswer:
        """Send the home's live summary (server/schemas.py Summary): when the server
        wants the next one, and whether it kept this one (only while a phone can see
        the home)."""
        d = self._call("PUT", "/v1/devices/me/summary", json=summary)
        every = _field(d, "push_every_s", int)
        if every <= 0:
            raise BadResponse(f"push_every_s must be positive: {every}")
        stored = _field(d, "stored", bool) if isinstance(d, dict) and "stored" in d else True
        return m.PushAnswer(every, stored)

    # The commands relay (a phone's app or a smart speaker, through the server)
    def report_remote_devices(self, allowed: bool, devices: list[dict]) -> None:
        """The devices remote callers may command, and whether the household allows it."""
        self._call("PUT", "/v1/devices/me/remote-devices",
                   json={"allowed": allowed, "devices": devices if allowed else []})

    def remote_orders(self, wait_s: float = 0.0) -> tuple[m.RemoteOrderWire, ...]:
        """Commands queued for this panel, each handed out once; waits up to `wait_s`
        (at most 25) for one to come. The read timeout allows for the wait."""
        connect, read = self.http.timeout
        d = self._call("GET", "/v1/devices/me/commands", params={"wait": wait_s},
                       timeout=(connect, read + wait_s))
        return tuple(m.RemoteOrderWire(_field(c, "id", str), _field(c, "device", str),
                                       _field(c, "action", str), _field(c, "value", (str, int)))
                     for c in _field(d, "commands", list))

    def remote_result(self, order_id: str, outcome: str, before: str | int | None,
                      after: str | int | None, detail: str) -> None:
        """What came of a command; Rejected (409) when the server no longer awaits it."""
        self._call("POST", f"/v1/devices/me/commands/{order_id}/result",
                   json={"outcome": outcome, "before": before, "after": after,
                         "detail": detail[:300]})

    # Weather
    def weather(self) -> WeatherForecast:
        """The forecast for the household's municipality (the server knows it)."""
        return self.weather_answer()[0]

    def weather_answer(self) -> tuple[WeatherForecast, str]:
        """The forecast and the answer's text exactly as received (what the panel keeps).
        A malformed forecast is refused with BadResponse naming the field."""
        response = self.http.request("GET", "/v1/weather", token=self._token())
        with response:
            raw = response.content
        try:
            text = raw.decode("utf-8")  # JSON is UTF-8 (RFC 8259), whatever the headers say
            return forecast_from_json(json.loads(text)), text
        except ForecastFormatError as exc:
            raise BadResponse(str(exc)) from exc
        except ValueError as exc:  # not UTF-8, not JSON
            raise BadResponse(f"weather forecast: not JSON: {raw[:80]!r}") from exc
