"""Notices: folding, the lamp over time, a server notice (parsed by the cloud client)."""

from __future__ import annotations

from datetime import datetime

from app.cloud.client import _notice as parse_server_notice  # the one parser of the wire
from app.domain.notices import (
    Importance,
    LampState,
    NoticeSource,
    Template,
    device_error_notice,
    fold,
    home_notice,
    lamp_state,
    next_lamp_change,
    server_notice,
)

T0 = 1_784_001_600.0


def _server(**changes):
    """A notice as the server sends it, through the cloud client's parser, into the inbox."""
    data = {"id": "n-1", "kind": "maintenance", "importance": "normal",
            "published": "2026-07-14T09:00:00+09:00", "expires": None, "lamp_until": None,
            "title": {"ja": "メンテナンスのお知らせ", "en": "Maintenance"},
            "body": {"ja": "11月30日 2:00〜4:00 に停止します。", "en": "Down 2:00-4:00."}}
    data.update(changes)
    n = parse_server_notice(data)
    return server_notice(n.id, n.kind, n.importance, n.published, n.title, n.body,
                         expires=n.expires, lamp_until=n.lamp_until)


def test_folding_the_same_error_counts_up_and_is_unread_again() -> None:
    first = device_error_notice("127.0.0.9/026B01", "", 0x3C, "repair", T0)
    n = first
    for i in range(1, 50):
        n = fold(n, device_error_notice("127.0.0.9/026B01", "", 0x3C, "repair", T0 + i))
    assert n.count == 50 and n.at == T0 + 49 and n.first_at == T0
    read = fold(type(n)(**{**_fields(n), "read": True}), first)
    assert read.read is False and read.count == 51


def _fields(n) -> dict:
    return {f: getattr(n, f) for f in n.__dataclass_fields__}


def test_fold_keys_tell_devices_and_codes_apart() -> None:
    a = device_error_notice("127.0.0.9/026B01", "", 0x3C, "repair", T0)
    assert a.fold_key != device_error_notice("127.0.0.9/013001", "", 0x3C, "repair", T0).fold_key
    assert a.fold_key != device_error_notice("127.0.0.9/026B01", "", 0x05, "repair", T0).fold_key
    assert a.template == "device_error" and a.args["code"] == 0x3C  # translatable, not text


def test_lamp_is_off_on_or_blinks_and_follows_lamp_until() -> None:
    normal = home_notice(Template.BACKUP_FAILED, T0)
    important = home_notice(Template.BACKUP_FAILED, T0, importance=Importance.IMPORTANT)
    assert lamp_state([], T0) is LampState.OFF
    assert lamp_state([normal], T0) is LampState.ON
    assert lamp_state([normal, important], T0) is LampState.BLINK
    read = fold(normal, normal).__class__(**{**_fields(normal), "read": True})
    assert lamp_state([read], T0) is LampState.OFF
    asks = read.__class__(**{**_fields(read), "lamp_until": T0 + 3600})
    assert lamp_state([asks], T0 + 10) is LampState.ON
    assert lamp_state([asks], T0 + 3600) is LampState.OFF  # the period is over
    assert next_lamp_change([asks], T0) == T0 + 3600
    expired = normal.__class__(**{**_fields(important), "expires_at": T0 + 60})
    assert lamp_state([expired], T0 + 59) is LampState.BLINK
    assert lamp_state([expired], T0 + 60) is LampState.OFF


def test_a_server_notice_is_parsed_with_both_languages() -> None:
    n = _server(lamp_until="2026-07-15T09:00:00+09:00")
    assert n.source is NoticeSource.SERVER and n.template == "maintenance"
    assert n.title["ja"] == "メンテナンスのお知らせ" and n.body["en"] == "Down 2:00-4:00."
    assert n.at == T0 - 4 * 3600 and n.lamp_until == n.at + 86400
    assert n.fold_key == "server:n-1"


def test_the_notice_kinds_the_server_sends_are_its_own() -> None:
    """No 'terms_change' or 'published_at' of a shape the server never sends."""
    n = _server(kind="terms", importance="important")
    assert n.template == "terms" and n.importance is Importance.IMPORTANT
    assert n.at == datetime.fromisoformat("2026-07-14T09:00:00+09:00").timestamp()


def test_a_resent_server_notice_keeps_its_read_state_and_count() -> None:
    first = _server()
    read = first.__class__(**{**_fields(first), "read": True, "id": 7})
    again = fold(read, _server(title={"ja": "更新", "en": "Updated"}))
    assert again.read and again.count == 1 and again.id == 7 and again.title["ja"] == "更新"
