"""The commands relay's routes (server/commands.py, server/routes/commands.py), on both
engines: a caller queues, the panel claims once and reports, the caller learns whether it
really happened; replays, expiry on a pinned clock, other homes and bad input."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlmodel import select

from server import commands
from server import remote_access as ra
from server.db import session_scope
from server.models import HomeDevices, RemoteCommand
from server.retention import housekeep
from tests.fake_clock import FakeClock
from tests.server.conftest import make_center, register

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
LIGHT = {"id": "127.0.0.7/029001", "class": "0x0290", "name": "居間の照明",
         "actions": ["power"]}
AIRCON = {"id": "127.0.0.7/013001", "class": "0x0130", "name": "",
          "actions": ["power", "temperature"]}
BATTERY = {"id": "127.0.0.5/027D01", "class": "0x027D", "name": "蓄電池",
           "actions": ["battery_mode"]}


class Home:
    """A registered panel, a remote token of its home, and the server's pinned clock."""

    def __init__(self, api, clock: FakeClock, devices=(LIGHT, AIRCON, BATTERY),
                 allowed: bool = True) -> None:
        self.api = api
        self.panel = register(api)
        self.id = self.panel["device_id"]
        engine = api.app.state.center.engine
        with session_scope(engine) as session:
            code, _ = ra.issue_code(session, self.id, datetime.fromtimestamp(clock.t, UTC))
            session.commit()
        with session_scope(engine) as session:
            self.token, self.token_row = ra.redeem_code(session, code, "speaker", datetime.
                                                        fromtimestamp(clock.t, UTC))
            session.commit()
        self.auth = {"Authorization": f"Bearer {self.token}"}
        if devices is not None:
            self.report(list(devices), allowed)

    def report(self, devices: list[dict], allowed: bool = True):
        r = self.api.put("/v1/devices/me/remote-devices", headers=self.panel["auth"],
                         json={"allowed": allowed, "devices": devices})
        assert r.status_code == 200, r.text
        return r

    def post(self, request_id: str = "r1", device: str = LIGHT["id"], action: str = "power",
             value=None, home: str | None = None):
        body = {"request_id": request_id, "device": device, "action": action,
                "value": "on" if value is None else value}
        return self.api.post(f"/v1/homes/{home or self.id}/commands", json=body,
                             headers=self.auth)

    def get(self, command_id: str, **params):
        return self.api.get(f"/v1/homes/{self.id}/commands/{command_id}", params=params,
                            headers=self.auth)

    def claim(self, **params):
        r = self.api.get("/v1/devices/me/commands", params=params, headers=self.panel["auth"])
        assert r.status_code == 200, r.text
        return r.json()["commands"]

    def result(self, command_id: str, outcome: str = "done", before="off", after="on"):
        return self.api.post(f"/v1/devices/me/commands/{command_id}/result",
                             headers=self.panel["auth"],
                             json={"outcome": outcome, "before": before, "after": after,
                                   "detail": "confirmed"})


def _clock(api) -> FakeClock:
    clock = FakeClock(NOW.timestamp())
    api.app.state.center.clock = clock.now
    return clock


def test_a_command_is_queued_claimed_once_and_the_caller_learns_it_happened(api):
    clock = _clock(api)
    home = Home(api, clock)
    listed = api.get(f"/v1/homes/{home.id}/devices", headers=home.auth).json()
    assert listed["allowed"] and [d["id"] for d in listed["devices"]] == [
        LIGHT["id"], AIRCON["id"], BATTERY["id"]]
    assert listed["devices"][0]["name"] == "居間の照明"
    r = home.post()
    assert r.status_code == 202, r.text
    sent = r.json()
    assert sent["state"] == "queued" and sent["happened"] is None and sent["result"] is None
    assert sent["expires"] == "2026-12-05T09:02:00Z"
    got = home.claim()
    assert [(c["id"], c["device"], c["action"], c["value"]) for c in got] == [
        (sent["id"], LIGHT["id"], "power", "on")]
    assert home.claim() == []  # handed out once
    assert home.get(sent["id"]).json()["state"] == "delivered"
    done = home.result(sent["id"])
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert home.result(sent["id"]).status_code == 409  # answered already
    answer = home.get(sent["id"], wait=5).json()
    assert answer["state"] == "done" and answer["happened"] is True
    assert answer["result"] == {"before": "off", "after": "on", "detail": "confirmed"}


def test_the_same_request_id_is_the_same_command_never_a_second_one(api):
    clock = _clock(api)
    home = Home(api, clock)
    first = home.post("again").json()
    replay = home.post("again")
    assert replay.status_code == 200 and replay.json()["id"] == first["id"]
    [claimed] = home.claim()
    home.result(claimed["id"], "refused", before="off", after="off")
    replay = home.post("again")  # after its outcome: still the first, with its outcome
    assert replay.status_code == 200 and replay.json()["state"] == "refused"
    assert replay.json()["happened"] is False
    assert home.claim() == []
    other = home.post("again", value="off")  # the key reused for another command
    assert other.status_code == 409 and other.json()["error"]["code"] == "request_id_reused"
    with session_scope(api.app.state.center.engine) as session:
        assert len(session.exec(select(RemoteCommand)).all()) == 1


def test_commands_expire_undelivered_or_without_an_outcome(api):
    clock = _clock(api)
    home = Home(api, clock)
    late = home.post("late").json()
    clock.t += commands.QUEUE_TTL.total_seconds()
    assert home.claim() == []  # too late to do: never handed out
    gone = home.get(late["id"]).json()
    assert gone["state"] == "expired" and gone["happened"] is False
    lost = home.post("lost").json()
    [claimed] = home.claim()
    clock.t += commands.RESULT_TTL.total_seconds()
    unknown = home.get(lost["id"]).json()
    assert unknown["state"] == "expired" and unknown["happened"] is None  # nobody knows
    assert home.result(claimed["id"]).status_code == 409  # an outcome too late is refused
    assert home.get(lost["id"]).json()["state"] == "expired"


def test_two_polls_at_once_never_deliver_one_command_twice(api):
    clock = _clock(api)
    home = Home(api, clock)
    sent = {home.post(f"r{i}", value="on" if i % 2 else "off").json()["id"] for i in range(6)}
    start = threading.Barrier(2)
    got: list[list[dict]] = [[], []]

    def poll(i: int) -> None:
        start.wait()
        got[i] = home.claim()

    threads = [threading.Thread(target=poll, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = [c["id"] for batch in got for c in batch]
    assert sorted(ids) == sorted(sent)  # each once, none lost


def test_a_long_poll_answers_when_a_command_comes(api, monkeypatch):
    clock = _clock(api)
    home = Home(api, clock)
    looked = threading.Event()
    has_queued = commands.has_queued

    def first_look_empty(*args):  # the poll has looked once and found nothing
        got = has_queued(*args)
        looked.set()
        return got

    monkeypatch.setattr(commands, "has_queued", first_look_empty)
    got: list[dict] = []
    poller = threading.Thread(target=lambda: got.extend(home.claim(wait=commands.MAX_WAIT_S)))
    poller.start()
    assert looked.wait(10)
    sent = home.post().json()
    poller.join()
    assert [c["id"] for c in got] == [sent["id"]]


def test_a_long_poll_ends_when_the_server_stops(api):
    clock = _clock(api)
    home = Home(api, clock)
    api.app.state.center.stopping.set()
    assert home.claim(wait=commands.MAX_WAIT_S) == []  # at once, not in 25 s
    too_long = api.get("/v1/devices/me/commands", params={"wait": 26},
                       headers=home.panel["auth"])
    assert too_long.status_code == 422


def test_bad_commands_are_refused_with_a_clear_answer(api):
    clock = _clock(api)
    home = Home(api, clock)
    cases = [
        (dict(device="127.0.0.9/029001"), 404, "device_not_found"),
        (dict(action="open_window"), 422, "invalid_request"),
        (dict(device=AIRCON["id"], action="temperature", value=31), 422, "invalid_request"),
        (dict(device=AIRCON["id"], action="temperature", value=15), 422, "invalid_request"),
        (dict(device=AIRCON["id"], action="temperature", value="26"), 422, "invalid_request"),
        (dict(device=AIRCON["id"], action="power", value="dim"), 422, "invalid_request"),
        (dict(device=BATTERY["id"], action="battery_mode", value="test"), 422,
         "invalid_request"),
        (dict(action="temperature", value=26), 422, "invalid_request"),  # a light has none
    ]
    for i, (extra, status, code) in enumerate(cases):
        r = home.post(f"bad{i}", **extra)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), (extra, r.text)
    assert "16 to 30" in home.post("t", device=AIRCON["id"], action="temperature",
                                   value=40).json()["error"]["message"]
    ok = home.post("ok", device=AIRCON["id"], action="temperature", value=26)
    assert ok.status_code == 202
    with session_scope(api.app.state.center.engine) as session:
        assert len(session.exec(select(RemoteCommand)).all()) == 1


def test_a_panel_that_forbids_remote_commands_refuses_them(api):
    clock = _clock(api)
    home = Home(api, clock, allowed=False)
    r = home.post()
    assert r.status_code == 403 and r.json()["error"]["code"] == "remote_commands_off"
    listed = api.get(f"/v1/homes/{home.id}/devices", headers=home.auth).json()
    assert listed == {"allowed": False, "reported": True, "devices": []}
    home.report([LIGHT])
    queued = home.post().json()
    [claimed] = home.claim()  # switched off while it was on its way: the panel says so
    assert home.result(claimed["id"], "forbidden", None, None).json()["happened"] is False
    assert home.get(queued["id"]).json()["state"] == "forbidden"


def test_another_homes_token_finds_nothing_and_a_revoked_one_nothing_at_all(api):
    clock = _clock(api)
    one, two = Home(api, clock), Home(api, clock)
    sent = one.post().json()
    assert one.post(home=two.id).status_code == 404
    theirs = api.get(f"/v1/homes/{one.id}/commands/{sent['id']}", headers=two.auth)
    assert theirs.status_code == 404
    assert api.get(f"/v1/homes/{one.id}/devices", headers=two.auth).status_code == 404
    assert two.claim() == []  # the other panel gets none of it
    assert two.result(sent["id"]).status_code == 409
    assert one.get("nope").status_code == 404
    # The panel's own token is not a remote token, and a remote token is not a panel's.
    assert api.post(f"/v1/homes/{one.id}/commands", headers=one.panel["auth"],
                    json={"request_id": "x", "device": LIGHT["id"], "action": "power",
                          "value": "on"}).status_code == 401
    assert api.get("/v1/devices/me/commands", headers=one.auth).status_code == 401
    with session_scope(api.app.state.center.engine) as session:
        ra.revoke(session, one.id, one.token_row.id, NOW)
        session.commit()
    assert one.post("after").status_code == 401
    assert one.get(sent["id"]).status_code == 401


def test_reports_replace_the_list_and_are_checked(api):
    clock = _clock(api)
    home = Home(api, clock)
    home.report([BATTERY])
    assert home.post().status_code == 404  # the light is not listed any more
    twice = api.put("/v1/devices/me/remote-devices", headers=home.panel["auth"],
                    json={"allowed": True, "devices": [LIGHT, LIGHT]})
    assert twice.status_code == 422
    unknown = api.put("/v1/devices/me/remote-devices", headers=home.panel["auth"],
                      json={"allowed": True, "devices": [LIGHT | {"actions": ["open"]}]})
    assert unknown.status_code == 422


def test_old_commands_are_deleted_by_housekeeping_and_all_with_the_home(api):
    clock = _clock(api)
    home = Home(api, clock)
    home.post("old")
    clock.t += commands.KEEP.total_seconds() - 1
    home.post("new")
    clock.t += 2
    housekeep(api.app.state.center)
    with session_scope(api.app.state.center.engine) as session:
        assert [c.request_id for c in session.exec(select(RemoteCommand))] == ["new"]
    assert api.delete("/v1/devices/me", headers=home.panel["auth"]).status_code == 204
    with session_scope(api.app.state.center.engine) as session:
        assert session.exec(select(RemoteCommand)).all() == []
        assert session.exec(select(HomeDevices)).all() == []


def test_new_terms_pause_the_relay_until_the_household_accepts(tmp_path):
    with make_center(tmp_path) as api:
        clock = _clock(api)
        home = Home(api, clock)
        docs = tmp_path / "documents" / "terms"
        (docs / "2099-04-01.ja.md").write_text("# 新規約\n\n本文\n", encoding="utf-8")
        (docs / "2099-04-01.en.md").write_text("# New terms\n\nBody\n", encoding="utf-8")
        for got in (home.post(),
                    api.get("/v1/devices/me/commands", headers=home.panel["auth"]),
                    api.put("/v1/devices/me/remote-devices", headers=home.panel["auth"],
                            json={"allowed": True, "devices": [LIGHT]})):
            assert got.status_code == 409, got.text
            assert got.json()["error"]["code"] == "terms_not_accepted"
        home.report([], allowed=False)  # switching it off is always taken
        with session_scope(api.app.state.center.engine) as session:
            assert session.exec(select(RemoteCommand)).all() == []
